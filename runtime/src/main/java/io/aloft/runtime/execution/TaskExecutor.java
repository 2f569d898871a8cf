package io.aloft.runtime.execution;

import io.aloft.runtime.execution.template.TemplateContext;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.execution.template.XComSource;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.DagGraph;
import io.aloft.runtime.scheduler.RetryPolicy;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.RunInfo;
import io.aloft.sdk.TaskIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed tries, one virtual thread each: prepares arguments (XCom references, mapping, templates),
 * runs the work under its {@code execution_timeout}, writes the outcome and wakes the scheduler. Keeps
 * this daemon's tries alive in the store with a heartbeat. Thread-safe.
 *
 * <p>A try claimed here always ends in the store, whatever happens to its thread: a failure while its end
 * is written falls back to a minimal failed end; a sweeper ends tries this daemon owns in the store but
 * runs no thread for; and {@link #close} ends the tries that did not stop in time. While PostgreSQL cannot be
 * reached (restarting), a try's thread waits for it ({@link StoreOutage#retry}) before its work and to record its
 * end, so an outage costs no try.
 */
public final class TaskExecutor implements SchedulerLoop.Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

  /** A try in flight, for kill and timeout. */
  private record Running(TiKey key, Thread thread, TryContext ctx, TryRunner.Prepared prepared) {}

  private final Stores stores;
  private final OperatorRegistry registry;
  private final TryRunner runner;
  private final TryFinisher finisher;
  private final TriggerStore triggers;
  private final TemplateRenderer renderer;
  private final PythonInvoker python;
  private final Callbacks callbacks;
  private final LogFiles logs;
  private final Clock clock;
  private final Map<String, String> settings;
  private final String hostname;
  private final int parallelism;
  /** The queues claimed from; null: every queue. */
  private final java.util.Set<String> queues;
  private final Function<String, DagGraph> graphs;
  private final Runnable wake;
  private final LeftWork leftWork;
  private volatile boolean closing;
  private final AtomicInteger active = new AtomicInteger();
  /** DAG callbacks running now: close() gives them the same grace as tries. */
  private final AtomicInteger dagCallbacks = new AtomicInteger();
  private final Map<TiKey, Running> running = new ConcurrentHashMap<>();
  private final Metrics metrics;
  /** Every try claimed by this executor whose thread has not finished, from the claim on. */
  private final Map<TiKey, Thread> claimed = new ConcurrentHashMap<>();
  /** Claiming and sweeping exclude each other: a try claimed in the store is in {@link #claimed} before a sweep looks. */
  private final Object claimLock = new Object();
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-timers").daemon().factory());

  /**
   * An executor of every queue, without metrics (tests and tools).
   *
   * @param tryEnded called whenever a try ends (the composition root passes the scheduler's wake-up)
   */
  public TaskExecutor(
      Stores stores,
      OperatorRegistry registry,
      PythonInvoker python,
      TemplateRenderer renderer,
      LogFiles logs,
      Clock clock,
      Map<String, String> settings,
      String hostname,
      int parallelism,
      Runnable tryEnded) {
    this(stores, registry, python, renderer, logs, clock, settings, hostname, parallelism, tryEnded, Metrics.none(), null);
  }

  /**
   * @param metrics counts ended tries ({@code ti.finish}) and reads {@link #activeTries} ({@code executor.running_tasks})
   * @param queues the queues whose tries this executor claims ({@code aloft worker --queues}); null: every queue; empty:
   *     none (a process that only schedules)
   */
  public TaskExecutor(
      Stores stores,
      OperatorRegistry registry,
      PythonInvoker python,
      TemplateRenderer renderer,
      LogFiles logs,
      Clock clock,
      Map<String, String> settings,
      String hostname,
      int parallelism,
      Runnable tryEnded,
      Metrics metrics,
      java.util.Set<String> queues) {
    this.queues = queues == null ? null : java.util.Set.copyOf(queues);
    this.metrics = metrics;
    metrics.runningTasksFrom(active::get);
    this.stores = stores;
    this.registry = registry;
    this.python = python;
    this.callbacks = new Callbacks(python);
    this.runner = new TryRunner(registry, python, clock);
    this.finisher = new TryFinisher(stores, clock);
    this.triggers = new TriggerStore(stores.jdbi());
    this.renderer = renderer;
    this.logs = logs;
    this.clock = clock;
    this.settings = settings;
    this.hostname = hostname;
    this.parallelism = parallelism;
    this.wake = tryEnded;
    this.leftWork = new LeftWork(stores, registry, logs, clock, settings);
    Map<String, DagGraph> cache = new ConcurrentHashMap<>();
    this.graphs = k -> cache.computeIfAbsent(k, key -> {
      int at = key.indexOf('@');
      return DagGraph.of(stores.dags().spec(key.substring(0, at), key.substring(at + 1)));
    });
    // A periodic task that throws is never run again: each catches, so a database gone for a while only
    // skips beats and sweeps, and says so once per outage.
    StoreOutage beatOutage = new StoreOutage(LOG, "the heartbeat of this daemon's tries");
    timers.scheduleWithFixedDelay(() -> {
      try {
        stores.taskInstances().heartbeat(hostname, clock.instant());
        beatOutage.recovered();
      } catch (RuntimeException e) {
        if (!beatOutage.failed(e)) {
          LOG.warn("heartbeat of this daemon's tries failed: {}", e.toString());
        }
      }
    }, 10, 10, TimeUnit.SECONDS);
    long sweep = SWEEP_EVERY.toMillis();
    StoreOutage sweepOutage = new StoreOutage(LOG, "sweeping tries without a thread");
    timers.scheduleWithFixedDelay(() -> {
      try {
        sweep();
        sweepOutage.recovered();
      } catch (RuntimeException e) {
        if (!sweepOutage.failed(e)) {
          LOG.warn("sweeping tries without a thread failed: {}", e.toString());
        }
      }
    }, sweep, sweep, TimeUnit.MILLISECONDS);
    StoreOutage takenOutage = new StoreOutage(LOG, "checking for cleared or marked tries");
    timers.scheduleWithFixedDelay(() -> {
      try {
        stopTakenAway();
        takenOutage.recovered();
      } catch (RuntimeException e) {
        if (!takenOutage.failed(e)) {
          LOG.warn("checking for cleared or marked tries failed: {}", e.toString());
        }
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Stops this daemon's tries whose instance a user cleared or marked (the API, the UI or a CLI in another process
   * changed the row): the store no longer says the try runs here. One narrow query a second, only while tries run.
   */
  private void stopTakenAway() {
    if (running.isEmpty()) {
      return;
    }
    // Only the tries that ran before the query began: a try put in `running` afterwards was claimed in a
    // transaction the query may not have seen yet, and would read as taken away (seen with 64 claims at once).
    List<Running> before = List.copyOf(running.values());
    java.util.Set<String> owned = stores.taskInstances().runningTries(hostname);
    for (Running r : before) {
      if (owned.contains(TaskInstanceStore.tryKey(r.key(), r.ctx().identity().tryNumber()))) {
        continue;
      }
      // And only a try still in `running` now: one that left it has ended its work and may have recorded its end
      // before the query (which is why the query missed it). Decided and signalled under the map's lock for the key,
      // so the try cannot leave between the two: forget() takes the same lock, and clears a signal given before.
      boolean[] signalled = {false};
      running.computeIfPresent(r.key(), (k, cur) -> {
        if (cur == r && !r.ctx().isCancelled()) {
          r.ctx().log().warn("The task instance was cleared or marked by a user: stopping this try.");
          signal(r);
          signalled[0] = true;
        }
        return cur;
      });
      if (signalled[0]) {
        stopWork(r);
      }
    }
  }

  public String hostname() {
    return hostname;
  }

  @Override
  public int freeSlots() {
    return parallelism - active.get();
  }

  @Override
  public void claimAndStart() {
    claimAndStart(stores.jdbi());
  }

  /** Claims through {@code via}: after its pass, the scheduler claims through its own connection. */
  @Override
  public void claimAndStart(org.jdbi.v3.core.Jdbi via) {
    synchronized (claimLock) {
      // A try claimed after close() began would be left running: close() no longer waits for it.
      if (closing) {
        return;
      }
      for (TaskInstanceRow ti : stores.taskInstances().claimQueued(via, hostname, queues, freeSlots(), clock.instant())) {
        Running previous = running.get(ti.key());
        if (previous != null) {
          // The instance was cleared while an earlier try of it ran here: the store gave it a new try, so the old
          // one is no longer its owner and must not keep working next to the new one.
          previous.ctx().log().warn("The task instance was cleared: stopping this try.");
          stop(previous);
        }
        active.incrementAndGet();
        Thread t = Thread.ofVirtual().name("try-" + ti.key()).unstarted(() -> runTry(ti));
        claimed.put(ti.key(), t);
        t.start();
      }
    }
  }

  /**
   * Ends the tries the store says run here but no thread of this executor runs (a thread that died
   * before it could record the end): failed, or up for retry while retries remain, with the reason in
   * the try's log; then its operator is asked to stop the outside work the try recorded (its container), which
   * no thread here watches any more ({@link LeftWork}). Returns how many it ended.
   */
  int sweep() {
    List<TaskInstanceRow> orphans = new java.util.ArrayList<>();
    synchronized (claimLock) {
      if (closing) {
        return 0;
      }
      for (TaskInstanceRow ti : stores.taskInstances().runningOn(hostname)) {
        Thread t = claimed.get(ti.key());
        if (t == null || !t.isAlive() && t.getState() != Thread.State.NEW) {
          orphans.add(ti);
        }
      }
    }
    int ended = 0;
    for (TaskInstanceRow ti : orphans) {
      if (endWithoutThread(ti, "the try's thread in this daemon ended without recording how the try ended (see the daemon log)")) {
        ended++;
        cleanUpLeftWork(ti);
      }
    }
    return ended;
  }

  /**
   * Ends a try from outside its thread (sweeper, shutdown): up for retry while retries remain, else
   * failed; a line in the try's log says why. Returns false when the try had already ended.
   */
  private boolean endWithoutThread(TaskInstanceRow ti, String reason) {
    Instant now = clock.instant();
    TaskState state = TaskState.FAILED;
    Instant next = null;
    try {
      DagRunRow run = stores.runs().get(ti.dagId(), ti.runId()).orElse(null);
      if (run != null) {
        TaskSpec task = graphs.apply(run.dagId() + "@" + run.specHash()).task(ti.taskId());
        if (RetryPolicy.hasRetriesLeft(ti.tryNumber(), ti.maxTries())) {
          state = TaskState.UP_FOR_RETRY;
          next = RetryPolicy.nextRetryAt(run.dagId(), task, run.logicalDate(), ti.tryNumber(), now);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("try {}: cannot tell whether it may retry ({}); marking it failed", ti.key(), e.toString());
    }
    TaskState s = state;
    Instant n = next;
    boolean ended = stores.jdbi().inTransaction(h -> stores.taskInstances().finishTry(h, ti.key(), ti.tryNumber(), s, now, n, reason));
    if (ended) {
      LOG.warn("try {} {}: {}; marked {}", ti.key(), ti.tryNumber(), reason, s.dbName());
      appendToLog(ti, "Task failed: " + reason + ". Marking task as " + s.name() + ".");
    }
    return ended;
  }

  /** After the try's end is written: a failure here is logged by {@link LeftWork} and never undoes the end. */
  private void cleanUpLeftWork(TaskInstanceRow ti) {
    try {
      DagRunRow run = stores.runs().get(ti.dagId(), ti.runId()).orElse(null);
      if (run != null) {
        leftWork.cleanUp(ti, run, graphs.apply(run.dagId() + "@" + run.specHash()).task(ti.taskId()));
      }
    } catch (RuntimeException e) {
      LOG.warn("try {} {}: cannot look up its work to stop it: {}", ti.key(), ti.tryNumber(), e.toString());
    }
  }

  private void appendToLog(TaskInstanceRow ti, String line) {
    try (TryLog log = new TryLog(logs.path(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), ti.tryNumber()), new SecretMasker(), clock)) {
      log.error(line);
    } catch (RuntimeException e) {
      LOG.warn("cannot append to the log of try {}: {}", ti.key(), e.toString());
    }
  }

  /** Number of tries running in this daemon now. */
  public int activeTries() {
    return active.get();
  }

  @Override
  public void kill(TiKey key, String reason) {
    Running r = running.get(key);
    if (r == null) {
      return;
    }
    r.ctx().log().error("Killing the try: " + reason);
    stop(r);
  }

  private void stop(Running r) {
    signal(r);
    stopWork(r);
  }

  /** Tells the try's thread to stop: its context says cancelled, and a wait of it ends. */
  private static void signal(Running r) {
    r.ctx().cancel();
    r.thread().interrupt();
  }

  /** Asks the operator (or the Python host) to stop the try's work: its process, container or call. */
  private void stopWork(Running r) {
    if (r.prepared() != null && r.prepared().operator() != null) {
      try {
        r.prepared().operator().onKill(r.ctx());
      } catch (RuntimeException e) {
        r.ctx().log().warn("on_kill failed: " + e.getMessage());
      }
    } else {
      python.cancel(r.ctx());
    }
  }

  private void runTry(TaskInstanceRow ti) {
    TiKey key = ti.key();
    try {
      // A try claimed just before PostgreSQL went away waits for it here rather than failing: it has not begun.
      DagRunRow run = StoreOutage.retry(LOG, "try " + key + ": reading its run",
          () -> stores.runs().get(ti.dagId(), ti.runId()).orElseThrow());
      DagSpec spec = StoreOutage.retry(LOG, "try " + key + ": reading its DAG",
          () -> stores.dags().spec(run.dagId(), run.specHash()));
      DagGraph graph = graphs.apply(run.dagId() + "@" + run.specHash());
      TaskSpec task = graph.task(ti.taskId());
      SecretMasker masker = new SecretMasker(SensitiveNames.of(settings));
      try (TryLog log = new TryLog(logs.path(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), ti.tryNumber()), masker, clock)) {
        TryContext ctx =
            new TryContext(
                new TaskIdentity(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), ti.tryNumber()),
                new RunInfo(run.runType(), run.logicalDate(), run.dataIntervalStart(), run.dataIntervalEnd()),
                log, run.conf(), stores, masker, clock, settings, ti.resumeTry());
        ctx.operatorOfPlugin(registry.pluginOf(task.operator()));
        ctx.sameMapIndexTasks(sameMappedGroup(spec, task));
        log.info("Starting attempt " + ti.tryNumber() + " of " + (ti.maxTries() + 1) + " on " + hostname);
        TryOutcome outcome = execute(ti, run, spec, task, ctx, log);
        forget(key, ti.tryNumber());
        TaskState ending = TryFinisher.stateFor(outcome, ti.tryNumber(), ti.maxTries());
        if (ending != null) {
          afterTry(ending, outcome, ti, run, spec, task, ctx);
        }
        TaskState state;
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try {
          // Never lost while PostgreSQL is away: the end is written once it is back. The write is one transaction
          // guarded by the try's number and `running` state, so a repeat after a commit whose answer was lost
          // finds the try ended and writes nothing.
          state = StoreOutage.retry(LOG, "try " + key + ": recording its end", () -> {
            attempts.incrementAndGet();
            return finisher.finish(graph, run, task, key, ti.tryNumber(), ti.maxTries(), outcome, log);
          });
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          log.error("The daemon stopped while PostgreSQL was unreachable: the try's end was not recorded.");
          return; // the next start finds the try left running and retries or resumes it
        } catch (RuntimeException e) {
          LOG.error("try {}: recording its end failed: {}", key, e.toString(), e);
          log.error("Recording how the try ended failed (" + e + "). Marking task as FAILED.");
          endAfterCrash(ti, "recording how the try ended failed: " + e);
          return;
        }
        if (state != null) {
          metrics.taskFinished(run.dagId(), task.taskId(), state.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (state == null && attempts.get() > 1 && endedAsRecorded(key, ti.tryNumber())) {
          log.info("The try's end was recorded as PostgreSQL went away (its answer was lost).");
        } else if (state == null) {
          log.warn("The try was taken away from this daemon (the run was stopped or changed); its result is dropped.");
        }
      }
    } catch (InterruptedException e) {
      // The daemon stopped while PostgreSQL was away, before the work began: the next start retries the try.
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) { // StackOverflowError, OutOfMemoryError: the try must still end
      LOG.error("try {} crashed: {}", key, e.toString(), e);
      endAfterCrash(ti, "internal error: " + e);
    } finally {
      forget(key, ti.tryNumber());
      claimed.remove(key, Thread.currentThread()); // a newer try of a cleared instance may have taken the key
      active.decrementAndGet();
      wake.run();
    }
  }

  /**
   * The task's callback for the state its try ends in, if it has one; run before that state is written (as Airflow
   * 3's task runner does), so downstream tasks and readers of the state find the callback done.
   */
  private void afterTry(TaskState state, TryOutcome outcome, TaskInstanceRow ti, DagRunRow run, DagSpec spec,
      TaskSpec task, TryContext ctx) {
    DagSpec.TaskCallbacks own = spec.callbacksOf(task.taskId());
    if (state == TaskState.FAILED && own.has("email_on_failure") || state == TaskState.UP_FOR_RETRY && own.has("email_on_retry")) {
      FailureMail.send(ctx, own.email(), ti, state, outcome instanceof TryOutcome.Failed f ? f.message() : "", hostname);
    }
    String name = Callbacks.forState(state);
    if (name == null || !own.has(name)) {
      return;
    }
    String failure = outcome instanceof TryOutcome.Failed f ? f.message() : null;
    callbacks.task(name, spec, task, ti.mapIndex(), pythonContext(spec, task, run, ti, EffectiveParams.of(spec, run.conf())),
        ctx, failure);
  }

  /**
   * Runs the DAG's {@code on_success_callback} / {@code on_failure_callback} for a run that ended, on a virtual
   * thread of its own (the scheduler's thread must not wait for Python), with the context of the run's first failed
   * task for a failure and of its last task otherwise; its output goes to {@link LogFiles#dagCallbackPath}.
   */
  @Override
  public void runEnded(DagRunRow run, io.aloft.runtime.model.RunState state, String reason) {
    String name = switch (state) {
      case SUCCESS -> "on_success_callback";
      case FAILED -> "on_failure_callback";
      default -> null;
    };
    DagSpec spec;
    try {
      spec = stores.dags().spec(run.dagId(), run.specHash());
    } catch (RuntimeException e) {
      LOG.warn("run {} of {}: cannot read its DAG for its callbacks: {}", run.runId(), run.dagId(), e.toString());
      return;
    }
    if (name == null || !spec.hasDagCallback(name) || spec.tasks().isEmpty()) {
      return;
    }
    dagCallbacks.incrementAndGet();
    Thread.ofVirtual().name("dag-callback-" + run.dagId()).start(() -> {
      try {
        runDagCallback(name, run, spec, reason);
      } catch (RuntimeException | Error e) {
        LOG.warn("run {} of {}: the DAG's {} could not run: {}", run.runId(), run.dagId(), name, e.toString());
      } finally {
        dagCallbacks.decrementAndGet();
      }
    });
  }

  private void runDagCallback(String name, DagRunRow run, DagSpec spec, String reason) {
    List<TaskInstanceRow> tis = stores.taskInstances().listForRun(run.dagId(), run.runId());
    TaskInstanceRow ti = tis.stream().filter(t -> t.state() == TaskState.FAILED).findFirst()
        .orElse(tis.isEmpty() ? null : tis.getLast());
    if (ti == null) {
      return;
    }
    TaskSpec task = spec.task(ti.taskId()).orElse(spec.tasks().getLast());
    SecretMasker masker = new SecretMasker(SensitiveNames.of(settings));
    try (TryLog log = new TryLog(logs.dagCallbackPath(run.dagId(), run.runId()), masker, clock)) {
      TryContext ctx = new TryContext(
          new TaskIdentity(run.dagId(), run.runId(), task.taskId(), ti.mapIndex(), Math.max(ti.tryNumber(), 1)),
          new RunInfo(run.runType(), run.logicalDate(), run.dataIntervalStart(), run.dataIntervalEnd()),
          log, run.conf(), stores, masker, clock, settings, false);
      Map<String, Object> context = pythonContext(spec, task, run, ti, EffectiveParams.of(spec, run.conf()));
      callbacks.dag(name, spec, task, context, ctx, reason);
    }
  }

  /** The other tasks of {@code task}'s mapped task group: its XCom pulls from them read the same map index. */
  private static java.util.Set<String> sameMappedGroup(DagSpec spec, TaskSpec task) {
    if (!task.isMapped() || task.mapped().group() == null) {
      return java.util.Set.of();
    }
    return spec.tasks().stream()
        .filter(t -> task.mapped().sameGroup(t.mapped()))
        .map(TaskSpec::taskId)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Whether a try's end is in the store (an earlier attempt of the write committed). */
  private boolean endedAsRecorded(TiKey key, int tryNumber) {
    return stores.taskInstances().get(key)
        .filter(t -> t.tryNumber() == tryNumber && t.state() != TaskState.RUNNING && t.hostname() == null)
        .isPresent();
  }

  /** Drops a try from the kill list, unless a newer try of the same instance took its place. */
  private void forget(TiKey key, int tryNumber) {
    running.computeIfPresent(key, (k, r) -> r.ctx().identity().tryNumber() == tryNumber ? null : r);
    // A stop signalled before the try left `running` (see stopTakenAway) must not interrupt the write of its end.
    Thread.interrupted();
  }

  /**
   * Ends a try whose normal end could not be written, as failed: first with the reason, then (the reason
   * itself may be what the store refuses) with a minimal message, a few times over a few seconds (a
   * dropped connection). What still fails is left to the sweeper.
   */
  private void endAfterCrash(TaskInstanceRow ti, String reason) {
    String[] notes = {reason, "internal error while recording how the try ended (see the daemon log)"};
    for (int attempt = 0; attempt < 4; attempt++) {
      String note = notes[Math.min(attempt, 1)];
      try {
        stores.jdbi().useTransaction(h ->
            stores.taskInstances().finishTry(h, ti.key(), ti.tryNumber(), TaskState.FAILED, clock.instant(), null, note));
        metrics.taskFinished(ti.dagId(), ti.taskId(), "failed");
        return;
      } catch (RuntimeException e) {
        LOG.warn("try {}: writing its failed end failed ({}); {}", ti.key(), e.toString(), attempt < 3 ? "trying again" : "the sweeper will end it");
        try {
          Thread.sleep(500L << attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private TryOutcome execute(TaskInstanceRow ti, DagRunRow run, DagSpec spec, TaskSpec task, TryContext ctx, TryLog log) {
    Ready ready;
    try {
      // Preparing reads XComs, variables and connections and saves the rendered fields: repeated (it changes
      // nothing else) while PostgreSQL is away, rather than failing a try whose work has not begun.
      ready = StoreOutage.retry(LOG, "try " + ti.key() + ": preparing its arguments", () -> prepare(ti, run, spec, task, ctx));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TryOutcome.Failed("the daemon stopped before the try started", false);
    } catch (RuntimeException e) {
      log.error(TryRunner.describe(e));
      return new TryOutcome.Failed(TryRunner.describe(e), false);
    }
    return executePrepared(ti, spec, task, ctx, log, ready);
  }

  /**
   * A try ready to run: the runner's prepared work and the Python view of it (for the task's callbacks), with the
   * template context and rendered arguments the {@code map_index_template} is rendered with after the work.
   */
  private record Ready(TryRunner.Prepared prepared, PythonInvoker.PythonTry call, TemplateContext templates,
      Map<String, Object> rendered) {}

  /** The task's {@code map_index_template} when this instance is one of its mapped instances, else null. */
  private static String mapIndexTemplate(TaskSpec task, int mapIndex) {
    return task.isMapped() && mapIndex >= 0 ? task.mapped().mapIndexTemplate() : null;
  }

  /**
   * Renders and saves the instance's name from its {@code map_index_template} after the work, as Airflow 2.10 does:
   * a try that succeeded fails when its template does not render; one that failed (or was skipped or rescheduled)
   * keeps its own outcome and a template that does not render leaves the name unset.
   */
  private TryOutcome renderMapIndex(TaskInstanceRow ti, TaskSpec task, TryContext ctx, Ready ready, TryOutcome o) {
    String template = mapIndexTemplate(task, ti.mapIndex());
    boolean succeeded = o instanceof TryOutcome.Success || o instanceof TryOutcome.Branched
        || o instanceof TryOutcome.ShortCircuited;
    if (template == null || !(succeeded || o instanceof TryOutcome.Failed || o instanceof TryOutcome.Skipped
        || o instanceof TryOutcome.Rescheduled)) {
      return o;
    }
    String name;
    try {
      name = renderer.renderMapIndex(template, ready.templates(), taskArguments(task, ready.rendered()), ctx.templateExtras());
    } catch (RuntimeException e) {
      if (!succeeded) {
        ctx.log().warn("map_index_template did not render: " + TryRunner.describe(e));
        return o;
      }
      String message = "map_index_template did not render: " + TryRunner.describe(e);
      ctx.log().error(message);
      return new TryOutcome.Failed(message, false);
    }
    String masked = String.valueOf(ctx.mask(name));
    ctx.log().info("Map index rendered as " + masked);
    try {
      stores.taskInstances().saveRenderedMapIndex(ti.key(), masked);
    } catch (RuntimeException e) {
      ctx.log().warn("The rendered map index was not saved: " + e.getMessage());
    }
    return o;
  }

  /**
   * What {@code task.<name>} reads in a {@code map_index_template}: the rendered arguments; for a Python task, the
   * mapped TaskFlow arguments also inside {@code op_kwargs}, where the function receives them.
   */
  private static Map<String, Object> taskArguments(TaskSpec task, Map<String, Object> rendered) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(rendered);
    if ("python".equals(task.executor()) && rendered.get("op_kwargs") instanceof Map<?, ?> opKwargs) {
      Map<Object, Object> merged = new java.util.LinkedHashMap<>(opKwargs);
      rendered.forEach((k, v) -> {
        if (!task.templateFields().contains(k)) {
          merged.put(k, v);
        }
      });
      out.put("op_kwargs", merged);
    }
    return out;
  }

  private Ready prepare(TaskInstanceRow ti, DagRunRow run, DagSpec spec, TaskSpec task, TryContext ctx) {
    Map<String, Object> args =
        ArgResolver.resolve(task, ti.mapIndex(), (taskId, k) -> ctx.xcom().pull(taskId, k).orElse(null));
    Map<String, Object> params = EffectiveParams.of(spec, run.conf());
    TemplateContext tctx =
        TemplateContext.of(run.dagId(), task.taskId(), run.runId(), run.logicalDate())
            .withTry(ti.tryNumber(), ti.mapIndex())
            .withRun(run.runType(), run.dataIntervalStart(), run.dataIntervalEnd())
            .withConfAndParams(run.conf(), params)
            .withOperator(task.operator())
            .withSources(
                XComSource.of(
                    (taskId, k) -> ctx.xcom().pull(taskId, k),
                    (k, value) -> ctx.xcom().push(k, value),
                    (taskIds, k, mapIndexes) -> ctx.xcomPull(taskIds, k, mapIndexes, null)),
                ctx::variable)
            .withConnections(ctx::connection)
            .withDatasetEvents(datasetEvents(task, run));
    Map<String, Object> rendered = renderer.renderFields(args, task.templateFields(), templateFiles(spec, task), tctx);
    ctx.templateRenderer((value, extras) -> renderer.renderWith(value, tctx, extras));
    maskSecretArgs(task, rendered, ctx);
    stores.taskInstances().saveRenderedFields(ti.key(), renderedFields(task, rendered, ctx));
    Map<String, Object> context = pythonContext(spec, task, run, ti, params);
    // A try resumed after its deferral continues at the method it named (Python: _runner reads these two keys).
    TriggerStore.Resume resume = ti.resumeTry() ? triggers.resumeOf(ti.key()).orElse(null) : null;
    if (resume != null) {
      context = new java.util.LinkedHashMap<>(context);
      context.put("_aloft_next_method", resume.method());
      context.put("_aloft_next_kwargs", io.aloft.runtime.store.Json.readMap(resume.kwargsJson()));
    }
    PythonInvoker.PythonTry call = new PythonInvoker.PythonTry(spec, task, ti.mapIndex(), rendered, context, ctx);
    return new Ready(
        runner.prepare(call, ctx, ti.firstStart() != null ? ti.firstStart() : ti.startDate(), ti.pokeCount(), resume),
        call, tctx, rendered);
  }

  private TryOutcome executePrepared(TaskInstanceRow ti, DagSpec spec, TaskSpec task, TryContext ctx, TryLog log,
      Ready ready) {
    TryRunner.Prepared prepared = ready.prepared();
    PythonInvoker.PythonTry call = ready.call();
    Running r = new Running(ti.key(), Thread.currentThread(), ctx, prepared);
    running.put(ti.key(), r);
    // close() stops the tries it finds in `running`; one claimed just before it, and still preparing then,
    // must not start its work after the daemon has gone.
    if (closing && !(prepared.operator() instanceof ResumableOperator)) {
      log.warn("The daemon is stopping: this try does not start.");
      return new TryOutcome.Failed("the daemon stopped before the try started", false);
    }
    callbacks.task("on_execute_callback", spec, task, ti.mapIndex(), call.airflowContext(), ctx, null);
    ScheduledFuture<?> watchdog = null;
    if (task.executionTimeoutSeconds() != null) {
      long ms = Math.round(task.executionTimeoutSeconds() * 1000);
      watchdog = timers.schedule(() -> {
        log.error("Timeout: the try ran longer than execution_timeout (" + Duration.ofMillis(ms) + ")");
        stop(r);
      }, ms, TimeUnit.MILLISECONDS);
    }
    try {
      TryOutcome o = runner.run(prepared);
      if (ctx.isCancelled() && !(o instanceof TryOutcome.Success)) {
        return new TryOutcome.Failed("Timeout or stop: the try was killed", false);
      }
      return renderMapIndex(ti, task, ctx, ready, o);
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      Thread.interrupted(); // a late interrupt must not leak into finishing the try
    }
  }

  /** Template files of a built-in operator with Airflow's {@code template_ext} ({@code .sql}), beside the DAG file. */
  private static io.aloft.runtime.execution.template.TemplateFiles templateFiles(DagSpec spec, TaskSpec task) {
    List<String> extensions = "java".equals(task.executor())
        ? io.aloft.runtime.execution.builtin.BuiltinOperators.templateExtensions(task.operator()) : List.of();
    if (extensions.isEmpty() || spec.fileloc() == null) {
      return io.aloft.runtime.execution.template.TemplateFiles.none();
    }
    java.nio.file.Path folder = java.nio.file.Path.of(spec.fileloc()).toAbsolutePath().getParent();
    return new io.aloft.runtime.execution.template.TemplateFiles(folder == null ? List.of() : List.of(folder), extensions);
  }

  /**
   * Values of an operator's secret arguments (Docker's private_environment) and values under sensitive names
   * ({@code env={"API_KEY": ...}}) never reach logs or rendered fields: the same values the store seals.
   */
  private void maskSecretArgs(TaskSpec task, Map<String, Object> rendered, TryContext ctx) {
    SensitiveNames names = SensitiveNames.of(settings);
    if ("java".equals(task.executor())) {
      registry.find(task.operator()).ifPresent(d -> d.secretArguments().forEach(a -> registerLeaves(rendered.get(a), ctx)));
    }
    registerSensitive(rendered, names, ctx);
  }

  private static void registerSensitive(Object v, SensitiveNames names, TryContext ctx) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> {
        if (names.sensitive(String.valueOf(k))) {
          registerLeaves(x, ctx);
        } else {
          registerSensitive(x, names, ctx);
        }
      });
    } else if (v instanceof java.util.List<?> l) {
      l.forEach(x -> registerSensitive(x, names, ctx));
    }
  }

  private static void registerLeaves(Object v, TryContext ctx) {
    if (v instanceof Map<?, ?> m) {
      m.values().forEach(x -> registerLeaves(x, ctx));
    } else if (v instanceof java.util.List<?> l) {
      l.forEach(x -> registerLeaves(x, ctx));
    } else if (v != null) {
      ctx.registerSecret(String.valueOf(v));
    }
  }

  private static Map<String, Object> renderedFields(TaskSpec task, Map<String, Object> rendered, TryContext ctx) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (String f : task.templateFields()) {
      if (rendered.containsKey(f)) {
        out.put(f, ctx.mask(rendered.get(f)));
      }
    }
    return out;
  }

  /**
   * Shuts down: tries of resumable operators (containers) are left running — their rows stay
   * {@code running} and the next start re-attaches to them; every other try is stopped (its process
   * would outlive the daemon otherwise) and gets a few seconds to record how it ended.
   */
  @Override
  public void close() {
    synchronized (claimLock) {
      closing = true; // under the lock: no claim is half done when the waiting below begins
    }
    timers.shutdownNow();
    int keptRunning = 0;
    for (Running r : running.values()) {
      if (r.prepared() != null && r.prepared().operator() instanceof ResumableOperator) {
        keptRunning++;
        r.ctx().log().info("The daemon is stopping: this try's work keeps running and is re-attached at the next start.");
      } else {
        stop(r);
      }
    }
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    while ((active.get() > keptRunning || dagCallbacks.get() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    endStragglers();
  }

  /**
   * Ends, from here, the tries that did not record their end within the grace period (still preparing,
   * or work that ignored the stop): the store closes after this, and a try left {@code running} would be
   * orphaned until the next start. The try's thread may still finish; its own write then finds the try
   * ended and is dropped.
   */
  private void endStragglers() {
    for (Map.Entry<TiKey, Thread> e : claimed.entrySet()) {
      Running r = running.get(e.getKey());
      if (r != null && r.prepared() != null && r.prepared().operator() instanceof ResumableOperator) {
        continue;
      }
      try {
        stores.taskInstances().get(e.getKey())
            .filter(ti -> ti.state() == TaskState.RUNNING && hostname.equals(ti.hostname()))
            .ifPresent(ti -> endWithoutThread(ti, "the daemon stopped and the try did not end within " + STOP_GRACE.toSeconds() + " s"));
      } catch (RuntimeException ex) {
        LOG.warn("try {}: cannot record its end at shutdown: {}", e.getKey(), ex.toString());
      }
    }
  }

  /**
   * Airflow's context for a Python try; a dataset-triggered run's also names the events that triggered it, and a
   * task with inlets gets their events ({@code inlet_events}).
   */
  private Map<String, Object> pythonContext(
      io.aloft.runtime.model.DagSpec spec, TaskSpec task, DagRunRow run, TaskInstanceRow ti, Map<String, Object> params) {
    Map<String, Object> context = AirflowContext.of(spec, task, run, ti.mapIndex(), ti.tryNumber(), params);
    context.putAll(datasetEvents(task, run));
    String mapIndexTemplate = mapIndexTemplate(task, ti.mapIndex());
    if (mapIndexTemplate != null) {
      context.put("map_index_template", mapIndexTemplate); // as in Airflow's context; its runner reports additions
    }
    return context;
  }

  /**
   * {@code triggering_dataset_events} (also as Airflow 3's {@code triggering_asset_events}) of a dataset-triggered
   * run and {@code inlet_events} of a task with inlets, each by dataset URI (or alias name); empty otherwise, so a
   * task without datasets costs no query.
   */
  private Map<String, Object> datasetEvents(TaskSpec task, DagRunRow run) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if ("dataset_triggered".equals(run.runType())) {
      Map<String, Object> triggering = AirflowContext.triggeringEvents(stores.datasets().triggeringEvents(run.id()));
      out.put("triggering_dataset_events", triggering);
      out.put("triggering_asset_events", triggering);
    }
    if (!task.inlets().isEmpty() || !task.inletAliases().isEmpty()) {
      out.put("inlet_events", AirflowContext.inletEvents(
          stores.datasets().inletEvents(task.inlets(), task.inletAliases(), AirflowContext.MAX_INLET_EVENTS)));
    }
    return out;
  }
}
