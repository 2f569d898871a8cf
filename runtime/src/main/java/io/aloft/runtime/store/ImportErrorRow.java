package io.aloft.runtime.store;

import java.time.Instant;

/** A DAG file that failed to load: where and why. */
public record ImportErrorRow(long id, String filename, Integer lineno, String message, String stacktrace, Instant timestamp) {}
