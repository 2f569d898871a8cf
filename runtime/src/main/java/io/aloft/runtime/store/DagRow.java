package io.aloft.runtime.store;

import java.time.Instant;

/** A DAG as the store knows it; its current spec is the {@code dag_version} with {@code specHash}. */
public record DagRow(
    String dagId,
    String fileloc,
    String specHash,
    boolean isPaused,
    boolean isActive,
    Instant lastParsedTime,
    Instant nextDagrun,
    Instant nextDagrunDataIntervalStart,
    Instant nextDagrunDataIntervalEnd) {}
