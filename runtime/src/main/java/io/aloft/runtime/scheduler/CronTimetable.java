package io.aloft.runtime.scheduler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;

/** A cron schedule evaluated in the DAG's timezone (presets arrive translated to cron). */
final class CronTimetable extends IntervalTimetable {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime cron;
  private final ZoneId zone;
  private final String expression;

  CronTimetable(String expression, ZoneId zone) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a cron schedule needs a cron expression");
    }
    try {
      this.cron = ExecutionTime.forCron(PARSER.parse(expression.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid cron expression '%s': %s".formatted(expression, e.getMessage()), e);
    }
    this.zone = zone;
    this.expression = expression;
  }

  @Override
  Instant next(Instant t) {
    return cron.nextExecution(t.atZone(zone))
        .orElseThrow(() -> new IllegalStateException("cron '%s' never fires".formatted(expression)))
        .toInstant();
  }

  @Override
  Instant prev(Instant t) {
    return cron.lastExecution(t.atZone(zone))
        .orElseThrow(() -> new IllegalStateException("cron '%s' never fired".formatted(expression)))
        .toInstant();
  }

  @Override
  Instant alignToNext(Instant t) {
    Instant n = next(t);
    return prev(n).equals(t) ? t : n;
  }

  @Override
  Instant alignToPrev(Instant t) {
    Instant p = prev(t);
    return next(p).equals(t) ? t : p;
  }

  @Override
  Instant skipToLatest(Instant earliest, Instant now) {
    Instant lastStart = prev(now);
    Instant nextStart = next(lastStart);
    // On a boundary the interval that just ended starts at lastStart; else one period earlier.
    Instant newStart = nextStart.equals(now) ? lastStart : prev(lastStart);
    if (earliest == null) {
      return newStart;
    }
    Instant aligned = alignToNext(earliest);
    return aligned.isAfter(newStart) ? aligned : newStart;
  }
}
