package io.aloft.runtime.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Airflow 2.10's task instance states. {@code NONE} is "no state yet". */
public enum TaskState {
  NONE,
  SCHEDULED,
  QUEUED,
  RUNNING,
  SUCCESS,
  FAILED,
  SKIPPED,
  UPSTREAM_FAILED,
  UP_FOR_RETRY,
  UP_FOR_RESCHEDULE,
  /** Handed to the triggerer: holds no pool slot and no thread until its trigger fires (then scheduled again). */
  DEFERRED,
  REMOVED;

  private static final Set<TaskState> FINISHED =
      EnumSet.of(SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED);

  /** Airflow's spelling; {@code null} for {@link #NONE}, as Airflow's API shows it. */
  public String airflowName() {
    return this == NONE ? null : name().toLowerCase(Locale.ROOT);
  }

  /** Database spelling: like Airflow's, with {@code none} spelled out. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskState parse(String s) {
    if (s == null || s.isEmpty() || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("null")) {
      return NONE;
    }
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public boolean isFinished() {
    return FINISHED.contains(this);
  }
}
