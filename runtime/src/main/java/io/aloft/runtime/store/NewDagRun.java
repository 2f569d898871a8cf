package io.aloft.runtime.store;

import java.time.Instant;
import java.util.Map;

/** What is needed to create a run; task instances are created from the DAG version at the same time. */
public record NewDagRun(
    String dagId,
    String runId,
    String specHash,
    String runType,
    Instant logicalDate,
    Instant dataIntervalStart,
    Instant dataIntervalEnd,
    Map<String, Object> conf,
    boolean externalTrigger) {}
