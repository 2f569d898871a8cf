package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.Duration;

/**
 * Python's {@code timedelta} for templates ({@code macros.timedelta(days=1)}): prints like Python
 * ({@code 1 day, 0:00:00}), exposes {@code days}, {@code seconds} and {@code total_seconds()}, and is
 * added to a date with {@code date.plus(delta)}.
 */
public final class PyTimedelta implements PyishSerializable {

  private final Duration duration;

  PyTimedelta(Duration duration) {
    this.duration = duration;
  }

  static PyTimedelta of(Kwargs k) {
    double seconds =
        k.doubleArg(0, "days", 0) * 86_400
            + k.doubleArg(1, "seconds", 0)
            + k.doubleArg(2, "microseconds", 0) / 1e6
            + k.doubleArg(3, "milliseconds", 0) / 1e3
            + k.doubleArg(4, "minutes", 0) * 60
            + k.doubleArg(5, "hours", 0) * 3600
            + k.doubleArg(6, "weeks", 0) * 604_800;
    return new PyTimedelta(Duration.ofNanos(Math.round(seconds * 1e6) * 1000));
  }

  Duration duration() {
    return duration;
  }

  public double total_seconds() {
    return duration.toNanos() / 1e9;
  }

  public long getDays() {
    return Math.floorDiv(duration.getSeconds(), 86_400);
  }

  public long getSeconds() {
    return Math.floorMod(duration.getSeconds(), 86_400);
  }

  @Override
  public String toString() {
    long days = getDays();
    long secs = getSeconds();
    String clock = "%d:%02d:%02d".formatted(secs / 3600, secs % 3600 / 60, secs % 60);
    int micros = duration.getNano() / 1000;
    if (micros != 0) {
      clock += ".%06d".formatted(micros);
    }
    if (days == 0) {
      return clock;
    }
    return "%d day%s, %s".formatted(days, Math.abs(days) == 1 ? "" : "s", clock);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
    return (T) appendable.append(toString());
  }
}
