package io.aloft.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Aloft's own pendulum ({@code sdk/src/main/resources/python/pendulum}): {@code dagfiles/pendulum/checks.py}
 * gives {@code checks.expected} under GraalPy and under CPython (when {@code python3} is on the PATH) — time
 * zones included, which are zoneinfo's over the system tz database in both — and importing it in a fresh
 * context is cheap.
 */
class PendulumTest {

  private static final Path CHECKS = TestPython.CORPUS.resolve("pendulum");

  @Test
  void importingPendulumInAFreshContextIsCheap() throws Exception {
    try (PythonContextPool pool =
        new PythonContextPool(List.of(PythonResources.locate(Path.of("target/aloft-cache"))), 1, List.of())) {
      assertThat(pool.awaitWarm(Duration.ofMinutes(2))).isTrue();
      double seconds = pool.submit(ctx -> ctx.context.eval("python", """
          import sys, time
          t0 = time.perf_counter()
          import pendulum
          pendulum.datetime(2021, 1, 1, tz="Europe/Amsterdam").add(days=1).to_iso8601_string()
          time.perf_counter() - t0
          """).asDouble(), null).future.get(2, TimeUnit.MINUTES);
      System.out.printf("import pendulum + first use in a fresh GraalPy context: %.3f s%n", seconds);
      // ~0.6-2 s on a loaded 2-core machine, most of it importing zoneinfo for the named zone (the daemon
      // preloads it in the background); the vendored pendulum 2.1.2 took 4.5-9 s
      assertThat(seconds).isLessThan(4.0);
    }
  }

  @Test
  void graalPyGivesTheExpectedResults() throws Exception {
    String source = Files.readString(CHECKS.resolve("checks.py"));
    String actual = TestPython.pool()
        .submit(ctx -> ctx.context.eval("python", source).asString(), null)
        .future.get(5, TimeUnit.MINUTES);
    assertThat(actual).isEqualTo(Files.readString(CHECKS.resolve("checks.expected")));
  }

  @Test
  void cpythonGivesTheExpectedResults() throws Exception {
    assertThat(cpython("checks.py")).isEqualTo(Files.readString(CHECKS.resolve("checks.expected")));
  }

  private static String cpython(String script) throws IOException, InterruptedException {
    assumeTrue(onPath("python3"), "python3 is not on the PATH");
    ProcessBuilder builder = new ProcessBuilder("python3", CHECKS.resolve(script).toString());
    builder.environment().put("PYTHONPATH", PythonResources.locate(Path.of("target/aloft-cache")).toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
