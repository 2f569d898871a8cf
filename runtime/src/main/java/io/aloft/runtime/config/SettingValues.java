package io.aloft.runtime.config;

import io.aloft.sdk.SettingSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Checks a setting's text against its declared type and finds the closest known name for a typo. */
final class SettingValues {

  private SettingValues() {}

  /** Empty when {@code value} fits {@code spec}; otherwise what is wrong, naming where it came from. */
  static Optional<String> problem(SettingSpec spec, String value, String origin) {
    String v = value.strip();
    boolean ok = switch (spec.type()) {
      case STRING, PATH, PATH_LIST -> true;
      case INT -> parseLong(v) != null && (!spec.name().equals("port") || inRange(parseLong(v), 0, 65535));
      case POSITIVE_INT -> parseLong(v) != null && inRange(parseLong(v), 1, Integer.MAX_VALUE);
      case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
      case DURATION -> duration(v) != null;
    };
    if (ok) {
      return Optional.empty();
    }
    String expected = spec.name().equals("port") ? "a port number from 0 (any free port) to 65535" : spec.type().expected();
    return Optional.of(origin + " must be " + expected + ", got '" + value + "'");
  }

  /** Seconds ({@code 30}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}); null if neither. */
  static Duration duration(String value) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?").matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** The known name nearest to {@code name} (edit distance at most 3), for "did you mean ...?". */
  static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return bestDistance <= (name.length() <= 4 ? 1 : name.length() <= 8 ? 2 : 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static boolean inRange(long v, long lo, long hi) {
    return v >= lo && v <= hi;
  }

  private static Long parseLong(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
