package io.aloft.graphgrid.gpu;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs an external program and collects its output: the one seam between GPU probing and the host, so
 * that parsing is tested on recorded output. {@link #system()} runs real processes.
 */
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs {@code command} to completion or until {@code timeout}.
   *
   * @throws IOException when the program cannot be started (not installed, not on {@code PATH}) or times out
   */
  Result run(List<String> command, Duration timeout) throws IOException, InterruptedException;

  /** The runner that starts real processes. */
  static CommandRunner system() {
    return new ProcessCommandRunner();
  }

  /** How a program ended and what it wrote. */
  record Result(int exitCode, String stdout, String stderr) {}
}
