package io.aloft.sdk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plugin's Python shim tests (a unittest script under {@code src/test/python}, evaluated by the machine's
 * CPython with the SDK's airflow package) for a JUnit test. Empty when it cannot run here (no such file from this
 * working directory, or no python3), so the caller can skip:
 *
 * <pre>{@code
 * ShimScript.Result r = ShimScript.run("src/test/python/test_docker_shim.py").orElse(null);
 * assumeTrue(r != null, "python3 or the script is missing");
 * assertThat(r.exitCode()).as(r.output()).isZero();
 * }</pre>
 */
public final class ShimScript {

  /** How the script ended: its exit code ({@code -1} when it ran past a minute) and its output. */
  public record Result(int exitCode, String output) {}

  private ShimScript() {}

  public static Optional<Result> run(String relativePath) throws InterruptedException {
    Path script = Path.of(relativePath).toAbsolutePath();
    if (!Files.exists(script)) {
      return Optional.empty();
    }
    Process p;
    try {
      p = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
    } catch (IOException noPython) {
      return Optional.empty();
    }
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Optional.of(new Result(ended ? p.exitValue() : -1, out));
    } catch (IOException e) {
      return Optional.of(new Result(-1, "cannot read the script's output: " + e));
    }
  }
}
