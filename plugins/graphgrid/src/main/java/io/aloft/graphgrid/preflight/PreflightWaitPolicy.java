package io.aloft.graphgrid.preflight;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the preflight waits for a session to fit: it re-checks every {@code interval} and gives up after
 * {@code limit} (default 8 hours, the document's "~8-9 hours" of recursive re-checks, made explicit).
 *
 * @param interval time between checks
 * @param limit total time to wait before failing
 * @param eventWait how long one poke waits for a GPU session to end or change before giving its
 *     {@code gpu_preflight_pool} slot back (the engine's reschedule interval covers the time between pokes)
 */
public record PreflightWaitPolicy(Duration interval, Duration limit, Duration eventWait) {

  /** Settings key of the re-check interval, e.g. {@code 30s}. */
  public static final String INTERVAL_SETTING = "gpu_preflight_interval";
  /** Settings key of the wait limit, e.g. {@code 8h}. */
  public static final String LIMIT_SETTING = "gpu_preflight_limit";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_LIMIT = Duration.ofHours(8);
  /** Settings key of one poke's wait for a change, e.g. {@code 3s}; {@code 0s} decides once per poke. */
  public static final String EVENT_WAIT_SETTING = "gpu_preflight_event_wait";
  public static final Duration DEFAULT_EVENT_WAIT = Duration.ofSeconds(3);

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  public PreflightWaitPolicy {
    if (interval.isNegative() || interval.isZero() || limit.isNegative() || eventWait.isNegative()) {
      throw new IllegalArgumentException("the preflight interval must be positive and its limit not negative");
    }
  }

  public static PreflightWaitPolicy defaults() {
    return new PreflightWaitPolicy(DEFAULT_INTERVAL, DEFAULT_LIMIT, DEFAULT_EVENT_WAIT);
  }

  /** The policy of the settings; missing keys take the defaults. */
  public static PreflightWaitPolicy fromSettings(Map<String, String> settings) {
    return new PreflightWaitPolicy(duration(settings, INTERVAL_SETTING, DEFAULT_INTERVAL),
        duration(settings, LIMIT_SETTING, DEFAULT_LIMIT), duration(settings, EVENT_WAIT_SETTING, DEFAULT_EVENT_WAIT));
  }

  /**
   * Reads {@code 30s}, {@code 15m}, {@code 8h}, {@code 2d}, {@code 500ms} or ISO-8601 ({@code PT8H}).
   *
   * @throws IllegalArgumentException naming the setting and the accepted forms
   */
  public static Duration duration(Map<String, String> settings, String key, Duration fallback) {
    String value = settings.getOrDefault(key, "").strip().toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return fallback;
    }
    Matcher simple = SIMPLE.matcher(value);
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      return switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be a duration such as 30s, 15m, 8h or PT8H, not '" + value + "'",
          e);
    }
  }
}
