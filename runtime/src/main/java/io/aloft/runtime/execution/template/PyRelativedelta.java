package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code macros.dateutil.relativedelta.relativedelta(...)}: relative fields ({@code years}, {@code months},
 * {@code weeks}, {@code days}, {@code hours}, {@code minutes}, {@code seconds}, {@code microseconds}) are added,
 * absolute ones ({@code year}, {@code month}, {@code day}, {@code hour}, {@code minute}, {@code second},
 * {@code microsecond}) replace, first, as dateutil does; a day past the month's end is clipped to its last day.
 * Used with {@code date + rd} and {@code date - rd}. {@code weekday=} and {@code leapdays=} are not supported.
 * Immutable.
 */
public final class PyRelativedelta implements PyishSerializable {

  private static final List<String> RELATIVE =
      List.of("years", "months", "weeks", "days", "hours", "minutes", "seconds", "microseconds");
  private static final List<String> ABSOLUTE = List.of("year", "month", "day", "hour", "minute", "second", "microsecond");

  private final Map<String, Long> fields;

  private PyRelativedelta(Map<String, Long> fields) {
    this.fields = fields;
  }

  static PyRelativedelta of(Kwargs k) {
    if (!k.positional().isEmpty()) {
      throw new IllegalArgumentException(
          "relativedelta(dt1, dt2) is not supported in templates: use keyword arguments, e.g. relativedelta(months=1)");
    }
    Map<String, Long> fields = new LinkedHashMap<>();
    for (String name : k.named().keySet()) {
      if (!RELATIVE.contains(name) && !ABSOLUTE.contains(name)) {
        throw new IllegalArgumentException(
            "relativedelta(%s=...) is not supported in templates; supported: %s, %s".formatted(name, RELATIVE, ABSOLUTE));
      }
      fields.put(name, k.longArg(-1, name, 0));
    }
    return new PyRelativedelta(fields);
  }

  private long get(String name) {
    return fields.getOrDefault(name, 0L);
  }

  LocalDateTime applyTo(LocalDateTime t, int sign) {
    LocalDateTime base = t;
    if (fields.containsKey("year") || fields.containsKey("month") || fields.containsKey("day")) {
      int year = (int) fields.getOrDefault("year", (long) t.getYear()).longValue();
      int month = (int) fields.getOrDefault("month", (long) t.getMonthValue()).longValue();
      int day = (int) fields.getOrDefault("day", (long) t.getDayOfMonth()).longValue();
      LocalDateTime first = base.withDayOfMonth(1).withYear(year).withMonth(month);
      base = first.withDayOfMonth(Math.min(day, first.toLocalDate().lengthOfMonth()));
    }
    if (fields.containsKey("hour")) {
      base = base.withHour((int) get("hour"));
    }
    if (fields.containsKey("minute")) {
      base = base.withMinute((int) get("minute"));
    }
    if (fields.containsKey("second")) {
      base = base.withSecond((int) get("second"));
    }
    if (fields.containsKey("microsecond")) {
      base = base.withNano((int) get("microsecond") * 1000);
    }
    // plusMonths/plusYears clip the day to the month's end, as dateutil does.
    return base.plusYears(sign * get("years"))
        .plusMonths(sign * get("months"))
        .plusWeeks(sign * get("weeks"))
        .plusDays(sign * get("days"))
        .plusHours(sign * get("hours"))
        .plusMinutes(sign * get("minutes"))
        .plusSeconds(sign * get("seconds"))
        .plus(sign * get("microseconds"), ChronoUnit.MICROS);
  }

  /** As dateutil prints it: {@code relativedelta(months=+1, day=31)}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (String name : RELATIVE) {
      if (get(name) != 0) {
        parts.add("%s=%+d".formatted(name, get(name)));
      }
    }
    for (String name : ABSOLUTE) {
      if (fields.containsKey(name)) {
        parts.add("%s=%d".formatted(name, get(name)));
      }
    }
    return "relativedelta(" + String.join(", ", parts) + ")";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
    return (T) appendable.append(toString());
  }
}
