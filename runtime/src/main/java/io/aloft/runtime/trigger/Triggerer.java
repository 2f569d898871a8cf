package io.aloft.runtime.trigger;

import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DagRunStore;
import io.aloft.runtime.store.Json;
import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.TriggerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's triggerer (Airflow's {@code airflow triggerer}, in-process): one platform thread waits on every
 * trigger this daemon has claimed, however many, with a queue ordered by when each next needs a look — the moment
 * of a {@link Trigger.DateTime}, the next poll of a {@link Trigger.File} or {@link Trigger.DagState}. Each second
 * it claims new triggers (and those of a daemon whose lease ran out), renews its lease every few seconds, moves
 * deferred instances past their timeout back to be failed, and drops triggers no instance waits on. Firing writes
 * the event and deletes the trigger in one owner-guarded transaction ({@link TriggerStore#fire}), then wakes the
 * scheduler.
 *
 * <p>{@link Trigger.Python} triggers run in the daemon's Python host ({@link PythonTriggerRuns}), where their {@code
 * run()} stays alive between looks: when due, the Python triggers of one DAG file are looked at together in one
 * bounded call per worker they run on, which returns on a host thread; this thread fires, ends or fails them from
 * what came back and queues the rest again. A trigger's task-end event ({@code end_from_trigger}) ends its task
 * through {@link TriggerStore#end}: the resumed try ends in the event's state without calling the task's code.
 *
 * <p>Lifecycle: {@link #start} after the scheduler, {@link #close} before it; close hands this daemon's triggers
 * back so another daemon (or this one restarted) takes them at once. A daemon that dies keeps them until its lease
 * runs out ({@link #LEASE}). Nothing here holds a task's thread or pool slot.
 */
public final class Triggerer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Triggerer.class);
  /** How long a claim lasts without renewal: a dead daemon's triggers move to another daemon after this. */
  public static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration RENEW_EVERY = Duration.ofSeconds(10);
  private static final Duration CLAIM_EVERY = Duration.ofSeconds(1);
  /** Airflow's triggerer capacity is 1,000 per process; waiting here costs a queue entry, so allow more. */
  private static final int CAPACITY = 20_000;
  /** The end of a task whose trigger ends it successfully and pushes no XCom ({@link TriggerStore#end}). */
  private static final String END_SUCCESS = "{\"state\": \"success\", \"xcoms\": {}}";

  private record Due(Instant at, long id) {}


  private final TriggerStore store;
  private final DagRunStore runs;
  private final Clock clock;
  private final String id;
  private final Runnable fired;
  private final Map<Long, Trigger> watched = new HashMap<>();
  /** The deferred task (and DAG file) of each watched Python trigger. */
  private final Map<Long, TriggerStore.Origin> origins = new HashMap<>();
  private final PythonTriggerRuns python;
  private final java.util.Queue<PythonTriggerRuns.Result> looked = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
  private final Object wakeUp = new Object();
  private volatile boolean running;
  private volatile Instant lastPass;
  private Thread thread;
  private volatile Instant nextClaim = Instant.MIN;
  private Instant nextRenew = Instant.MIN;

  /**
   * @param id this daemon's triggerer id (stable across restarts of the same daemon, unique among daemons)
   * @param fired called after triggers fired or timed out (the scheduler's wake-up)
   */
  public Triggerer(TriggerStore store, DagRunStore runs, Clock clock, String id, Runnable fired) {
    this(store, runs, clock, id, fired, null);
  }

  /**
   * @param python runs {@link Trigger.Python} triggers; null when this daemon has no Python host (its Python
   *     triggers then fail their tasks saying so)
   */
  public Triggerer(TriggerStore store, DagRunStore runs, Clock clock, String id, Runnable fired,
      PythonTriggerRuns python) {
    this.python = python;
    this.store = store;
    this.runs = runs;
    this.clock = clock;
    this.id = id;
    this.fired = fired;
  }

  public synchronized void start() {
    running = true;
    thread = Thread.ofPlatform().name("aloft-triggerer").daemon().start(this::loop);
  }

  /** Asks for a claim now (a task was just deferred in this process); callable from any thread. */
  public void wake() {
    synchronized (wakeUp) {
      nextClaim = Instant.MIN;
      wakeUp.notifyAll();
    }
  }

  /** How many triggers this triggerer waits on now. */
  public synchronized int watching() {
    return watched.size();
  }

  /** When this triggerer last finished a pass (its heartbeat); empty before the first. */
  public java.util.Optional<Instant> lastPass() {
    return java.util.Optional.ofNullable(lastPass);
  }

  private void loop() {
    StoreOutage outage = new StoreOutage(LOG, "the triggerer");
    while (running) {
      try {
        pass();
        lastPass = clock.instant();
        outage.recovered();
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          LOG.error("triggerer pass failed: {}", e.toString(), e);
        }
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  /** One look: housekeeping when due, then the triggers whose time has come; then sleep until the next. */
  private void pass() {
    Instant now = clock.instant();
    boolean moved = false;
    if (!now.isBefore(nextRenew)) {
      Set<Long> mine = store.renew(id, now, LEASE);
      synchronized (this) {
        watched.keySet().retainAll(mine); // fired by a timeout, cleared, or taken over after a lost lease
        origins.keySet().retainAll(mine);
      }
      if (python != null) {
        python.retain(mine);
      }
      moved |= store.timeOut(now) > 0;
      store.deleteUnused();
      nextRenew = now.plus(RENEW_EVERY);
    }
    if (!now.isBefore(nextClaim)) {
      claim(now);
      moved |= store.timeOut(now) > 0;
      nextClaim = now.plus(CLAIM_EVERY);
    }
    moved |= fireDue(now);
    moved |= takeLooks(now);
    if (moved) {
      fired.run();
    }
    Instant next = nextClaim;
    synchronized (this) {
      Due head = queue.peek();
      if (head != null && head.at().isBefore(next)) {
        next = head.at();
      }
    }
    Duration wait = Duration.between(clock.instant(), next);
    if (!wait.isNegative() && !wait.isZero()) {
      synchronized (wakeUp) {
        if (nextClaim != Instant.MIN && looked.isEmpty()) {
          try {
            wakeUp.wait(Math.max(1, wait.toMillis()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
          }
        }
      }
    }
  }

  private void claim(Instant now) {
    Set<Long> known;
    synchronized (this) {
      known = new HashSet<>(watched.keySet());
    }
    List<TriggerStore.Claimed> claimed = store.claim(id, known, now, LEASE, CAPACITY - known.size());
    Map<Long, String> broken = new LinkedHashMap<>();
    Map<Long, Trigger> parsed = new LinkedHashMap<>();
    for (TriggerStore.Claimed c : claimed) {
      try {
        parsed.put(c.id(), Trigger.parse(c.classpath(), c.kwargsJson(), SpecJson.mapper()));
      } catch (IllegalArgumentException e) {
        broken.put(c.id(), e.getMessage());
      }
    }
    List<Long> pythonIds = parsed.entrySet().stream().filter(e -> e.getValue() instanceof Trigger.Python)
        .map(Map.Entry::getKey).toList();
    Map<Long, TriggerStore.Origin> found = python == null ? Map.of() : store.origins(pythonIds);
    for (long pid : pythonIds) {
      if (python == null) {
        broken.put(pid, "the trigger " + Trigger.classpath(parsed.get(pid)) + " is written in Python and this"
            + " triggerer runs no Python host; run the DAG under a daemon (aloft standalone / scheduler)");
        parsed.remove(pid);
      } else if (!found.containsKey(pid)) {
        parsed.remove(pid); // no deferred task waits on it: deleteUnused removes it
      }
    }
    synchronized (this) {
      origins.putAll(found);
      parsed.forEach((triggerId, t) -> {
        watched.put(triggerId, t);
        queue.add(new Due(firstLook(t, now), triggerId));
      });
    }
    if (!claimed.isEmpty()) {
      LOG.debug("triggerer {} claimed {} trigger(s); watching {}", id, claimed.size(), watching());
    }
    if (!broken.isEmpty()) {
      broken.forEach((triggerId, error) -> LOG.error("trigger {} cannot run: {}", triggerId, error));
      store.fail(id, broken);
    }
  }

  private static Instant firstLook(Trigger t, Instant now) {
    return switch (t) {
      case Trigger.DateTime d -> d.moment();
      case Trigger.File f -> now;
      case Trigger.DagState s -> now;
      case Trigger.TaskStates w -> now;
      case Trigger.Python p -> now;
    };
  }

  /** Looks at every trigger whose time has come; fires those whose condition holds, requeues the rest. */
  private boolean fireDue(Instant now) {
    Map<Long, String> events = new LinkedHashMap<>();
    Map<Long, String> ends = new LinkedHashMap<>();
    Map<String, Map<Long, Trigger.Python>> pythonByFile = new LinkedHashMap<>();
    Map<String, TriggerStore.Origin> fileOrigin = new HashMap<>();
    while (true) {
      Due due;
      Trigger t;
      synchronized (this) {
        due = queue.peek();
        if (due == null || due.at().isAfter(now)) {
          break;
        }
        queue.poll();
        t = watched.get(due.id());
      }
      if (t == null) {
        continue; // fired, timed out or taken away meanwhile
      }
      if (t instanceof Trigger.Python p) {
        TriggerStore.Origin origin;
        synchronized (this) {
          origin = origins.get(due.id());
        }
        if (origin != null) {
          pythonByFile.computeIfAbsent(origin.fileloc(), f -> new LinkedHashMap<>()).put(due.id(), p);
          fileOrigin.putIfAbsent(origin.fileloc(), origin);
        }
        continue; // requeued when its look comes back (takeLooks)
      }
      Optional<Object> event = look(t, now);
      if (event.isPresent() && t instanceof Trigger.DateTime d && d.endFromTrigger()) {
        ends.put(due.id(), END_SUCCESS); // Airflow's DateTimeTrigger yields TaskSuccessEvent() then
      } else if (event.isPresent()) {
        events.put(due.id(), Json.write(event.get()));
      } else {
        synchronized (this) {
          queue.add(new Due(now.plus(interval(t)), due.id()));
        }
      }
    }
    pythonByFile.forEach((file, batch) -> python.look(fileOrigin.get(file), batch, result -> {
      looked.add(result);
      synchronized (wakeUp) {
        wakeUp.notifyAll();
      }
    }));
    if (!ends.isEmpty()) {
      store.end(id, ends);
      forget(ends.keySet());
    }
    return fire(events) | !ends.isEmpty();
  }

  /** Fires, ends, fails or requeues the Python triggers whose looks came back. */
  private boolean takeLooks(Instant now) {
    Map<Long, String> events = new LinkedHashMap<>();
    Map<Long, String> ends = new LinkedHashMap<>();
    Map<Long, String> errors = new LinkedHashMap<>();
    PythonTriggerRuns.Result l;
    while ((l = looked.poll()) != null) {
      events.putAll(l.events());
      ends.putAll(l.ends());
      errors.putAll(l.errors());
      synchronized (this) {
        for (long waiting : l.looked()) {
          if (!l.events().containsKey(waiting) && !l.ends().containsKey(waiting) && !l.errors().containsKey(waiting)
              && watched.containsKey(waiting)) {
            queue.add(new Due(now.plus(PythonTriggerRuns.INTERVAL), waiting));
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      errors.forEach((triggerId, error) -> LOG.warn("trigger {} failed: {}", triggerId, error));
      store.fail(id, errors);
      forget(errors.keySet());
    }
    if (!ends.isEmpty()) {
      // end_from_trigger: the task ends in the state the event names, in a try that calls no task code.
      store.end(id, ends);
      forget(ends.keySet());
    }
    return fire(events) | !errors.isEmpty() | !ends.isEmpty();
  }

  private synchronized void forget(Set<Long> triggerIds) {
    watched.keySet().removeAll(triggerIds);
    origins.keySet().removeAll(triggerIds);
  }

  private boolean fire(Map<Long, String> events) {
    if (events.isEmpty()) {
      return false;
    }
    int resumed = store.fire(id, events, clock.instant());
    synchronized (this) {
      watched.keySet().removeAll(events.keySet());
      origins.keySet().removeAll(events.keySet());
    }
    LOG.debug("triggerer {} fired {} trigger(s), resuming {} task(s)", id, events.size(), resumed);
    return resumed > 0;
  }

  /** The trigger's event when its condition holds now (Airflow's TriggerEvent payload), else empty. */
  private Optional<Object> look(Trigger t, Instant now) {
    return switch (t) {
      case Trigger.DateTime d -> now.isBefore(d.moment()) ? Optional.empty() : Optional.of(d.moment().toString());
      case Trigger.File f -> {
        try {
          yield FileMatch.exists(Path.of(f.path()), f.recursive()) ? Optional.of(true) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
          LOG.debug("file trigger on {}: {}", f.path(), e.toString());
          yield Optional.empty();
        }
      }
      case Trigger.DagState s -> dagState(s);
      case Trigger.TaskStates w -> taskStates(w);
      case Trigger.Python p -> Optional.empty(); // looked at in batches (fireDue)
    };
  }

  /** Airflow's DagStateTrigger: fires once every run named is in one of the states (a deleted run counts too). */
  private Optional<Object> dagState(Trigger.DagState s) {
    Map<String, Object> states = new LinkedHashMap<>();
    for (String runId : s.runIds()) {
      Optional<DagRunRow> run = runs.get(s.dagId(), runId);
      String state = run.map(r -> r.state().airflowName()).orElse("removed");
      if (run.isPresent() && !s.states().contains(state)) {
        return Optional.empty();
      }
      states.put(runId, state);
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("dag_id", s.dagId());
    event.put("run_ids", s.runIds());
    event.put("states", states);
    return Optional.of(event);
  }

  /**
   * Airflow's WorkflowTrigger: {@code {"status": "failed" | "skipped" | "success"}} once any instance failed or
   * skipped, or every expected one (per task, or the run, and logical date) is allowed.
   */
  private Optional<Object> taskStates(Trigger.TaskStates w) {
    List<String> states = store.statesAt(w.dagId(), w.taskIds(), w.logicalDates());
    String status = null;
    if (states.stream().anyMatch(w.failed()::contains)) {
      status = "failed";
    } else if (states.stream().anyMatch(w.skipped()::contains)) {
      status = "skipped";
    } else {
      int expected = Math.max(1, w.taskIds().size()) * w.logicalDates().size();
      if (!states.isEmpty() && states.size() >= expected && states.stream().allMatch(w.allowed()::contains)) {
        status = "success";
      }
    }
    return status == null ? Optional.empty() : Optional.of(Map.of("status", status));
  }

  private static Duration interval(Trigger t) {
    return switch (t) {
      case Trigger.DateTime d -> Duration.ofSeconds(1); // a clock that stepped back: look again soon
      case Trigger.File f -> f.pokeInterval();
      case Trigger.DagState s -> s.pollInterval();
      case Trigger.TaskStates w -> w.pollInterval();
      case Trigger.Python p -> PythonTriggerRuns.INTERVAL;
    };
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      running = false;
    }
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      store.release(id);
    } catch (RuntimeException e) {
      LOG.warn("triggerer {}: could not hand its triggers back ({}); another daemon takes them when the lease ends",
          id, e.toString());
    }
  }
}
