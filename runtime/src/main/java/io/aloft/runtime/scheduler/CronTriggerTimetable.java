package io.aloft.runtime.scheduler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Airflow's {@code CronTriggerTimetable} (and Airflow 3's {@code MultipleCronTriggerTimetable}, several cron
 * expressions whose fire times merge): a run is due at each fire time, like POSIX cron, instead of after an
 * interval ends. Its data interval ends at the fire time and is {@code interval} long (zero unless the DAG
 * says {@code interval=}); the logical date is the interval's start. Without catchup the first run is the
 * latest fire time at or before now (Airflow 2's default). Pure and immutable.
 */
final class CronTriggerTimetable extends TriggerTimetable {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final List<ExecutionTime> crons = new ArrayList<>();
  private final List<String> expressions;
  private final ZoneId zone;

  CronTriggerTimetable(List<String> expressions, Duration interval, ZoneId zone) {
    super(interval);
    if (expressions.isEmpty()) {
      throw new IllegalArgumentException("a cron trigger schedule needs at least one cron expression");
    }
    for (String e : expressions) {
      try {
        crons.add(ExecutionTime.forCron(PARSER.parse(e.trim())));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("invalid cron expression '%s': %s".formatted(e, ex.getMessage()), ex);
      }
    }
    this.expressions = List.copyOf(expressions);
    this.zone = zone;
  }

  /** Airflow 2's default without a start date: no automated runs (run_immediately is not supported). */
  @Override
  Optional<Instant> firstWithoutStart(Instant now) {
    return Optional.empty();
  }

  /** The first fire time of any expression strictly after {@code t}. */
  @Override
  Instant next(Instant t) {
    Instant best = null;
    for (ExecutionTime c : crons) {
      Optional<Instant> n = c.nextExecution(t.atZone(zone)).map(z -> z.toInstant());
      if (n.isPresent() && (best == null || n.get().isBefore(best))) {
        best = n.get();
      }
    }
    if (best == null) {
      throw new IllegalStateException("cron %s never fires".formatted(expressions));
    }
    return best;
  }

  /** The last fire time of any expression strictly before {@code t}. */
  Instant prev(Instant t) {
    Instant best = null;
    for (ExecutionTime c : crons) {
      Optional<Instant> p = c.lastExecution(t.atZone(zone)).map(z -> z.toInstant());
      if (p.isPresent() && (best == null || p.get().isAfter(best))) {
        best = p.get();
      }
    }
    if (best == null) {
      throw new IllegalStateException("cron %s never fired".formatted(expressions));
    }
    return best;
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
}
