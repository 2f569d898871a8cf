package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes (and threads) sharing one data directory share one embedded PostgreSQL: they never start two
 * servers on one {@code pgdata}, the last one to close stops it, and one left by a killed process is
 * adopted and then stopped.
 */
class SharedEmbeddedIT {

  @TempDir Path tmp;

  private AloftConfig config(Path home) {
    return ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_CACHE_FOLDER", tmp.resolve("cache").toString()), tmp, tmp);
  }

  private static int port(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT current_setting('port')::int").mapTo(Integer.class).one());
  }

  private static boolean serverRuns(Path home) throws Exception {
    Path pid = home.resolve("pgdata/postmaster.pid");
    if (!Files.exists(pid)) {
      return false;
    }
    long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
    return ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void twoThreadsOpeningOneFreshHomeShareOneServerAndTheLastStopsIt() throws Exception {
    Database.prepareTemplate(tmp.resolve("cache"));
    Path home = tmp.resolve("threads");
    List<Database> opened = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Callable<Database> open = () -> Database.open(config(home));
      Future<Database> a = pool.submit(open);
      Future<Database> b = pool.submit(open);
      opened.add(a.get(3, TimeUnit.MINUTES));
      opened.add(b.get(3, TimeUnit.MINUTES));
    }
    assertThat(port(opened.get(0))).isEqualTo(port(opened.get(1)));
    opened.get(0).close();
    assertThat(port(opened.get(1))).as("the other user keeps the server").isPositive();
    assertThat(serverRuns(home)).isTrue();
    opened.get(1).close();
    assertThat(serverRuns(home)).as("the last one to close stops it").isFalse();
  }

  @Test
  void twoProcessesStartingOnOneFreshHomeBothSucceed() throws Exception {
    Database.prepareTemplate(tmp.resolve("cache"));
    Path home = tmp.resolve("processes");
    List<Process> ps = List.of(probe(home, 3000, "a"), probe(home, 500, "b"));
    for (Process p : ps) {
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    }
    String a = Files.readString(tmp.resolve("a.log"), StandardCharsets.UTF_8);
    String b = Files.readString(tmp.resolve("b.log"), StandardCharsets.UTF_8);
    assertThat(ps.get(0).exitValue()).as(a).isZero();
    assertThat(ps.get(1).exitValue()).as(b).isZero();
    assertThat(portIn(a)).isEqualTo(portIn(b));
    assertThat(serverRuns(home)).as("no PostgreSQL left behind").isFalse();
  }

  @Test
  void aServerLeftByAKilledProcessIsAdoptedAndThenStopped() throws Exception {
    Database.prepareTemplate(tmp.resolve("cache"));
    Path home = tmp.resolve("killed");
    Process p = probe(home, 600_000, "killed");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (portIn(Files.readString(tmp.resolve("killed.log"))) == null) {
      assertThat(p.isAlive()).as(Files.readString(tmp.resolve("killed.log"))).isTrue();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(100);
    }
    int before = portIn(Files.readString(tmp.resolve("killed.log")));
    p.destroyForcibly().waitFor();
    assertThat(serverRuns(home)).as("SIGKILL leaves the server running").isTrue();
    try (Database db = Database.open(config(home))) {
      assertThat(port(db)).as("adopted, not started again").isEqualTo(before);
    }
    assertThat(serverRuns(home)).as("stopped by its adopter").isFalse();
  }

  private Process probe(Path home, long holdMs, String name) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SharedHomeProbe.class.getName(),
        home.toString(), tmp.resolve("cache").toString(), Long.toString(holdMs))
        .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
  }

  private static Integer portIn(String log) {
    return log.lines().filter(l -> l.startsWith("port=")).map(l -> Integer.parseInt(l.substring(5))).findFirst().orElse(null);
  }
}
