package io.aloft.runtime.model;

/**
 * When a DAG runs by itself. {@code type} is one of {@code none}, {@code once}, {@code cron} (with
 * {@code cron}, presets already translated, e.g. {@code @daily} to {@code 0 0 * * *}), {@code timedelta}
 * (with {@code seconds}) or {@code continuous}. {@code expression} is what the file said, for display.
 */
public record Schedule(String type, String cron, Double seconds, String expression) {

  public static Schedule none() {
    return new Schedule("none", null, null, null);
  }
}
