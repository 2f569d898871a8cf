package io.aloft.runtime.api;

import io.aloft.runtime.execution.LogFiles;
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
 */
public record ApiContext(
    Stores stores, RunTrigger trigger, LogFiles logs, Clock clock, Supplier<Optional<Instant>> schedulerHeartbeat) {}
