package io.aloft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./aloft} does once per build (scripts/lib/aot.sh): run {@code StartupTraining} in a JVM that
 * records an ahead-of-time cache, over the jars the launcher uses, then start a JVM that must use that
 * cache ({@code -XX:AOTMode=on} refuses to start otherwise). On a JDK before 25 only the training runs.
 */
class StartupTrainingIT {

  @TempDir Path tmp;

  @Test
  void theTrainingRunsAStandaloneDaemonAndItsCacheIsUsable() throws Exception {
    Path cache = tmp.resolve("aloft.aot");
    boolean aot = Runtime.version().feature() >= 25;

    String training = run(ChildJvm.command(tmp.resolve("user"), aot ? List.of("-XX:AOTCacheOutput=" + cache) : List.of(),
        "io.aloft.runtime.StartupTraining", Path.of("..", "dags").toAbsolutePath().normalize().toString()), 300);
    assertThat(training).contains("Loaded [aloft_startup_training]")
        .contains("start-up training done: aloft_startup_training run manual__");
    // The bytecode it compiled and an initialised PostgreSQL cluster stay in the user's shared cache.
    assertThat(tmp.resolve("user/.cache/aloft/pgdata-template/PG_VERSION")).isRegularFile();

    if (aot) {
      assertThat(cache).isRegularFile();
      assertThat(Files.size(cache)).isGreaterThan(10_000_000L);
      String version = run(ChildJvm.command(tmp.resolve("user"), List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on"),
          "io.aloft.runtime.Main", "--version"), 60);
      assertThat(version).contains("Aloft");
    }
  }

  /** Runs to the end and returns the output; fails on a non-zero exit. */
  private String run(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile(tmp, "out", ".log");
    Process p = ChildJvm.start(command, log, Map.of());
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " ran past " + timeoutSeconds + " s:\n" + ChildJvm.tail(log));
    }
    String out = ChildJvm.tail(log);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
