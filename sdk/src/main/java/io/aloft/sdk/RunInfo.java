package io.aloft.sdk;

import java.time.Instant;

/** The run a try belongs to: its logical date and data interval (as Airflow's context has them). */
public record RunInfo(String runType, Instant logicalDate, Instant dataIntervalStart, Instant dataIntervalEnd) {}
