package io.aloft.runtime.model;

import java.util.Locale;
import java.util.Optional;

/** Airflow's trigger rules; {@link #parse} takes Airflow's lower-case spelling. */
public enum TriggerRule {
  ALL_SUCCESS,
  ALL_FAILED,
  ALL_DONE,
  ALL_DONE_SETUP_SUCCESS,
  ONE_SUCCESS,
  ONE_FAILED,
  ONE_DONE,
  NONE_FAILED,
  NONE_FAILED_MIN_ONE_SUCCESS,
  NONE_SKIPPED,
  ALWAYS,
  ALL_SKIPPED;

  public String airflowName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TriggerRule> parse(String s) {
    if (s == null) {
      return Optional.of(ALL_SUCCESS);
    }
    String key = s.toUpperCase(Locale.ROOT);
    // Airflow 2 still accepts these deprecated spellings.
    if (key.equals("NONE_FAILED_OR_SKIPPED")) {
      key = "NONE_FAILED_MIN_ONE_SUCCESS";
    } else if (key.equals("DUMMY")) {
      key = "ALWAYS";
    }
    try {
      return Optional.of(valueOf(key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
