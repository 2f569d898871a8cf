package io.aloft.graphgrid.preflight;

import java.time.Duration;

/** Waits between preflight checks; tests pass one that advances a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps the current thread. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration);
  }
}
