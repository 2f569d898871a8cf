package io.aloft.runtime.store;

import java.time.Instant;

/** One try of a task instance (table {@code task_try}): its number, how it ended (or {@code running}), when, where. */
public record TryRow(int tryNumber, String state, Instant startDate, Instant endDate, String hostname) {}
