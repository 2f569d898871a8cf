package io.aloft.runtime.store;

import io.aloft.runtime.config.AloftConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
 * <p>Several processes share one embedded server: the first starts it and writes its port to {@code
 * <home>/postgres.port}; later ones (the CLI beside a running daemon) connect to that port. The process
 * that started it stops it on {@link #close()}.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** In the shared cache folder: see {@link #prepareTemplate}. */
  static final String TEMPLATE = "pgdata-template";
  private static final String TEMPLATE_DONE = "aloft-template-complete";

  private final DataSource dataSource;
  private static final String ALIVE_BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final EmbeddedPostgres embedded;
  private final Path portFile;

  /** Stops the embedded server when the JVM exits without {@link #close}; null for an external server. */
  private final Thread exitHook;
  private boolean closed;

  private Database(DataSource dataSource, EmbeddedPostgres embedded, Path portFile) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.portFile = portFile;
    this.pool = pool(dataSource);
    this.jdbi = Jdbis.configure(Jdbi.create(pool).installPlugin(new PostgresPlugin()));
    this.exitHook = embedded == null ? null : Thread.ofPlatform().name("aloft-db-exit").unstarted(this::close);
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
  private static HikariDataSource pool(DataSource ds) {
    // Hikari checks a connection with a round trip when it was idle for more than 500 ms before handing it
    // out: that is every scheduler tick and the end of most tries here. Five seconds keeps the check for
    // connections idle long enough to have been dropped; a dead one still fails its statement and is evicted.
    if (System.getProperty(ALIVE_BYPASS) == null) {
      System.setProperty(ALIVE_BYPASS, "5000");
    }
    HikariConfig c = new HikariConfig();
    c.setDataSource(ds);
    c.setPoolName("aloft-db");
    c.setMaximumPoolSize(16);
    c.setMinimumIdle(1);
    c.setInitializationFailTimeout(-1); // reachability is checked before, with a message that says what to fix
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
      if (Files.isRegularFile(portFile)) {
        int port = Integer.parseInt(Files.readString(portFile).trim());
        DataSource shared = embeddedDataSource(port);
        if (canConnect(shared)) {
          return new Database(shared, null, null);
        }
      }
      Path data = home.resolve("pgdata");
      Path template = cacheFolder.resolve(TEMPLATE);
      EmbeddedPostgres pg;
      if (!Files.exists(data.resolve("PG_VERSION")) && Files.isRegularFile(template.resolve(TEMPLATE_DONE))) {
        copyTree(template, data);
        try {
          pg = startEmbedded(data);
        } catch (IOException | RuntimeException e) {
          // A template from other PostgreSQL binaries: start as if there were none, and make a new one later.
          LOG.warn("the embedded PostgreSQL did not start from the template {} ({}); initialising {} instead",
              template, e.getMessage(), data);
          FileUtils.deleteDirectory(template.toFile());
          FileUtils.deleteDirectory(data.toFile());
          pg = startEmbedded(data);
        }
      } else {
        pg = startEmbedded(data);
      }
      Files.writeString(portFile, Integer.toString(pg.getPort()), StandardCharsets.UTF_8);
      LOG.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), data);
      return new Database(embeddedDataSource(pg.getPort()), pg, portFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
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
    return ds;
  }

  private static boolean canConnect(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
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

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    removeExitHook();
    pool.close();
    if (embedded != null) {
      try {
        Files.deleteIfExists(portFile);
        embedded.close();
      } catch (IOException e) {
        LOG.warn("stopping the embedded PostgreSQL: {}", e.getMessage());
      }
    }
  }
}
