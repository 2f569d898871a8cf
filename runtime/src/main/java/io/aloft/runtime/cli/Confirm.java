package io.aloft.runtime.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Asking before a destructive command, and reading the dates such commands take. */
final class Confirm {

  private Confirm() {}

  /** Asks on the terminal; true when the user answers y (or passed {@code -y}). */
  static boolean ask(CliContext c, boolean yes, String question) {
    if (yes) {
      return true;
    }
    c.out().print(question + " [y/n] ");
    c.out().flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return answer != null && answer.trim().equalsIgnoreCase("y");
    } catch (IOException e) {
      return false;
    }
  }

  /** A date as Airflow's CLI takes it: {@code 2024-01-31} (midnight UTC), or an ISO date-time with or without offset. */
  static Instant date(String option, String s) {
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException ignored) {
      // not a plain date
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException ignored) {
      // no offset
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new CliException(option + " '" + s + "' is not a date: use 2024-01-31 or 2024-01-31T06:00:00+00:00");
    }
  }
}
