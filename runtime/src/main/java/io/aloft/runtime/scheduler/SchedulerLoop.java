package io.aloft.runtime.scheduler;

import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DagRunStore;
import io.aloft.runtime.store.PoolRow;
import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin loop over the store: wakes on an event (a run triggered, a try ended) or every tick, and in
 * one transaction per pass applies the pure deciders — {@link ReadinessPlanner}, {@link
 * RunStateDecider}, {@link PoolSlots} — to every running run, then lets the executor claim what was
 * queued. A PostgreSQL advisory lock makes one daemon decide at a time, so several daemons can share a
 * database; tries are claimed separately with {@code SKIP LOCKED}.
 */
public final class SchedulerLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);
  private static final long DECIDER_LOCK = 0x416c6f6674L; // "Aloft"
  /** How often an idle scheduler deletes the {@code ti_change} rows written while nothing ran. */
  static final Duration IDLE_PURGE_EVERY = Duration.ofMinutes(1);
  private static final Set<TaskState> RETRY_WAITS = EnumSet.of(TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RESCHEDULE);

  /** What the loop needs from the executor. */
  public interface Executor {
    /** How many more tries this daemon can start now. */
    int freeSlots();

    /** Claims queued tries and starts them. */
    void claimAndStart();

    /**
     * {@link #claimAndStart()} through the scheduler pass's own connection ({@code via}), so that the claim after a
     * pass does not wait for a connection of the pool the running tries share; by default through the executor's
     * own.
     */
    default void claimAndStart(Jdbi via) {
      claimAndStart();
    }

    /** Stops running tries (dagrun_timeout, a run marked failed). */
    void kill(TiKey key, String reason);

    /**
     * A run ended ({@code reason} as Airflow names it: {@code success}, {@code task_failure}, {@code timed_out},
     * {@code all_tasks_deadlocked}); called after the pass's transaction committed, on the scheduler's thread, so
     * it must not block (the executor runs DAG callbacks on a thread of its own).
     */
    default void runEnded(DagRunRow run, RunState state, String reason) {}
  }

  /** When the next scheduled runs are due; see {@link ScheduledRuns}. */
  public interface RunCreator {
    /**
     * Whether {@link #createDueRuns} has anything to look at now (it may throttle itself, and read the store
     * outside a transaction); the pass opens a transaction for it only when this says yes.
     */
    default boolean checkDue(Instant now) {
      return true;
    }

    /** Creates the automated runs that are due at {@code now}, inside a transaction of the pass; true if any. */
    boolean createDueRuns(Handle h, Instant now);
  }

  private final Stores stores;
  /**
   * What the pass reaches the store through: a connection of its own in a daemon ({@link
   * io.aloft.runtime.store.Database#dedicated}), so that a pass never waits for one of the pool's connections while
   * the running tries hold them; the stores' shared pool otherwise.
   */
  private final Jdbi db;
  private final Clock clock;
  private final Executor executor;
  private final RunCreator runCreator;
  private final Duration tick;
  private final SchedulerSignal signal;
  private final Metrics metrics;
  private final Map<String, DagGraph> graphs = new ConcurrentHashMap<>();
  /**
   * Each running run's instances as the last committed-or-not pass left them (by run id; the scheduler's
   * thread only): a run whose instances read the same at the next pass has nothing to decide and is skipped, so a
   * pass at 200 active runs costs what the changed runs cost. A rolled-back pass leaves states in the store that
   * differ from these, which makes its runs decided again.
   */
  private final Map<Long, List<TaskInstanceRow>> settled = new HashMap<>();
  /** The active runs as the last pass read them: a pass decodes again only the rows that changed (scheduler's thread). */
  private final Map<Long, DagRunStore.KnownRun> activeRuns = new HashMap<>();
  /** The running runs' instances as the last pass read them: a pass reads again only the runs that changed. */
  private final InstanceCache instances;
  /** When a quiet tick next deletes the change rows no pass read (scheduler's thread only). */
  private Instant nextIdlePurge = Instant.MIN;
  private volatile boolean running;
  /** Whether the last decision found no queued or running run (only the scheduler's thread writes it). */
  private volatile boolean idle;
  /** How many runs the current pass read again; -1 until it read (a pass that decided nothing). Scheduler thread. */
  private int passRunsRead = -1;
  private volatile java.util.function.ObjIntConsumer<java.time.Duration> passWatcher;
  private Thread thread;
  private volatile SchedulerPriority priority = SchedulerPriority.none();
  private volatile String osThread;

  /**
   * @param signal how the rest of the process wakes this loop and reads its heartbeat; the loop takes wake-ups
   *     from it while running
   */
  public SchedulerLoop(
      Stores stores, Clock clock, Executor executor, RunCreator runCreator, Duration tick, SchedulerSignal signal) {
    this(stores, clock, executor, runCreator, tick, signal, Metrics.none());
  }

  /** @param metrics counts passes ({@code scheduler.heartbeat}) and times finished runs ({@code dagrun.duration}) */
  public SchedulerLoop(Stores stores, Clock clock, Executor executor, RunCreator runCreator, Duration tick,
      SchedulerSignal signal, Metrics metrics) {
    this(stores, stores.jdbi(), clock, executor, runCreator, tick, signal, metrics);
  }

  /**
   * @param db what the passes reach the store through (a connection of their own: see {@link
   *     io.aloft.runtime.store.Database#dedicated}); the handle-less store calls still use the stores' pool
   */
  public SchedulerLoop(Stores stores, Jdbi db, Clock clock, Executor executor, RunCreator runCreator, Duration tick,
      SchedulerSignal signal, Metrics metrics) {
    this.metrics = metrics;
    this.stores = stores;
    this.db = db;
    this.signal = signal;
    this.clock = clock;
    this.executor = executor;
    this.runCreator = runCreator;
    this.tick = tick;
    this.instances = new InstanceCache(stores.taskInstances());
  }

  /**
   * The loop thread's id in the kernel once it runs (Linux; empty elsewhere or before): {@code /proc/self/task/<id>}
   * shows its CPU time and priority (its name is no key there: the kernel keeps 15 characters of it, and so does
   * the connection pool's "aloft-scheduler housekeeper").
   */
  public java.util.Optional<String> osThreadId() {
    return java.util.Optional.ofNullable(osThread);
  }

  /** The CPU priority the loop's thread and its connection's backend take at the start (before {@link #start}). */
  public void prioritise(SchedulerPriority priority) {
    this.priority = priority;
  }

  public synchronized void start() {
    running = true;
    signal.loopRunning(true);
    thread = Thread.ofPlatform().name("aloft-scheduler").daemon().start(this::loop);
  }

  /** Asks for a pass as soon as possible; cheap and callable from any thread. */
  public void wake() {
    signal.wakeLocal();
  }

  private void loop() {
    StoreOutage outage = new StoreOutage(LOG, "the scheduler");
    osThread = SchedulerPriority.currentThreadId().orElse(null);
    priority.raiseThisThread();
    priority.raiseVmThread();
    while (running) {
      try {
        boolean woken = signal.await(tick);
        if (!running) {
          return;
        }
        runPass(!woken && idle);
        outage.recovered();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // One bad pass must not stop scheduling; the next tick tries again. PostgreSQL away (restarting) is said
        // once, not at every tick; the pool reconnects by itself when it is back.
        if (!outage.failed(e)) {
          LOG.error("scheduler pass failed: {}", e.toString(), e);
        }
      }
    }
  }

  /**
   * One full pass: decide in one transaction, then start what was queued; then create the automated runs that
   * are due and, if there were any, decide and start again. Reading every DAG's timetable comes last so that
   * a trigger or a finished try does not wait for it. Public for tests and `dags test`.
   */
  public void runPass() {
    runPass(false);
  }

  /**
   * @param quietTick a tick (no wake-up) after a pass that found no queued or running run: then one cheap
   *     question decides whether there is anything to decide (no transaction, no lock, no claim), since
   *     nothing can be queued outside a running run. Wake-ups (a trigger, a finished try) skip the question.
   */
  private void runPass(boolean quietTick) {
    long start = System.nanoTime();
    passRunsRead = -1;
    if (!quietTick || db.withHandle(h -> stores.runs().anyActive(h))) {
      decideAndStart();
    } else if (!clock.instant().isBefore(nextIdlePurge)) {
      // Nothing runs, so no pass deletes the change rows that writes meanwhile leave (a db clean, a bulk fill).
      nextIdlePurge = clock.instant().plus(IDLE_PURGE_EVERY);
      db.useHandle(h -> stores.taskInstances().purgeChanges(h));
    }
    if (runCreator.checkDue(clock.instant())
        && db.inTransaction(h -> isDecider(h) && runCreator.createDueRuns(h, clock.instant()))) {
      decideAndStart();
    }
    signal.passed(clock.instant());
    metrics.schedulerHeartbeat();
    long took = System.nanoTime() - start;
    metrics.schedulerLoop(java.time.Duration.ofNanos(took));
    java.util.function.ObjIntConsumer<java.time.Duration> watcher = passWatcher;
    if (watcher != null && passRunsRead >= 0) {
      watcher.accept(java.time.Duration.ofNanos(took), passRunsRead);
    }
  }

  /**
   * Told of each deciding pass: its duration and how many running runs it read again (the benchmarks relate the two;
   * {@code scheduler.runs_read} publishes only their distribution). Null: nobody.
   */
  public void watchPasses(java.util.function.ObjIntConsumer<java.time.Duration> watcher) {
    this.passWatcher = watcher;
  }

  private void decideAndStart() {
    Map<TiKey, String> toKill = new LinkedHashMap<>();
    List<EndedRun> ended = new ArrayList<>();
    try {
      db.useTransaction(h -> {
        ended.clear(); // a retried transaction decides again
        priority.raiseBackendOf(h.getConnection());
        decide(h, toKill, ended);
      });
    } catch (RuntimeException e) {
      instances.forget(); // what the pass read may not be what the store holds now
      throw e;
    }
    instances.committed();
    toKill.forEach(executor::kill);
    ended.forEach(e -> executor.runEnded(e.run(), e.state(), e.reason()));
    executor.claimAndStart(db);
  }

  /** What the passes reach the store through (benchmarks install their statement loggers on it). */
  public Jdbi connection() {
    return db;
  }

  /** Takes the deciders' lock for this transaction; false while another daemon holds it. */
  private static boolean isDecider(Handle h) {
    return h.createQuery("SELECT pg_try_advisory_xact_lock(:k)").bind("k", DECIDER_LOCK).mapTo(Boolean.class).one();
  }

  /** When the last pass finished (the scheduler's heartbeat for /health), or empty before the first. */
  public java.util.Optional<Instant> lastPass() {
    return signal.lastPass();
  }

  private record EndedRun(DagRunRow run, RunState state, String reason) {}

  private void decide(Handle h, Map<TiKey, String> toKill, List<EndedRun> ended) {
    java.util.Optional<List<DagRunRow>> active = stores.runs().activeIfLocked(h, DECIDER_LOCK, activeRuns);
    if (active.isEmpty()) {
      return; // another daemon is deciding right now; its pass covers this one
    }
    Instant now = clock.instant();
    List<DagRunRow> running = startQueuedRuns(h, active.get(), now);
    idle = running.isEmpty();
    if (running.isEmpty()) {
      instances.forget();
      return;
    }

    InstanceCache.Read read = instances.read(h, running, now);
    metrics.schedulerRunsRead(read.runsRead(), running.size());
    passRunsRead = read.runsRead();
    Map<String, List<TaskInstanceRow>> tis = read.rows();
    java.util.Set<Long> runIds = new java.util.HashSet<>();
    running.forEach(r -> runIds.add(r.id()));
    settled.keySet().retainAll(runIds);
    List<PoolSlots.Candidate> candidates = new ArrayList<>();
    Map<String, Integer> maxActiveTasks = new HashMap<>();
    Map<TiKey, TaskInstanceStore.StateChange> changes = new LinkedHashMap<>();
    Map<TiKey, String> notes = new HashMap<>(); // the candidates' notes as stored: only changed ones are written
    List<DagRunStore.Finish> finished = new ArrayList<>();
    for (DagRunRow run : running) {
      DagSpec spec = stores.dags().spec(run.dagId(), run.specHash());
      DagGraph graph = graphs.computeIfAbsent(run.dagId() + "@" + run.specHash(), k -> DagGraph.of(spec));
      maxActiveTasks.put(run.dagId(), spec.maxActiveTasks());
      List<TaskInstanceRow> rows = tis.getOrDefault(InstanceCache.key(run), List.of());
      if (!graph.anyDependsOnPast() && spec.dagrunTimeoutSeconds() == null
          && RunPass.unchanged(settled.get(run.id()), rows)) {
        addCandidates(graph, run, rows.stream().filter(t -> t.state() == TaskState.SCHEDULED).toList(), candidates, notes);
        continue;
      }
      RunPass pass = new RunPass(stores, h, graph, run, rows, now, changes);
      if (pass.timedOut()) {
        pass.failForTimeout().forEach(k -> toKill.put(k, "the DAG run timed out (dagrun_timeout)"));
        finished.add(new DagRunStore.Finish(run.id(), RunState.FAILED, "timed out (dagrun_timeout)"));
        metrics.runFinished(run.dagId(), "failed", ranFor(run, now));
        ended.add(new EndedRun(run, RunState.FAILED, "timed_out"));
        continue;
      }
      pass.stopForFailFast().forEach(k -> toKill.put(k, "another task of the run failed (fail_fast)"));
      pass.settle();
      if (pass.wroteAlone()) {
        instances.reread(run);
      }
      RunStateDecider.RunDecision d = RunStateDecider.decide(graph, pass.states());
      settled.put(run.id(), pass.snapshot());
      if (d.state().isFinished()) {
        settled.remove(run.id());
        finished.add(new DagRunStore.Finish(run.id(), d.state(), d.reason().equals("all_tasks_deadlocked") ? d.reason() : null));
        metrics.runFinished(run.dagId(), d.state().name().toLowerCase(java.util.Locale.ROOT), ranFor(run, now));
        ended.add(new EndedRun(run, d.state(), d.reason()));
        continue;
      }
      addCandidates(graph, run, pass.scheduled(), candidates, notes);
    }
    // One statement for the pass's state changes, before the admission below queues or notes some of them, and one
    // for the runs it ended.
    stores.taskInstances().setStates(h, changes.values(), now);
    instances.stateChanges(changes.values(), now);
    stores.runs().finishAll(h, finished, now);
    admit(h, candidates, notes, maxActiveTasks, now);
  }

  /** Adds a run's scheduled instances to the pass's candidates for admission, with their notes as stored. */
  private static void addCandidates(DagGraph graph, DagRunRow run, List<TaskInstanceRow> scheduled,
      List<PoolSlots.Candidate> candidates, Map<TiKey, String> notes) {
    for (TaskInstanceRow ti : scheduled) {
      TaskSpec t = graph.task(ti.taskId());
      notes.put(ti.key(), ti.note());
      candidates.add(
          new PoolSlots.Candidate(
              ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), t.pool(), t.poolSlots(), ti.priorityWeight(),
              run.logicalDate()));
    }
  }

  private static Duration ranFor(DagRunRow run, Instant now) {
    Instant start = run.startDate() == null ? now : run.startDate();
    return now.isAfter(start) ? Duration.between(start, now) : Duration.ZERO;
  }

  /**
   * Starts queued runs while their DAG is under max_active_runs; returns every running run, oldest first.
   *
   * @param all the queued and running runs, oldest first
   */
  private List<DagRunRow> startQueuedRuns(Handle h, List<DagRunRow> all, Instant now) {
    Map<String, Integer> runningPerDag = new HashMap<>();
    for (DagRunRow r : all) {
      if (r.state() == RunState.RUNNING) {
        runningPerDag.merge(r.dagId(), 1, Integer::sum);
      }
    }
    List<DagRunRow> running = new ArrayList<>();
    List<Long> started = new ArrayList<>();
    for (DagRunRow r : all) {
      if (r.state() == RunState.QUEUED) {
        int max = stores.dags().spec(r.dagId(), r.specHash()).maxActiveRuns();
        int active = runningPerDag.getOrDefault(r.dagId(), 0);
        if (active >= max) {
          continue;
        }
        started.add(r.id());
        runningPerDag.put(r.dagId(), active + 1);
      }
      running.add(r);
    }
    stores.runs().markRunning(h, started, now);
    return running;
  }

  /**
   * Queues what the pools, the DAGs' max_active_tasks and the executor's free slots let through, and notes on the
   * others why they wait: only where the note changed, in one statement (at 200 active runs most candidates wait
   * pass after pass for the same reason, and writing it again each time was one round trip per candidate).
   *
   * @param notes each candidate's note as stored (after this pass's state changes)
   */
  private void admit(Handle h, List<PoolSlots.Candidate> candidates, Map<TiKey, String> notes,
      Map<String, Integer> maxActiveTasks, Instant now) {
    if (candidates.isEmpty()) {
      return;
    }
    List<PoolSlots.Pool> pools = new ArrayList<>();
    io.aloft.runtime.store.PoolStore.SlotUse use = stores.pools().slotUse(h);
    for (PoolRow p : use.pools()) {
      // a pool with include_deferred counts its deferred instances as running ones
      pools.add(new PoolSlots.Pool(p.name(), p.slots(), p.occupied() - p.queued(), p.queued()));
    }
    Map<String, Integer> active = use.activePerDag();
    Map<String, PoolSlots.DagLimit> limits = new HashMap<>();
    maxActiveTasks.forEach((dag, max) -> limits.put(dag, new PoolSlots.DagLimit(max, active.getOrDefault(dag, 0))));
    PoolSlots.Admission a = PoolSlots.admit(pools, limits, candidates, Math.max(0, executor.freeSlots()));
    List<TiKey> queued = a.admitted().stream().map(c -> new TiKey(c.dagId(), c.runId(), c.taskId(), c.mapIndex())).toList();
    Map<TiKey, String> changed = new LinkedHashMap<>();
    for (PoolSlots.Waiting w : a.waiting()) {
      PoolSlots.Candidate c = w.candidate();
      TiKey key = new TiKey(c.dagId(), c.runId(), c.taskId(), c.mapIndex());
      if (!java.util.Objects.equals(notes.get(key), w.reason())) {
        changed.put(key, w.reason());
      }
    }
    stores.taskInstances().admitted(h, queued, changed, now); // one statement for both
    instances.queued(queued, now);
    instances.noted(changed);
  }

  static boolean isRetryWait(TaskState s) {
    return RETRY_WAITS.contains(s);
  }

  @Override
  public synchronized void close() {
    running = false;
    signal.loopRunning(false);
    wake();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
