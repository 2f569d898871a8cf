package io.aloft.runtime.execution;

import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.DagGraph;
import io.aloft.runtime.scheduler.RetryPolicy;
import io.aloft.runtime.scheduler.SkipPlanner;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.trigger.Trigger;
import io.aloft.runtime.store.XComException;
import io.aloft.sdk.TaskLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes how a try ended, in one transaction: its XCom, its state (retrying when retries remain), and the
 * downstream skips of a branch or short-circuit, and on success one dataset event per outlet, so the scheduler
 * never sees half of it.
 */
final class TryFinisher {

  private final Stores stores;
  private final Clock clock;
  private final TriggerStore triggers;

  TryFinisher(Stores stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
    this.triggers = new TriggerStore(stores.jdbi());
  }

  /**
   * The state {@link #finish} writes for an outcome (null for a reschedule), known before it is written so that the
   * task's callback for it runs first: when the state is visible, the callback's output is in the log.
   */
  static TaskState stateFor(TryOutcome outcome, int tryNumber, int maxTries) {
    return switch (outcome) {
      case TryOutcome.Success s -> TaskState.SUCCESS;
      case TryOutcome.Branched b -> TaskState.SUCCESS;
      case TryOutcome.ShortCircuited sc -> TaskState.SUCCESS;
      case TryOutcome.Skipped s -> TaskState.SKIPPED;
      case TryOutcome.Failed f ->
          !f.noRetry() && RetryPolicy.hasRetriesLeft(tryNumber, maxTries) ? TaskState.UP_FOR_RETRY : TaskState.FAILED;
      case TryOutcome.Lost l -> TaskState.UP_FOR_RETRY; // always, under a new try number (see finish)
      case TryOutcome.Rescheduled r -> null;
      case TryOutcome.Deferred d -> null;
    };
  }

