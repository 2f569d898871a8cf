package io.aloft.runtime.api;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.execution.SensitiveNames;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the API resources work with.
 *
 * @param schedulerHeartbeat when the scheduler last reported alive, for {@code /health} (empty: unknown)
 * @param sensitiveNames variables whose values the API shows as {@code ***}
 */
public record ApiContext(
    Stores stores,
    RunTrigger trigger,
    LogFiles logs,
    Clock clock,
    Supplier<Optional<Instant>> schedulerHeartbeat,
    SensitiveNames sensitiveNames) {

  /** With Airflow's default sensitive names. */
  public ApiContext(
      Stores stores, RunTrigger trigger, LogFiles logs, Clock clock, Supplier<Optional<Instant>> schedulerHeartbeat) {
    this(stores, trigger, logs, clock, schedulerHeartbeat, SensitiveNames.DEFAULT);
  }
}
