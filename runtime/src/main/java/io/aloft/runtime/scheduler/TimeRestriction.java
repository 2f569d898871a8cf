package io.aloft.runtime.scheduler;

import java.time.Instant;

/**
 * Bounds on automated runs: {@code earliest} is the DAG's start_date, {@code latest} its end_date
 * (either may be null), and whether missed intervals are caught up.
 */
public record TimeRestriction(Instant earliest, Instant latest, boolean catchup) {}
