package io.aloft.runtime.model;

import java.util.Locale;

/** Airflow's DAG run states. */
public enum RunState {
  QUEUED,
  RUNNING,
  SUCCESS,
  FAILED;

  public String airflowName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunState parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public boolean isFinished() {
    return this == SUCCESS || this == FAILED;
  }
}
