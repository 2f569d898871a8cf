package io.aloft.runtime.execution;

import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.SensorPolicy;
import io.aloft.runtime.store.Json;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.trigger.DeferrableSensor;
import io.aloft.runtime.trigger.TaskDeferral;
import io.aloft.runtime.trigger.Trigger;
import io.aloft.runtime.trigger.TriggerResumable;
import io.aloft.sdk.Operator;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskSkipException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one try's work and says how it ended: picks the Java operator or the Python call, runs a
 * sensor's pokes (holding the slot in poke mode, handing back a reschedule in reschedule mode), and
 * maps exceptions to outcomes. Writing the outcome is {@link TryFinisher}'s job.
 */
final class TryRunner {

  private final OperatorRegistry registry;
  private final PythonInvoker python;
  private final Clock clock;

  TryRunner(OperatorRegistry registry, PythonInvoker python, Clock clock) {
    this.registry = registry;
    this.python = python;
    this.clock = clock;
  }

  /** The try's work, prepared; {@link #run} may be interrupted by the executor's timeout watchdog. */
  record Prepared(TaskSpec task, TryContext ctx, PythonInvoker.PythonTry pythonTry, Operator operator, Instant firstStart,
      int pokeCount, TriggerStore.Resume resume) {}

  /** @param resume where a try resumed after its deferral continues, or null for a try that starts afresh */
  Prepared prepare(PythonInvoker.PythonTry call, TryContext ctx, Instant firstStart, int pokeCount,
      TriggerStore.Resume resume) {
    TaskSpec task = call.task();
    Operator op = null;
    if ("java".equals(task.executor())) {
      OperatorDescriptor d =
          registry
              .find(task.operator())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "operator '" + task.operator() + "' is not installed: add the plugin that provides it to the"
                              + " plugins folder and restart (see `aloft plugins list`)"));
      op = d.factory().create(PythonArgs.resolve(python, call));
    }
    return new Prepared(task, ctx, call, op, firstStart, pokeCount, resume);
  }

  TryOutcome run(Prepared p) {
    try {
      if (p.resume() != null && TriggerStore.FAIL_METHOD.equals(p.resume().method())) {
        return deferralFailed(p);
      }
      if (p.resume() != null && TriggerStore.END_METHOD.equals(p.resume().method())) {
        return endedByTrigger(p);
      }
      if (p.task().isSensor()) {
        return sense(p);
      }
      if (p.operator() != null) {
        Object r = p.resume() != null && p.operator() instanceof TriggerResumable tr
            ? tr.resume(p.ctx(), p.resume().method(), Json.readMap(p.resume().kwargsJson()))
            : p.operator().execute(p.ctx());
        if (r instanceof io.aloft.sdk.BranchResult br) {
          return new TryOutcome.Branched(BranchDecision.only(br.follow()), br.follow());
        }
        if (r instanceof BranchDecision b) {
          return new TryOutcome.Branched(b, null);
        }
        return new TryOutcome.Success(r);
      }
      return python.execute(p.pythonTry());
    } catch (TaskDeferral d) {
      return new TryOutcome.Deferred(d.trigger(), d.method(), d.kwargs(), d.timeout());
    } catch (TaskSkipException e) {
      return new TryOutcome.Skipped(e.getMessage());
    } catch (TaskFailException e) {
      return new TryOutcome.Failed(e.getMessage(), true);
    } catch (io.aloft.sdk.TaskLostException e) {
      return new TryOutcome.Lost(describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TryOutcome.Failed("the try was stopped", false);
    } catch (Exception e) {
      return new TryOutcome.Failed(describe(e), false);
    }
  }

  private TryOutcome sense(Prepared p) throws Exception {
    SensorPolicy policy = new SensorPolicy(p.ctx().identity().dagId(), p.task().taskId(), p.task().sensor());
    int pokes = p.pokeCount();
    while (true) {
      PokeResult r;
      try {
        r = p.operator() != null ? ((Sensor) p.operator()).poke(p.ctx()) : python.poke(p.pythonTry());
      } catch (TaskSkipException | TaskFailException | TaskDeferral | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (policy.onPokeError() == io.aloft.runtime.model.TaskState.SKIPPED) {
          return new TryOutcome.Skipped("soft_fail: the sensor raised " + describe(e));
        }
        throw e;
      }
      if (r.done()) {
        p.ctx().log().info("Success criteria met. Exiting.");
        return new TryOutcome.Success(r.xcomValue());
      }
      pokes++;
      SensorPolicy.Step step = policy.afterUnsatisfiedPoke(p.firstStart(), clock.instant(), pokes);
      if (step instanceof SensorPolicy.TimedOut t) {
        p.ctx().log().error(t.message());
        return t.state() == io.aloft.runtime.model.TaskState.SKIPPED
            ? new TryOutcome.Skipped(t.message())
            : new TryOutcome.Failed(t.message(), true);
      }
      SensorPolicy.PokeAgain again = (SensorPolicy.PokeAgain) step;
      if (p.operator() != null && Boolean.TRUE.equals(p.pythonTry().args().get("deferrable"))) {
        Trigger trigger = p.operator() instanceof DeferrableSensor ds
            ? ds.trigger(p.ctx(), again.at()) : new Trigger.DateTime(again.at());
        // The sensor's timeout still counts from its first start (Airflow passes it as the deferral's timeout).
        Instant timesOut = p.firstStart() == null ? null
            : p.firstStart().plusMillis(Math.round(p.task().sensor().timeoutSeconds() * 1000));
        Duration left = timesOut == null ? null : Duration.between(clock.instant(), timesOut);
        return new TryOutcome.Deferred(trigger, "execute_complete", Map.of(), left == null || left.isNegative() ? null : left);
      }
      if (policy.isReschedule()) {
        p.ctx().log().info("Rescheduling: next poke at " + again.at());
        return new TryOutcome.Rescheduled(again.at(), pokes);
      }
      Duration wait = Duration.between(clock.instant(), again.at());
      if (!wait.isNegative()) {
        Thread.sleep(wait);
      }
    }
  }

  /**
   * The resumed try of a deferral that timed out (or whose trigger failed) fails as Airflow's does: {@code
   * TaskDeferralTimeout} (retried per retries) with the error the triggerer wrote.
   */
  private static TryOutcome deferralFailed(Prepared p) {
    Object error = Json.readMap(p.resume().kwargsJson()).getOrDefault("error", "Unknown");
    boolean timedOut = TriggerStore.TIMEOUT_ERROR.equals(error);
    if (timedOut && p.task().isSensor()) {
      // A deferred sensor's timeout is the sensor's (Airflow raises AirflowSensorTimeout; soft_fail skips).
      String message = "Sensor has timed out; run duration of " + p.task().sensor().timeoutSeconds()
          + " seconds exceeded while deferred";
      p.ctx().log().error(message);
      return p.task().sensor().softFail() ? new TryOutcome.Skipped(message) : new TryOutcome.Failed(message, true);
    }
    String type = timedOut ? "TaskDeferralTimeout" : "TaskDeferralError";
    p.ctx().log().error(type + ": " + error);
    return new TryOutcome.Failed(type + ": " + error, false);
  }

  /**
   * The resumed try of a task whose trigger ended it ({@code end_from_trigger}): it pushes the event's XComs and
   * ends in the event's state without calling the task's code, as Airflow's triggerer ends it. A failure is final
   * (Airflow sets the state: no retry).
   */
  private static TryOutcome endedByTrigger(Prepared p) {
    Map<String, Object> end = Json.readMap(p.resume().kwargsJson());
    if (end.get("xcoms") instanceof Map<?, ?> xcoms) {
      xcoms.forEach((k, v) -> p.ctx().xcom().push(String.valueOf(k), v));
    }
    String state = String.valueOf(end.get("state"));
    String message = "Task ended by its trigger (end_from_trigger) in state " + state;
    p.ctx().log().info(message);
    return switch (state) {
      case "success" -> new TryOutcome.Success(null);
      case "skipped" -> new TryOutcome.Skipped(message);
      default -> new TryOutcome.Failed(message, true);
    };
  }

  static String describe(Throwable e) {
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }
}
