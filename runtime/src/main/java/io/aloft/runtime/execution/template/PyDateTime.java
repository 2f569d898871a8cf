package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A datetime as templates see it. Airflow's context dates are pendulum {@code DateTime}s in UTC, which
 * print as {@code 2024-01-01T00:00:00+00:00}; {@code macros.datetime(...)} makes plain naive Python
 * datetimes, which print as {@code 2024-01-01 00:00:00}. Supports {@code strftime}, {@code isoformat},
 * pendulum's {@code add}/{@code subtract}/{@code in_timezone}/{@code to_date_string}, {@code replace},
 * and the {@code year}, {@code month}, ... fields.
 */
public final class PyDateTime implements PyishSerializable, Comparable<PyDateTime> {

  private static final DateTimeFormatter BASE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private final LocalDateTime local;
  private final ZoneId zone; // null when naive
  private final boolean pendulum;

  private PyDateTime(LocalDateTime local, ZoneId zone, boolean pendulum) {
    this.local = local;
    this.zone = zone;
    this.pendulum = pendulum;
  }

  /** A pendulum DateTime in UTC, as Airflow puts {@code logical_date} and friends in the context. */
  public static PyDateTime utc(Instant t) {
    return new PyDateTime(LocalDateTime.ofInstant(t, ZoneOffset.UTC), ZoneOffset.UTC, true);
  }

  static PyDateTime naive(LocalDateTime t) {
    return new PyDateTime(t, null, false);
  }

  private PyDateTime with(LocalDateTime newLocal) {
    return new PyDateTime(newLocal, zone, pendulum);
  }

  private ZonedDateTime zoned() {
    return local.atZone(zone == null ? ZoneOffset.UTC : zone);
  }

  public String isoformat() {
    return iso('T');
  }

  public String isoformat(String sep) {
    return iso(sep.isEmpty() ? 'T' : sep.charAt(0));
  }

  private String iso(char sep) {
    String s = local.format(BASE).replace('T', sep);
    int micros = local.getNano() / 1000;
    if (micros != 0) {
      s += ".%06d".formatted(micros);
    }
    if (zone != null) {
      String off = zoned().getOffset().getId();
      s += off.equals("Z") ? "+00:00" : off;
    }
    return s;
  }

  public String strftime(String format) {
    String out = StrftimeFormatter.format(zoned(), format);
    return zone == null ? out.replace("+0000", "") : out;
  }

  /** Pendulum's {@code format} with its common tokens (YYYY, MM, DD, HH, mm, ss, ...). */
  public String format(String pendulumFormat) {
    String pattern =
        pendulumFormat
            .replace("YYYY", "uuuu")
            .replace("DD", "dd")
            .replace("Do", "d")
            .replace("A", "a")
            .replace("ZZ", "XX")
            .replace("Z", "XXX");
    return zoned().format(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH));
  }

  public String to_date_string() {
    return local.toLocalDate().toString();
  }

  public String to_datetime_string() {
    return local.format(BASE).replace('T', ' ');
  }

  public LocalDate date() {
    return local.toLocalDate();
  }

  public double timestamp() {
    return zoned().toInstant().toEpochMilli() / 1000.0;
  }

  public long getInt_timestamp() {
    return zoned().toEpochSecond();
  }

  public PyDateTime add(Object... kwargs) {
    return shift(Kwargs.of(kwargs), 1);
  }

  public PyDateTime subtract(Object... kwargs) {
    return shift(Kwargs.of(kwargs), -1);
  }

  /** {@code dt + timedelta}, spelled as a method because Jinjava has no operator overloading. */
  public PyDateTime plus(PyTimedelta delta) {
    return with(local.plus(delta.duration()));
  }

  public PyDateTime minus(PyTimedelta delta) {
    return with(local.minus(delta.duration()));
  }

  PyDateTime plus(PyRelativedelta delta, int sign) {
    return with(delta.applyTo(local, sign));
  }

  /** A plain Python datetime: aware when {@code zone} is given ({@code dateutil.parser.parse}), else naive. */
  static PyDateTime plain(LocalDateTime t, ZoneId zone) {
    return new PyDateTime(t, zone, false);
  }

  private PyDateTime shift(Kwargs k, int sign) {
    LocalDateTime t =
        local
            .plusYears(sign * k.longArg(-1, "years", 0))
            .plusMonths(sign * k.longArg(-1, "months", 0))
            .plusWeeks(sign * k.longArg(-1, "weeks", 0))
            .plusDays(sign * k.longArg(-1, "days", 0))
            .plusHours(sign * k.longArg(-1, "hours", 0))
            .plusMinutes(sign * k.longArg(-1, "minutes", 0))
            .plusSeconds(sign * k.longArg(-1, "seconds", 0))
            .plus(sign * k.longArg(-1, "microseconds", 0), ChronoUnit.MICROS);
    return with(t);
  }

  public PyDateTime replace(Object... kwargs) {
    Kwargs k = Kwargs.of(kwargs);
    LocalDateTime t =
        LocalDateTime.of(
            (int) k.longArg(-1, "year", local.getYear()),
            (int) k.longArg(-1, "month", local.getMonthValue()),
            (int) k.longArg(-1, "day", local.getDayOfMonth()),
            (int) k.longArg(-1, "hour", local.getHour()),
            (int) k.longArg(-1, "minute", local.getMinute()),
            (int) k.longArg(-1, "second", local.getSecond()),
            (int) k.longArg(-1, "microsecond", local.getNano() / 1000) * 1000);
    return with(t);
  }

  public PyDateTime in_timezone(String tz) {
    ZonedDateTime z = zoned().withZoneSameInstant(ZoneId.of(tz));
    return new PyDateTime(z.toLocalDateTime(), z.getZone(), pendulum);
  }

  public PyDateTime in_tz(String tz) {
    return in_timezone(tz);
  }

  public int getYear() {
    return local.getYear();
  }

  public int getMonth() {
    return local.getMonthValue();
  }

  public int getDay() {
    return local.getDayOfMonth();
  }

  public int getHour() {
    return local.getHour();
  }

  public int getMinute() {
    return local.getMinute();
  }

  public int getSecond() {
    return local.getSecond();
  }

  public int getMicrosecond() {
    return local.getNano() / 1000;
  }

  /** Python's {@code weekday()}: Monday is 0. */
  public int weekday() {
    return local.getDayOfWeek().getValue() - 1;
  }

  Instant toInstant() {
    return zoned().toInstant();
  }

  @Override
  public int compareTo(PyDateTime o) {
    return toInstant().compareTo(o.toInstant());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PyDateTime d && d.local.equals(local) && java.util.Objects.equals(d.zone, zone);
  }

  @Override
  public int hashCode() {
    return local.hashCode();
  }

  /** Python's {@code str()}: pendulum prints {@code T}, a plain datetime a space. */
  @Override
  public String toString() {
    return iso(pendulum ? 'T' : ' ');
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
    return (T) appendable.append(toString());
  }

}