  /** Returns the state written, or null when the try no longer belonged to this daemon. */
  TaskState finish(
      DagGraph graph, DagRunRow run, TaskSpec task, TiKey key, int tryNumber, int maxTries, TryOutcome outcome, TaskLog log) {
    Instant now = clock.instant();
    String valueJson = null;
    Map<String, String> extraXcoms = Map.of();
    Object value = valueOf(outcome);
    if (value != null && task.doXcomPush()) {
      try {
        valueJson = stores.xcoms().serialize(task.taskId(), "return_value", value);
        extraXcoms = multipleOutputs(task, value);
      } catch (XComException e) {
        outcome = new TryOutcome.Failed(e.getMessage(), false);
        valueJson = null;
      }
    }
    if (outcome instanceof TryOutcome.Deferred d) {
      return defer(key, tryNumber, d, log, now);
    }
    TryOutcome o = outcome;
    String json = valueJson;
    Map<String, String> extras = extraXcoms;
    // What the try's log says about its end is written once the end is committed: a transaction the store
    // dropped (PostgreSQL restarting) is run again, and its lines must not appear twice or for an end never stored.
    List<Runnable> said = new java.util.ArrayList<>();
    switch (o) { // the work's own end, said whether or not the store takes it
      case TryOutcome.Skipped s -> log.info("Task skipped: " + s.reason());
      case TryOutcome.Failed f -> log.error("Task failed: " + f.message());
      case TryOutcome.Lost l -> log.error("Task lost: " + l.reason());
      default -> { }
    }
    // The common end (the try's state and its XComs, nothing else) is one statement, which needs no transaction:
    // one round trip instead of three. Skips, datasets and a lost try's extra try write more rows, in a transaction.
    boolean oneStatement = !(o instanceof TryOutcome.Lost)
        && !(o instanceof TryOutcome.Branched b && !b.decision().followAll())
        && !(o instanceof TryOutcome.ShortCircuited sc && !sc.proceed())
        && task.outlets().isEmpty()
        && !(o instanceof TryOutcome.Success s && !s.outletEvents().aliasEvents().isEmpty());
    org.jdbi.v3.core.HandleCallback<TaskState, RuntimeException> end = h -> {
      said.clear();
      TaskState state;
      Instant next = null;
      String note = null;
      Set<String> skips = Set.of();
      int pokes = 0;
      boolean lost = false;
      switch (o) {
        case TryOutcome.Success s -> state = TaskState.SUCCESS;
        case TryOutcome.Branched b -> {
          state = TaskState.SUCCESS;
          if (!b.decision().followAll()) {
            Set<String> skipped = SkipPlanner.branchSkips(graph, task.taskId(), b.decision().follow());
            skips = skipped;
            said.add(() -> log.info("Branch into " + b.decision().follow() + "; skipping " + skipped));
          }
        }
        case TryOutcome.ShortCircuited sc -> {
          state = TaskState.SUCCESS;
          if (!sc.proceed()) {
            Set<String> skipped = SkipPlanner.shortCircuitSkips(graph, task.taskId(), sc.ignoreDownstreamTriggerRules());
            skips = skipped;
            said.add(() -> log.info("Condition is falsy: skipping downstream tasks " + skipped));
          } else {
            said.add(() -> log.info("Proceeding with downstream tasks..."));
          }
        }
        case TryOutcome.Skipped s -> {
          state = TaskState.SKIPPED;
          note = s.reason();
        }
        case TryOutcome.Failed f -> {
          note = f.message();
          if (stateFor(f, tryNumber, maxTries) == TaskState.UP_FOR_RETRY) {
            state = TaskState.UP_FOR_RETRY;
            Instant at = RetryPolicy.nextRetryAt(run.dagId(), task, run.logicalDate(), tryNumber, now);
            next = at;
            said.add(() -> log.info("Marking task as UP_FOR_RETRY; next try at " + at));
          } else {
            state = TaskState.FAILED;
            said.add(() -> log.info("Marking task as FAILED."));
          }
        }
        case TryOutcome.Lost l -> {
          // Not the task's failure: retried at once under a new try number, and the retry keeps the retries the
          // lost try had (max_tries grows by one), so retries=0 does not turn a lost container into a failed run.
          state = TaskState.UP_FOR_RETRY;
          note = "lost: " + l.reason();
          next = now;
          lost = true;
          said.add(() -> log.info("Marking task as UP_FOR_RETRY: the try is lost and is run again under a new try"
              + " number (it does not count against retries)."));
        }
        case TryOutcome.Rescheduled r -> {
          state = TaskState.UP_FOR_RESCHEDULE;
          next = r.at();
          pokes = r.pokeCount();
        }
        case TryOutcome.Deferred d -> throw new IllegalStateException("a deferral is written by defer()");
      }
      Map<String, String> xcoms = new java.util.LinkedHashMap<>();
      if (json != null && state == TaskState.SUCCESS) {
        xcoms.put("return_value", json);
        xcoms.putAll(extras);
      }
      if (!stores.taskInstances().finishTry(h, key, tryNumber, state, now, next, note, pokes, xcoms)) {
        return null;
      }
      if (lost) {
        stores.taskInstances().grantOneMoreTry(h, key);
      }
      if (!skips.isEmpty()) {
        List<TiKey> keys = stores.taskInstances().keysOf(h, run.dagId(), run.runId(), skips);
        if (key.mapIndex() >= 0 && task.isMapped()) {
          // A mapped branch (e.g. inside a mapped task group) decides for its own map index only, as Airflow's
          // skip_all_except: instance i skips instance i of the unchosen tasks, never the other instances.
          keys = keys.stream().filter(k -> k.mapIndex() == key.mapIndex()).toList();
        }
        stores.taskInstances().setStates(h, keys, TaskState.SKIPPED, now, "skipped by " + task.taskId());
      }
      if (state == TaskState.SUCCESS) {
        // One event per dataset, committed with the success: a consumer never runs for a try that did not end.
        OutletEvents events = o instanceof TryOutcome.Success s ? s.outletEvents() : OutletEvents.NONE;
        for (String uri : task.outlets()) {
          stores.datasets().emit(
              h, uri, events.extraOf(uri), run.dagId(), task.taskId(), run.runId(), key.mapIndex(), now);
          said.add(() -> log.info("Updated dataset " + uri));
        }
        for (OutletEvents.AliasEvent e : events.aliasEvents()) {
          stores.datasets().emit(
              h, e.uri(), e.extra(), e.aliases(), run.dagId(), task.taskId(), run.runId(), key.mapIndex(), now);
          said.add(() -> log.info("Updated dataset " + e.uri() + " through alias(es) " + e.aliases()));
        }
        said.add(() -> log.info("Marking task as SUCCESS."));
      }
      return state;
    };
    TaskState written = oneStatement ? stores.jdbi().withHandle(end) : stores.jdbi().inTransaction(end);
    said.forEach(Runnable::run);
    return written;
  }

  /** Writes a deferral: the trigger and the instance's deferred state, in one transaction. */
  private TaskState defer(TiKey key, int tryNumber, TryOutcome.Deferred d, TaskLog log, Instant now) {
    String kwargs = io.aloft.runtime.store.Json.write(Trigger.kwargs(d.trigger()));
    String next = io.aloft.runtime.store.Json.write(d.kwargs());
    Instant timeout = d.timeout() == null ? null : now.plus(d.timeout());
    boolean written = stores.jdbi().inTransaction(h -> triggers.defer(
        h, key, tryNumber, Trigger.classpath(d.trigger()), kwargs, d.method(), next, timeout, now));
    if (!written) {
      return null;
    }
    log.info("Pausing task as DEFERRED. Trigger: " + Trigger.classpath(d.trigger()) + " " + Trigger.kwargs(d.trigger())
        + (timeout == null ? "" : ", timeout at " + timeout) + "; the try resumes at " + d.method() + "()");
    return TaskState.DEFERRED;
  }

  private static Object valueOf(TryOutcome o) {
    return switch (o) {
      case TryOutcome.Success s -> s.value();
      case TryOutcome.Branched b -> b.value();
      case TryOutcome.ShortCircuited sc -> sc.value();
      default -> null;
    };
  }

  private Map<String, String> multipleOutputs(TaskSpec task, Object value) {
    if (!task.multipleOutputs()) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new XComException(
          "Returned output was type " + value.getClass().getSimpleName() + " expected dictionary for multiple_outputs");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), stores.xcoms().serialize(task.taskId(), String.valueOf(k), v)));
    return out;
  }
}
