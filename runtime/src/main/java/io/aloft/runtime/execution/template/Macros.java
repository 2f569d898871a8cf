package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.objects.PyWrapper;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * Airflow's {@code macros} in templates: {@code ds_add}, {@code ds_format}, {@code datetime} (callable
 * and module: {@code now}, {@code utcnow}, {@code strptime}, {@code fromisoformat}) and {@code
 * timedelta}, {@code random()} (Python's {@code random.random}), {@code uuid} ({@code uuid4()}, {@code
 * uuid1()}), {@code dateutil} ({@code relativedelta.relativedelta(...)}, {@code parser.parse(text)}) and
 * {@code time} ({@code time()}, {@code strftime(format)}), as in {@code airflow.macros}.
 */
public final class Macros extends AbstractMap<String, Object> implements PyWrapper {

  private final Map<String, Object> modules;

  Macros(Clock clock) {
    this.modules =
        Map.of("datetime", new DatetimeModule(clock), "uuid", new UuidModule(), "time", new TimeModule(clock),
            "dateutil", new DateutilModule());
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return modules.entrySet();
  }

  /** {@code macros.random()}: a float in [0, 1). */
  public double random() {
    return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
  }

  /** {@code macros.ds_add('2024-01-01', 5)} is {@code '2024-01-06'}. */
  public String ds_add(Object ds, Object days) {
    long n = Kwargs.of(days).longArg(0, "days", 0);
    if (n == 0) {
      return String.valueOf(ds);
    }
    return parse(String.valueOf(ds), "%Y-%m-%d").plusDays(n).toLocalDate().toString();
  }

  /** {@code macros.ds_format('2024-01-05', '%Y-%m-%d', '%m-%d-%y')} is {@code '01-05-24'}. */
  public String ds_format(Object ds, String inputFormat, String outputFormat) {
    return PyDateTime.naive(parse(String.valueOf(ds), inputFormat)).strftime(outputFormat);
  }

  /** {@code macros.datetime(2024, 1, 1)}: a naive datetime, as Python's constructor makes. */
  public PyDateTime datetime(Object... args) {
    Kwargs k = Kwargs.of(args);
    return PyDateTime.naive(
        LocalDateTime.of(
            (int) k.longArg(0, "year", 1),
            (int) k.longArg(1, "month", 1),
            (int) k.longArg(2, "day", 1),
            (int) k.longArg(3, "hour", 0),
            (int) k.longArg(4, "minute", 0),
            (int) k.longArg(5, "second", 0),
            (int) k.longArg(6, "microsecond", 0) * 1000));
  }

  /** {@code macros.timedelta(days=1, hours=2)}. */
  public PyTimedelta timedelta(Object... args) {
    return PyTimedelta.of(Kwargs.of(args));
  }

  /** Python's {@code datetime.strptime}: fields the format lacks default to 1900-01-01 00:00:00. */
  static LocalDateTime parse(String text, String format) {
    TemporalAccessor t;
    try {
      t = StrftimeFormatter.toDateTimeFormatter(format).parseUnresolved(text, new java.text.ParsePosition(0));
    } catch (DateTimeParseException e) {
      t = null;
    }
    if (t == null) {
      throw new IllegalArgumentException(
          "time data '%s' does not match format '%s'".formatted(text, format));
    }
    return LocalDateTime.of(
        field(t, ChronoField.YEAR_OF_ERA, field(t, ChronoField.YEAR, 1900)),
        field(t, ChronoField.MONTH_OF_YEAR, 1),
        field(t, ChronoField.DAY_OF_MONTH, 1),
        field(t, ChronoField.HOUR_OF_DAY, field(t, ChronoField.CLOCK_HOUR_OF_AMPM, 0) % 12
            + 12 * field(t, ChronoField.AMPM_OF_DAY, 0)),
        field(t, ChronoField.MINUTE_OF_HOUR, 0),
        field(t, ChronoField.SECOND_OF_MINUTE, 0),
        field(t, ChronoField.NANO_OF_SECOND, 0));
  }

  private static int field(TemporalAccessor t, ChronoField f, int fallback) {
    return t.isSupported(f) ? (int) t.getLong(f) : fallback;
  }

  /** {@code macros.uuid}: {@code uuid4()} (random) prints as Python's {@code str(uuid)}, with {@code .hex}. */
  public static final class UuidModule implements PyWrapper {

