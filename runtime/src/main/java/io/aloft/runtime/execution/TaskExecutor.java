package io.aloft.runtime.execution;

import io.aloft.runtime.execution.template.TemplateContext;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.DagGraph;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TiKey;
import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.RunInfo;
import io.aloft.sdk.TaskIdentity;
import java.time.Clock;
import java.time.Duration;
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
 */
public final class TaskExecutor implements SchedulerLoop.Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

  /** A try in flight, for kill and timeout. */
  private record Running(TiKey key, Thread thread, TryContext ctx, TryRunner.Prepared prepared) {}

  private final Stores stores;
  private final OperatorRegistry registry;
  private final TryRunner runner;
  private final TryFinisher finisher;
  private final TemplateRenderer renderer;
  private final PythonInvoker python;
  private final LogFiles logs;
  private final Clock clock;
  private final Map<String, String> settings;
  private final String hostname;
  private final int parallelism;
  private final Function<String, DagGraph> graphs;
  private final Runnable wake;
  private volatile boolean closing;
  private final AtomicInteger active = new AtomicInteger();
  private final Map<TiKey, Running> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-timers").daemon().factory());

  /** @param tryEnded called whenever a try ends (the composition root passes the scheduler's wake-up) */
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
    this.stores = stores;
    this.registry = registry;
    this.python = python;
    this.runner = new TryRunner(registry, python, clock);
    this.finisher = new TryFinisher(stores, clock);
    this.renderer = renderer;
    this.logs = logs;
    this.clock = clock;
    this.settings = settings;
    this.hostname = hostname;
    this.parallelism = parallelism;
    this.wake = tryEnded;
    Map<String, DagGraph> cache = new ConcurrentHashMap<>();
    this.graphs = k -> cache.computeIfAbsent(k, key -> {
      int at = key.indexOf('@');
      return DagGraph.of(stores.dags().spec(key.substring(0, at), key.substring(at + 1)));
    });
    timers.scheduleWithFixedDelay(() -> stores.taskInstances().heartbeat(hostname, clock.instant()), 10, 10, TimeUnit.SECONDS);
    timers.scheduleWithFixedDelay(this::stopTakenAway, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Stops this daemon's tries whose instance a user cleared or marked (the API, the UI or a CLI in another process
   * changed the row): the store no longer says the try runs here. One narrow query a second, only while tries run.
   */
  private void stopTakenAway() {
    if (running.isEmpty()) {
      return;
    }
    try {
      java.util.Set<String> owned = stores.taskInstances().runningTries(hostname);
      for (Running r : running.values()) {
        TaskIdentity id = r.ctx().identity();
        if (!owned.contains(TaskInstanceStore.tryKey(r.key(), id.tryNumber())) && !r.ctx().isCancelled()) {
          r.ctx().log().warn("The task instance was cleared or marked by a user: stopping this try.");
          stop(r);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("checking for cleared tries failed: {}", e.toString());
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
    for (TaskInstanceRow ti : stores.taskInstances().claimQueued(hostname, freeSlots(), clock.instant())) {
      Running previous = running.get(ti.key());
      if (previous != null) {
        // The instance was cleared while an earlier try of it ran here: the store gave it a new try, so the old
        // one is no longer its owner and must not keep working next to the new one.
        previous.ctx().log().warn("The task instance was cleared: stopping this try.");
        stop(previous);
      }
      active.incrementAndGet();
      Thread.ofVirtual().name("try-" + ti.key()).start(() -> runTry(ti));
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
    r.ctx().cancel();
    r.thread().interrupt();
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
      DagRunRow run = stores.runs().get(ti.dagId(), ti.runId()).orElseThrow();
      DagSpec spec = stores.dags().spec(run.dagId(), run.specHash());
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
        log.info("Starting attempt " + ti.tryNumber() + " of " + (ti.maxTries() + 1) + " on " + hostname);
        TryOutcome outcome = execute(ti, run, spec, task, ctx, log);
        forget(key, ti.tryNumber());
        TaskState state = finisher.finish(graph, run, task, key, ti.tryNumber(), ti.maxTries(), outcome, log);
        if (state == null) {
          log.warn("The try was taken away from this daemon (the run was stopped or changed); its result is dropped.");
        }
      }
    } catch (RuntimeException e) {
      LOG.error("try {} crashed: {}", key, e.toString(), e);
      stores.jdbi().useTransaction(h ->
          stores.taskInstances().finishTry(h, key, ti.tryNumber(), TaskState.FAILED, clock.instant(), null, "internal error: " + e));
    } finally {
      forget(key, ti.tryNumber());
      active.decrementAndGet();
      wake.run();
    }
  }

  /** Drops a try from the kill list, unless a newer try of the same instance took its place. */
  private void forget(TiKey key, int tryNumber) {
    running.computeIfPresent(key, (k, r) -> r.ctx().identity().tryNumber() == tryNumber ? null : r);
  }

  private TryOutcome execute(TaskInstanceRow ti, DagRunRow run, DagSpec spec, TaskSpec task, TryContext ctx, TryLog log) {
    TryRunner.Prepared prepared;
    try {
      Map<String, Object> args =
          ArgResolver.resolve(task, ti.mapIndex(), (taskId, k) -> stores.xcoms().pull(run.dagId(), run.runId(), taskId, k, null).orElse(null));
      Map<String, Object> params = EffectiveParams.of(spec, run.conf());
      TemplateContext tctx =
          TemplateContext.of(run.dagId(), task.taskId(), run.runId(), run.logicalDate())
              .withTry(ti.tryNumber(), ti.mapIndex())
              .withRun(run.runType(), run.dataIntervalStart(), run.dataIntervalEnd())
              .withConfAndParams(run.conf(), params)
              .withOperator(task.operator())
              .withSources(
                  (taskId, k) -> stores.xcoms().pull(run.dagId(), run.runId(), taskId, k, null),
                  ctx::variable);
      Map<String, Object> rendered = renderer.renderFields(args, task.templateFields(), tctx);
      maskSecretArgs(task, rendered, ctx);
      stores.taskInstances().saveRenderedFields(ti.key(), renderedFields(task, rendered, ctx));
      PythonInvoker.PythonTry call =
          new PythonInvoker.PythonTry(
              spec, task, ti.mapIndex(), rendered, AirflowContext.of(spec, task, run, ti.mapIndex(), ti.tryNumber(), params), ctx);
      prepared = runner.prepare(call, ctx, ti.firstStart() != null ? ti.firstStart() : ti.startDate(), ti.pokeCount());
    } catch (RuntimeException e) {
      log.error(TryRunner.describe(e));
      return new TryOutcome.Failed(TryRunner.describe(e), false);
    }
    Running r = new Running(ti.key(), Thread.currentThread(), ctx, prepared);
    running.put(ti.key(), r);
    // close() stops the tries it finds in `running`; one claimed just before it, and still preparing then,
    // must not start its work after the daemon has gone.
    if (closing && !(prepared.operator() instanceof ResumableOperator)) {
      log.warn("The daemon is stopping: this try does not start.");
      return new TryOutcome.Failed("the daemon stopped before the try started", false);
    }
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
      return o;
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      Thread.interrupted(); // a late interrupt must not leak into finishing the try
    }
  }

  /** Values of an operator's secret arguments (Docker's private_environment) never reach logs or rendered fields. */
  private void maskSecretArgs(TaskSpec task, Map<String, Object> rendered, TryContext ctx) {
    if (!"java".equals(task.executor())) {
      return;
    }
    registry.find(task.operator()).ifPresent(d -> d.secretArguments().forEach(a -> registerLeaves(rendered.get(a), ctx)));
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
    closing = true;
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
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (active.get() > keptRunning && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
