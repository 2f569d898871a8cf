package io.aloft.runtime.store;

import io.aloft.runtime.model.RunState;
import java.time.Instant;
import java.util.Map;

/**
 * One DAG run. {@code specHash} names the DAG version the run executes; {@code note} is the scheduler's (why it
 * ended), {@code userNote} the one a user set (Airflow's {@code note}).
 */
public record DagRunRow(
    long id,
    String dagId,
    String runId,
    String specHash,
    String runType,
    RunState state,
    Instant logicalDate,
    Instant dataIntervalStart,
    Instant dataIntervalEnd,
    Instant queuedAt,
    Instant startDate,
    Instant endDate,
    Map<String, Object> conf,
    boolean externalTrigger,
    String note,
    String userNote) {}