    public PyUuid uuid4() {
      return new PyUuid(java.util.UUID.randomUUID());
    }

    @Override
    public String toString() {
      return "<module 'uuid'>";
    }
  }

  /** A Python {@code UUID}: prints with dashes; {@code hex} without. */
  public static final class PyUuid implements com.hubspot.jinjava.objects.serialization.PyishSerializable {

    private final java.util.UUID uuid;

    PyUuid(java.util.UUID uuid) {
      this.uuid = uuid;
    }

    public String getHex() {
      return uuid.toString().replace("-", "");
    }

    @Override
    public String toString() {
      return uuid.toString();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws java.io.IOException {
      return (T) appendable.append(toString());
    }
  }

  /** {@code macros.time}: {@code time()} is seconds since the epoch; {@code strftime} formats the clock's now. */
  public static final class TimeModule implements PyWrapper {

    private final Clock clock;

    TimeModule(Clock clock) {
      this.clock = clock;
    }

    public double time() {
      java.time.Instant now = clock.instant();
      return now.getEpochSecond() + now.getNano() / 1e9;
    }

    public String strftime(String format) {
      return StrftimeFormatter.format(java.time.ZonedDateTime.now(clock), format);
    }

    @Override
    public String toString() {
      return "<module 'time'>";
    }
  }

  /** {@code macros.dateutil}: its {@code relativedelta} and {@code parser} modules. */
  public static final class DateutilModule extends AbstractMap<String, Object> implements PyWrapper {

    private final Map<String, Object> modules = Map.of("relativedelta", new RelativedeltaModule(), "parser", new ParserModule());

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return modules.entrySet();
    }

    @Override
    public String toString() {
      return "<module 'dateutil'>";
    }
  }

  /** {@code macros.dateutil.relativedelta}: {@code relativedelta(months=1, day=31)}. */
  public static final class RelativedeltaModule implements PyWrapper {

    public PyRelativedelta relativedelta(Object... args) {
      return PyRelativedelta.of(Kwargs.of(args));
    }

    @Override
    public String toString() {
      return "<module 'dateutil.relativedelta'>";
    }
  }

  /**
   * {@code macros.dateutil.parser}: {@code parse(text)} for ISO 8601 dates and datetimes ({@code T} or a space,
   * optional fraction and offset); an offset makes an aware datetime, as dateutil does. Free-form text (month
   * names, other orders) is refused with a hint.
   */
  public static final class ParserModule implements PyWrapper {

    public PyDateTime parse(String text) {
      String t = text.trim().replace(' ', 'T');
      try {
        if (t.length() <= 10) {
          return PyDateTime.plain(java.time.LocalDate.parse(t).atStartOfDay(), null);
        }
        java.time.temporal.TemporalAccessor p =
            java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(
                t.endsWith("Z") ? t.substring(0, t.length() - 1) + "+00:00" : t,
                java.time.OffsetDateTime::from,
                LocalDateTime::from);
        if (p instanceof java.time.OffsetDateTime o) {
          return PyDateTime.plain(o.toLocalDateTime(), o.getOffset());
        }
        return PyDateTime.plain((LocalDateTime) p, null);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            ("dateutil.parser.parse('%s'): only ISO 8601 dates and datetimes are understood in templates;"
                    + " use macros.datetime.strptime(text, format) for other formats")
                .formatted(text));
      }
    }

    @Override
    public String toString() {
      return "<module 'dateutil.parser'>";
    }
  }

  /** {@code macros.datetime} used as the module: {@code macros.datetime.now()}. */
  public static final class DatetimeModule implements PyWrapper {

    private final Clock clock;

    DatetimeModule(Clock clock) {
      this.clock = clock;
    }

    public PyDateTime now() {
      return PyDateTime.naive(LocalDateTime.now(clock));
    }

    public PyDateTime utcnow() {
      return PyDateTime.naive(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    public PyDateTime strptime(String text, String format) {
      return PyDateTime.naive(parse(text, format));
    }

    public PyDateTime fromisoformat(String text) {
      return PyDateTime.naive(LocalDateTime.parse(text.replace(' ', 'T')));
    }

    @Override
    public String toString() {
      return "<class 'datetime.datetime'>";
    }
  }
}
