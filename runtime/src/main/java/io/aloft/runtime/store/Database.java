package io.aloft.runtime.store;

import io.aloft.runtime.config.AloftConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.file.PathUtils;

/**
 * The PostgreSQL that holds Aloft's state: an external server when {@code ALOFT_DATABASE_URL} is set,
 * otherwise an embedded one whose data lives in {@code <home>/pgdata} and survives restarts.
 *
 * <p>Several processes share one embedded server, coordinated through a file lock on {@code
 * <home>/postgres.lock} (and a lock per data directory within one JVM): whoever holds it finds the running
 * server (its {@code pgdata/postmaster.pid} names a live process, and its port; {@code <home>/postgres.port}
 * repeats the port) and connects, or starts one — copying the template once. A process that finds the lock
 * taken waits for it (a CLI call while the daemon starts), up to {@link #START_WAIT}. A server left behind
 * by a killed process is adopted the same way.
 *
 * <p>Each process keeps one presence connection open while it uses the server; on {@link #close()}, under
 * the lock, the last process connected stops the server, whoever started it, so {@code aloft standalone}
 * leaves no PostgreSQL running and a CLI call never stops the server under a daemon.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** In the shared cache folder: see {@link #prepareTemplate}. */
  static final String TEMPLATE = "pgdata-template";
  private static final String TEMPLATE_DONE = "aloft-template-complete";

  /** How long a process waits for another to start the embedded server before it gives up. */
  static final Duration START_WAIT = Duration.ofMinutes(2);
  /** File locks are per JVM; these keep two threads of one JVM from starting one data directory twice. */
  private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  /** Numbers the {@code Database}s of this process: each names its connections to an embedded server apart. */
  private static final java.util.concurrent.atomic.AtomicInteger OPENED = new java.util.concurrent.atomic.AtomicInteger();

  private final DataSource dataSource;
  private static final String ALIVE_BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  /** The one-connection pools handed out by {@link #dedicated}, closed with this database. */
  private final List<HikariDataSource> dedicated = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final EmbeddedPostgres embedded;
  private final Path portFile;
  /** The embedded data directory's home, for the shared-server hand-over at close; null for an external server. */
  private final Path home;
  /** Held open while this process uses a shared embedded server, so others can tell it is still in use. */
  private final Connection presence;

  /** Stops the embedded server when the JVM exits without {@link #close}; null for an external server. */
  private final Thread exitHook;
  private boolean closed;

  private Database(DataSource dataSource, EmbeddedPostgres embedded, Path portFile) {
    this(dataSource, embedded, portFile, null, null);
  }

  private Database(DataSource dataSource, EmbeddedPostgres embedded, Path portFile, Path home, Connection presence) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.portFile = portFile;
    this.home = home;
    this.presence = presence;
    this.pool = pool(dataSource, "aloft-db", 16);
    this.jdbi = Jdbis.configure(Jdbi.create(pool).installPlugin(new PostgresPlugin()));
    this.exitHook = home == null ? null : Thread.ofPlatform().name("aloft-db-exit").unstarted(this::close);
    if (exitHook != null) {
      Runtime.getRuntime().addShutdownHook(exitHook);
    }
  }

  /**
   * Hands stopping the embedded server at JVM exit over to the caller, who then closes this database in a
   * shutdown hook of its own, after the work that still writes to it (the daemon's running tries record
   * their end). JVM shutdown hooks run all at once, so a hook of the database's own would stop the server
   * under their feet.
   */
  public void closedAtExitByCaller() {
    removeExitHook();
  }

  private void removeExitHook() {
    if (exitHook != null && Thread.currentThread() != exitHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting: nothing to remove any more.
      }
    }
  }

  /**
   * Stores reach PostgreSQL through a small pool: opening a connection costs a TCP handshake, a login and
   * a server process (milliseconds to tens of milliseconds on a busy machine), and every store call opens
   * a handle. {@link #dataSource()} stays unpooled for long-lived connections such as LISTEN.
   */
  private static HikariDataSource pool(DataSource ds, String name, int size) {
    // Hikari checks a connection with a round trip when it was idle for more than 500 ms before handing it
    // out: that is every scheduler tick and the end of most tries here. Five seconds keeps the check for
    // connections idle long enough to have been dropped; a dead one still fails its statement and is evicted.
    if (System.getProperty(ALIVE_BYPASS) == null) {
      System.setProperty(ALIVE_BYPASS, "5000");
    }
    HikariConfig c = new HikariConfig();
    c.setDataSource(ds);
    c.setPoolName(name);
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(1);
    c.setInitializationFailTimeout(-1); // reachability is checked before, with a message that says what to fix
    // While PostgreSQL is down (restarted, unreachable) a caller waits this long for a connection, then gets a
    // SQLTransientConnectionException: the API answers 503 after it, the loops try again (StoreOutage). Hikari's
    // 30 s default would hold API requests and try threads for half a minute per attempt.
    c.setConnectionTimeout(10_000);
    return new HikariDataSource(c);
  }

  /** Opens the configured database and brings its schema up to date. */
  public static Database open(AloftConfig config) {
    Database db =
        config.database().map(Database::external).orElseGet(() -> embedded(config.home(), config.cacheFolder()));
    db.migrate();
    return db;
  }

  /** Connects to a server at a JDBC URL, without migrating (tests use this to share one server). */
  public static Database external(AloftConfig.DatabaseConfig cfg) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(cfg.url());
    ds.setUser(cfg.user());
    if (cfg.password() != null) {
      ds.setPassword(cfg.password());
    }
    checkReachable(ds, cfg.url());
    return new Database(ds, null, null);
  }

  private static Database embedded(Path home, Path cacheFolder) {
    Path portFile = home.resolve("postgres.port");
    try {
      Files.createDirectories(home);
      return underStartLock(home, () -> {
        Path data = home.resolve("pgdata");
        Integer port = runningPort(data);
        if (port != null) {
          DataSource shared = embeddedDataSource(port);
          Connection presence = connectWithin(shared, Duration.ofSeconds(10));
          if (presence != null) {
            Files.writeString(portFile, Integer.toString(port), StandardCharsets.UTF_8);
            LOG.info("Using the embedded PostgreSQL already running on port {} with data in {}", port, data);
            return new Database(shared, null, portFile, home, presence);
          }
          throw new IllegalStateException("the embedded PostgreSQL in " + data + " runs (pid " + pidOf(data)
              + ") but takes no connection on port " + port + ": stop that process, then start Aloft again");
        }
        EmbeddedPostgres pg = startFresh(data, cacheFolder);
        Files.writeString(portFile, Integer.toString(pg.getPort()), StandardCharsets.UTF_8);
        LOG.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), data);
        DataSource ds = embeddedDataSource(pg.getPort());
        return new Database(ds, pg, portFile, home, connectWithin(ds, Duration.ofSeconds(10)));
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
    }
  }

  private static EmbeddedPostgres startFresh(Path data, Path cacheFolder) throws IOException {
    Path template = cacheFolder.resolve(TEMPLATE);
    if (!Files.exists(data.resolve("PG_VERSION")) && Files.isRegularFile(template.resolve(TEMPLATE_DONE))) {
      // A copy interrupted by a kill leaves a partial tree without PG_VERSION (copied last is not
      // guaranteed): start from scratch rather than from half a cluster.
      FileUtils.deleteDirectory(data.toFile());
      copyTree(template, data);
      try {
        return startEmbedded(data);
      } catch (IOException | RuntimeException e) {
        // A template from other PostgreSQL binaries: start as if there were none, and make a new one later.
        LOG.warn("the embedded PostgreSQL did not start from the template {} ({}); initialising {} instead",
            template, e.getMessage(), data);
        FileUtils.deleteDirectory(template.toFile());
        FileUtils.deleteDirectory(data.toFile());
        return startEmbedded(data);
      }
    }
    return startEmbedded(data);
  }

  /** Work done while holding the data directory's start lock. */
  private interface LockedWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} holding {@code <home>/postgres.lock} (and the in-JVM lock of the same home), waiting
   * up to {@link #START_WAIT} for another process that holds it — typically a daemon starting.
   */
  private static <T> T underStartLock(Path home, LockedWork<T> work) throws IOException {
    ReentrantLock inJvm = IN_JVM.computeIfAbsent(home.toAbsolutePath().normalize(), k -> new ReentrantLock());
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    try {
      if (!inJvm.tryLock(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(waitedTooLong(home));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the embedded PostgreSQL in " + home, e);
    }
    try (FileChannel ch = FileChannel.open(home.resolve("postgres.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      boolean told = false;
      while (lock == null) {
        if (!told) {
          LOG.info("Another Aloft process is starting or stopping the embedded PostgreSQL in {} (the daemon is"
              + " starting?): waiting for it, up to {} s", home, START_WAIT.toSeconds());
          told = true;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(waitedTooLong(home));
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the embedded PostgreSQL in " + home, e);
        }
        lock = ch.tryLock();
      }
      try (FileLock held = lock) {
        return work.run();
      }
    } finally {
      inJvm.unlock();
    }
  }

  private static String waitedTooLong(Path home) {
    return "another Aloft process has held " + home.resolve("postgres.lock") + " for over " + START_WAIT.toSeconds()
        + " s while starting the embedded PostgreSQL: wait for it to finish, or stop it (see `ps -ef | grep aloft`)";
  }

  /**
   * The port of the server running on {@code data}, from its {@code postmaster.pid} (PostgreSQL writes the
   * pid on line 1 and the port on line 4); null when none runs. A pid file whose process is gone (a
   * killed machine) is removed, so that the start does not trip over it.
   */
  private static Integer runningPort(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return null;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    long pid = lines.isEmpty() ? -1 : parseOr(lines.get(0), -1);
    // A pid reused by another program after a reboot does not count: its command must be PostgreSQL's.
    boolean alive = pid > 0 && ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(h -> h.info().command().map(c -> c.contains("postgres")).orElse(true))
        .orElse(false);
    if (!alive) {
      LOG.info("removing {}: its server (pid {}) is not running", pidFile, pid);
      Files.deleteIfExists(pidFile);
      return null;
    }
    if (lines.size() < 4) {
      return null; // a server still writing its pid file: the caller's connect attempt waits for it
    }
    long port = parseOr(lines.get(3), -1);
    return port > 0 ? (int) port : null;
  }

  private static Long pidOf(Path data) {
    try {
      List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return lines.isEmpty() ? null : parseOr(lines.get(0), -1);
    } catch (IOException e) {
      return null;
    }
  }

  private static long parseOr(String s, long fallback) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A connection to {@code ds}, trying for up to {@code within} (a server still starting up); null if none. */
  private static Connection connectWithin(DataSource ds, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        Connection c = ds.getConnection();
        if (c.isValid(2)) {
          return c;
        }
        c.close();
      } catch (SQLException e) {
        // not yet
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static EmbeddedPostgres startEmbedded(Path data) throws IOException {
    Files.createDirectories(data);
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setRegisterShutdownHook(false) // ours stops it, in order (see closedAtExitByCaller)
        .start();
  }

  /**
   * Makes the template a new data directory's embedded PostgreSQL starts from, once per cache folder: a
   * freshly initialised, stopped cluster. Copying it takes a tenth of a second where {@code initdb} takes
   * about one (and a processor the first GraalPy context wants at the same time). The start-up training
   * calls this, so that a user's first {@code aloft standalone} finds it.
   */
  public static void prepareTemplate(Path cacheFolder) throws IOException {
    Path template = cacheFolder.resolve(TEMPLATE);
    if (Files.isRegularFile(template.resolve(TEMPLATE_DONE))) {
      return;
    }
    Path work = Files.createTempDirectory(Files.createDirectories(cacheFolder), "pgdata-tmp");
    try {
      startEmbedded(work.resolve("data")).close();
      Files.writeString(work.resolve("data").resolve(TEMPLATE_DONE), "initdb by Aloft's embedded PostgreSQL\n");
      FileUtils.deleteDirectory(template.toFile());
      Files.move(work.resolve("data"), template, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileUtils.deleteDirectory(work.toFile());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    PathUtils.copyDirectory(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    Files.delete(to.resolve(TEMPLATE_DONE));
    // PostgreSQL refuses a data directory that others can read.
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
  }

  private static DataSource embeddedDataSource(int port) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
    ds.setUser("postgres");
    // Tells this Database's connections from those of other processes (and other Databases of this one).
    ds.setApplicationName("aloft-" + ProcessHandle.current().pid() + "-" + OPENED.incrementAndGet());
    return ds;
  }

  private static void checkReachable(DataSource ds, String url) {
    try (Connection c = ds.getConnection()) {
      c.isValid(2);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to PostgreSQL at "
              + url
              + ": "
              + e.getMessage()
              + " (check ALOFT_DATABASE_URL, ALOFT_DATABASE_USER and ALOFT_DATABASE_PASSWORD, or unset"
              + " ALOFT_DATABASE_URL to use the embedded database)",
          e);
    }
  }

  /** Applies pending Flyway migrations. */
  public void migrate() {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A Jdbi over a pool of its own holding one connection, configured as {@link #jdbi()}, for a loop that must not
   * wait behind the shared pool's users: the scheduler's pass waited for one of the 16 shared connections while 64
   * tries held them (issue 18). Reconnects by itself after PostgreSQL comes back, as the shared pool does; closed
   * with this database. Thread-safe; meant for one thread, whose calls then never wait for a connection.
   *
   * @param name the pool's name (in Hikari's log lines and thread names)
   */
  /** The embedded server (started here or by another process on this data directory): its processes are this machine's. */
  public boolean embedded() {
    return home != null;
  }

  public Jdbi dedicated(String name) {
    HikariDataSource own = pool(dataSource, name, 1);
    dedicated.add(own);
    return Jdbis.configure(Jdbi.create(own).installPlugin(new PostgresPlugin()));
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    removeExitHook();
    dedicated.forEach(HikariDataSource::close);
    pool.close();
    if (home == null) {
      return;
    }
    try {
      presence.close();
    } catch (SQLException | RuntimeException e) {
      // the server is gone already
    }
    try {
      underStartLock(home, () -> {
        stopIfLast();
        return null;
      });
    } catch (IOException | RuntimeException e) {
      LOG.warn("stopping the embedded PostgreSQL in {}: {}", home, e.getMessage());
    }
  }

  /** Stops the shared embedded server unless another process still uses it. Called under the start lock. */
  private void stopIfLast() throws IOException {
    Path data = home.resolve("pgdata");
    // This Database's own last connections (a LISTEN loop that polls once a second) close within moments;
    // stopping the server under them would log their termination as an error.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (clients(true) instanceof Integer own && own > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Integer others = clients(false);
    if (others != null && others > 0) {
      LOG.info("The embedded PostgreSQL in {} stays up: {} other connection(s) use it; the last process to close"
          + " stops it", data, others);
      return;
    }
    Files.deleteIfExists(portFile);
    if (embedded != null) {
      embedded.close(); // pg_ctl stop: waits for the server to exit
      return;
    }
    // Started by a process that has gone (or stayed up for us): a "fast" stop, as pg_ctl would do it.
    Long pid = pidOf(data);
    if (pid == null || pid <= 0) {
      return;
    }
    Optional<ProcessHandle> server = ProcessHandle.of(pid);
    if (server.isEmpty()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      server.get().onExit().get(30, TimeUnit.SECONDS);
      LOG.info("Embedded PostgreSQL (pid {}) stopped", pid);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("the embedded PostgreSQL (pid {}) did not stop within 30 s: {}", pid, e.toString());
    }
  }

  /**
   * Client connections to the server besides this check's own: this process's ({@code own}) or other
   * processes'; null when the server cannot be reached.
   */
  private Integer clients(boolean own) {
    try (Connection c = dataSource.getConnection();
        var st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
            + " AND pid <> pg_backend_pid() AND (application_name = ?) = ?")) {
      st.setString(1, ((PGSimpleDataSource) dataSource).getApplicationName());
      st.setBoolean(2, own);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      return null;
    }
  }
}
