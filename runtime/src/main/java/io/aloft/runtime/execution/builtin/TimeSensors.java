package io.aloft.runtime.execution.builtin;

import io.aloft.runtime.trigger.DeferrableSensor;
import io.aloft.runtime.trigger.Trigger;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Airflow's time-based sensors: TimeDeltaSensor, TimeSensor, DayOfWeekSensor. */
final class TimeSensors {

  private TimeSensors() {}

  /** Waits until {@code delta} seconds after the run's data interval end. */
  static Sensor timeDelta(Map<String, Object> arguments) {
    Args a = new Args(arguments);
    Duration delta = Duration.ofMillis(Math.round(a.number("delta") * 1000));
    boolean endFromTrigger = a.bool("end_from_trigger", false);
    return new DeferrableSensor() {
      @Override
      public PokeResult poke(TaskContext ctx) {
        Instant target = target(ctx);
        ctx.log().info("Checking if the time (" + ctx.clock().instant() + ") has come (" + target + ")");
        return ctx.clock().instant().isBefore(target) ? PokeResult.notYet() : PokeResult.done(null);
      }

      /**
       * TimeDeltaSensorAsync: a DateTimeTrigger at the target, as Airflow's defers; with {@code end_from_trigger=True}
       * the triggerer ends the task at the target without resuming it.
       */
      @Override
      public Trigger trigger(TaskContext ctx, Instant pokeAgainAt) {
        return new Trigger.DateTime(target(ctx), endFromTrigger);
      }

      private Instant target(TaskContext ctx) {
        Instant base = ctx.run().dataIntervalEnd() != null ? ctx.run().dataIntervalEnd() : ctx.run().logicalDate();
        return base.plus(delta);
      }
    };
  }

  /** Waits until the time of day {@code target_time} (HH:MM[:SS]) in the DAG's time zone. */
  static Sensor timeOfDay(Map<String, Object> arguments) {
    Args a = new Args(arguments);
    LocalTime target = LocalTime.parse(a.string("target_time"));
    ZoneId zone = a.string("timezone") == null ? ZoneOffset.UTC : ZoneId.of(a.string("timezone"));
    boolean endFromTrigger = a.bool("end_from_trigger", false);
    return new DeferrableSensor() {
      @Override
      public PokeResult poke(TaskContext ctx) {
        LocalTime now = ctx.clock().instant().atZone(zone).toLocalTime();
        ctx.log().info("Checking if the time (" + now + ") has come (" + target + ")");
        return now.isBefore(target) ? PokeResult.notYet() : PokeResult.done(null);
      }

      /** TimeSensorAsync: a DateTimeTrigger at today's target time in the zone ({@code end_from_trigger} as above). */
      @Override
      public Trigger trigger(TaskContext ctx, Instant pokeAgainAt) {
        return new Trigger.DateTime(
            ctx.clock().instant().atZone(zone).toLocalDate().atTime(target).atZone(zone).toInstant(), endFromTrigger);
      }
    };
  }

  /** Waits for one of the given week days (names like {@code "Monday"} or {@code WeekDay} values). */
  static Sensor dayOfWeek(Map<String, Object> arguments) {
    Args a = new Args(arguments);
    List<DayOfWeek> days =
        a.strings("week_day").stream().map(d -> DayOfWeek.valueOf(d.trim().toUpperCase(Locale.ROOT))).toList();
    boolean useLogical = a.bool("use_task_logical_date", a.bool("use_task_execution_day", false));
    return (TaskContext ctx) -> {
      Instant when = useLogical ? ctx.run().logicalDate() : ctx.clock().instant();
      DayOfWeek today = when.atZone(ZoneOffset.UTC).getDayOfWeek();
      ctx.log().info("Poking until weekday is in " + days + ", today is " + today);
      return days.contains(today) ? PokeResult.done(null) : PokeResult.notYet();
    };
  }
}
