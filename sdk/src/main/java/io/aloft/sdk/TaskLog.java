package io.aloft.sdk;

/**
 * A try's log. Lines are written in order to the try's log file and can be tailed while the try runs.
 * Thread-safe: a container's stdout and stderr pumps may write concurrently.
 */
public interface TaskLog {

  void info(String message);

  void warn(String message);

  void error(String message);

  /** A line of a child process's or container's output, written as-is (secrets still masked). */
  void output(String line);
}
