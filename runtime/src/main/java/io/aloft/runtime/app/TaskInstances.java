package io.aloft.runtime.app;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.DagGraph;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore.GridCell;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.XComStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A run's task instances, their tries' logs and their XCom entries; clearing and marking them by hand, and notes.
 * Every change is recorded in the audit log and wakes the scheduler. Thread-safe.
 */
public final class TaskInstances {

  private static final Set<TaskState> FAILED_STATES = EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED);
  private static final Set<TaskState> MARKABLE = EnumSet.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.SKIPPED);

  private final Stores stores;
  private final LogFiles logs;
  private final EventLogs events;
  private final SchedulerSignal scheduler;
  private final Clock clock;

  TaskInstances(Stores stores, LogFiles logs, EventLogs events, SchedulerSignal scheduler, Clock clock) {
    this.stores = stores;
    this.logs = logs;
    this.events = events;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /**
   * Clears task instances for a new try (Airflow 2.10's clear): picks the runs (one, or a logical-date range, with
   * past/future), the tasks (names, map indexes, a regex; with upstream/downstream, and the setups and teardowns
   * the work between them needs, see {@link TaskSelection}), keeps those in the asked states, and — unless a dry run
   * — resets them in one transaction: state none, a fresh count of retries, the old tries' rows and logs kept. A
   * running try is stopped by the daemon that runs it (it sees its row taken away within a second). With {@code
   * resetDagRuns} their runs go back to queued. Wakes the scheduler and records a {@code clear} event.
   *
   * @return the instances cleared (or that would be), as they were before
   * @throws io.aloft.runtime.scheduler.UnknownDagException when no DAG has this id
   * @throws java.util.NoSuchElementException when the run does not exist
   * @throws IllegalArgumentException when a task is not in the DAG or the regex is invalid
   */
  public List<TaskInstanceRow> clear(Actor actor, ClearRequest r) {
    actor.require(Permission.edit(Permission.TASK_INSTANCES));
    DagRow dag = stores.dags().get(r.dagId()).orElseThrow(() -> new UnknownDagException(r.dagId()));
    Pattern regex = compile(r.taskRegex());
    Instant now = clock.instant();
    List<TaskInstanceRow> cleared =
        stores.inTransaction(h -> {
          List<TaskInstanceRow> picked = new ArrayList<>();
          Map<String, DagGraph> graphs = new HashMap<>();
          Map<String, Map<String, Integer>> retriesByRun = new HashMap<>();
          Map<String, DagGraph> graphOfRun = new HashMap<>();
          for (DagRunRow run : runs(h, dag, r.runId(), r.startDate(), r.endDate(), r.past(), r.future())) {
            DagGraph graph = graphs.computeIfAbsent(run.specHash(), hash -> DagGraph.of(stores.dags().spec(dag.dagId(), hash)));
            graphOfRun.put(run.runId(), graph);
            Set<String> chosen = chosenTasks(graph, r.tasks(), regex);
            Set<String> covered = TaskSelection.expand(graph, chosen, r.upstream(), r.downstream(), true);
            Map<String, Integer> retries = new HashMap<>();
            covered.forEach(t -> retries.put(t, graph.task(t).retries()));
            retriesByRun.put(run.runId(), retries);
            for (TaskInstanceRow ti : stores.taskInstances().listForRun(h, dag.dagId(), run.runId())) {
              if (covered.contains(ti.taskId()) && mapIndexMatches(r.tasks(), ti) && stateMatches(r, ti.state())) {
                picked.add(ti);
              }
            }
          }
          // Cleared ExternalTaskMarkers reach into the DAGs they mark (recursively), as Airflow's clear does.
          List<ExternalMarkers.Found> external =
              new ExternalMarkers(stores).follow(h, dag.dagId(), picked, graphOfRun, ti -> stateMatches(r, ti.state()));
          List<TaskInstanceRow> locked = new ArrayList<>(
              stores.taskInstances().lock(h, picked.stream().map(TaskInstanceRow::key).toList()));
          if (!r.dryRun()) {
            Map<String, List<TaskInstanceRow>> perRun = new java.util.LinkedHashMap<>();
            locked.forEach(ti -> perRun.computeIfAbsent(ti.runId(), k -> new ArrayList<>()).add(ti));
            perRun.forEach((runId, tis) -> stores.taskInstances().clear(h, tis, retriesByRun.get(runId), now));
            if (r.resetDagRuns()) {
              stores.runs().requeue(h, perRun.keySet(), dag.dagId(), now);
            }
          }
          for (ExternalMarkers.Found f : external) {
            List<TaskInstanceRow> tis =
                stores.taskInstances().lock(h, f.instances().stream().map(TaskInstanceRow::key).toList());
            if (!r.dryRun()) {
              stores.taskInstances().clear(h, tis, f.retries(), now);
              if (r.resetDagRuns()) {
                stores.runs().requeue(h, List.of(f.runId()), f.dagId(), now);
              }
            }
            locked.addAll(tis);
          }
          return locked;
        });
    if (!r.dryRun() && !cleared.isEmpty()) {
      scheduler.wake();
      events.record(actor, "clear", new EventLogs.Subject(dag.dagId(), r.runId(), singleTask(r.tasks()), null),
          Map.of("task_instances", refs(cleared), "only_failed", r.onlyFailed(), "upstream", r.upstream(),
              "downstream", r.downstream(), "past", r.past(), "future", r.future(), "reset_dag_runs", r.resetDagRuns()));
    }
    return cleared;
  }

  /**
   * Marks task instances success, failed or skipped by hand (Airflow 2.10's {@code set_state}): the picked tasks of
   * a run, with their upstream/downstream tasks, in that run and (past/future) the DAG's earlier/later runs; instances
   * already in that state are left alone. A running try is stopped by the daemon that runs it. The run's own state
   * is the scheduler's to decide afterwards (a finished run stays as it is; mark the run to change it). Unless a dry
   * run, wakes the scheduler and records a {@code mark_<state>} event.
   *
   * @return the instances marked (or that would be), as they were before
   * @throws IllegalArgumentException when the state is not success, failed or skipped, or a task is unknown
   * @throws java.util.NoSuchElementException when the run does not exist
   */
  public List<TaskInstanceRow> mark(Actor actor, MarkRequest r) {
    actor.require(Permission.edit(Permission.TASK_INSTANCES));
    if (!MARKABLE.contains(r.state())) {
      throw new IllegalArgumentException(
          "a task instance can be marked success, failed or skipped, not " + r.state().airflowName());
    }
    DagRow dag = stores.dags().get(r.dagId()).orElseThrow(() -> new UnknownDagException(r.dagId()));
    Instant now = clock.instant();
    List<TaskInstanceRow> marked =
        stores.inTransaction(h -> {
          List<TaskInstanceRow> picked = new ArrayList<>();
          for (DagRunRow run : runs(h, dag, r.runId(), null, null, r.past(), r.future())) {
            DagGraph graph = DagGraph.of(stores.dags().spec(dag.dagId(), run.specHash()));
            Set<String> chosen = new LinkedHashSet<>();
            for (ClearRequest.TaskRef t : r.tasks()) {
              if (graph.contains(t.taskId())) {
                chosen.add(t.taskId());
              } else if (run.runId().equals(r.runId())) {
                throw new IllegalArgumentException("DAG '" + dag.dagId() + "' has no task '" + t.taskId() + "'");
              }
            }
            Set<String> covered = TaskSelection.expand(graph, chosen, r.upstream(), r.downstream(), false);
            for (TaskInstanceRow ti : stores.taskInstances().listForRun(h, dag.dagId(), run.runId())) {
              if (covered.contains(ti.taskId()) && mapIndexMatches(r.tasks(), ti) && ti.state() != r.state()) {
                picked.add(ti);
              }
            }
          }
          List<TaskInstanceRow> locked = stores.taskInstances().lock(h, picked.stream().map(TaskInstanceRow::key).toList());
          if (!r.dryRun()) {
            stores.taskInstances().mark(h, locked, r.state(), now);
          }
          return locked;
        });
    if (!r.dryRun() && !marked.isEmpty()) {
      scheduler.wake();
      events.record(actor, "mark_" + r.state().dbName(), new EventLogs.Subject(dag.dagId(), r.runId(), singleTask(r.tasks()), null),
          Map.of("task_instances", refs(marked), "upstream", r.upstream(), "downstream", r.downstream(),
              "past", r.past(), "future", r.future()));
    }
    return marked;
  }

  /**
   * Sets (empty or null: removes) a user's note on a task instance and records a {@code set_note} event.
   *
   * @return the instance as it is now
   * @throws java.util.NoSuchElementException when the instance does not exist
   */
  public TaskInstanceRow setNote(Actor actor, TiKey key, String note) {
    actor.require(Permission.edit(Permission.TASK_INSTANCES));
    String value = note == null || note.isEmpty() ? null : note;
    if (!stores.taskInstances().setUserNote(key, value)) {
      throw new NoSuchElementException(
          "no task instance '" + key.taskId() + "'" + (key.mapIndex() >= 0 ? " [" + key.mapIndex() + "]" : "")
              + " in run '" + key.runId() + "' of DAG '" + key.dagId() + "'");
    }
    events.record(actor, "set_note", new EventLogs.Subject(key.dagId(), key.runId(), key.taskId(), key.mapIndex()),
        java.util.Collections.singletonMap("note", value));
    return get(key).orElseThrow();
  }

  /** The tries of an instance, oldest first, with their state and times. */
  public List<io.aloft.runtime.store.TryRow> tries(TiKey key) {
    return stores.taskInstances().tries(key);
  }

  /**
   * One page of task instances across DAGs, runs and tasks (the API's batch list); an empty filter matches all.
   */
  public List<TaskInstanceRow> page(
      Collection<String> dagIds, Collection<String> runIds, Collection<String> taskIds, Collection<String> states,
      Collection<String> pools, int limit, int offset) {
    return stores.taskInstances().page(dagIds, runIds, taskIds, states, pools, limit, offset);
  }

  private List<DagRunRow> runs(
      org.jdbi.v3.core.Handle h, DagRow dag, String runId, Instant start, Instant end, boolean past, boolean future) {
    if (runId == null) {
      return stores.runs().between(h, dag.dagId(), past ? null : start, future ? null : end);
    }
    DagRunRow run = stores.runs().get(dag.dagId(), runId)
        .orElseThrow(() -> new NoSuchElementException("no run '" + runId + "' of DAG '" + dag.dagId() + "'"));
    if (!past && !future) {
      return List.of(run);
    }
    return stores.runs().between(h, dag.dagId(), past ? null : run.logicalDate(), future ? null : run.logicalDate());
  }

  private static Set<String> chosenTasks(DagGraph graph, List<ClearRequest.TaskRef> tasks, Pattern regex) {
    Set<String> chosen = new LinkedHashSet<>();
    if (tasks.isEmpty()) {
      for (var t : graph.dag().tasks()) {
        if (regex == null || regex.matcher(t.taskId()).find()) {
          chosen.add(t.taskId());
        }
      }
      return chosen;
    }
    for (ClearRequest.TaskRef t : tasks) {
      if (!graph.contains(t.taskId())) {
        throw new IllegalArgumentException("DAG '" + graph.dag().dagId() + "' has no task '" + t.taskId() + "'");
      }
      if (regex == null || regex.matcher(t.taskId()).find()) {
        chosen.add(t.taskId());
      }
    }
    return chosen;
  }

  /** A task picked with a map index covers that instance only; its relatives (and tasks picked without one), all. */
  private static boolean mapIndexMatches(List<ClearRequest.TaskRef> tasks, TaskInstanceRow ti) {
    boolean pickedWithIndex = false;
    for (ClearRequest.TaskRef t : tasks) {
      if (t.taskId().equals(ti.taskId())) {
        if (t.mapIndex() == null || t.mapIndex() == ti.mapIndex()) {
          return true;
        }
        pickedWithIndex = true;
      }
    }
    return !pickedWithIndex;
  }

  private static boolean stateMatches(ClearRequest r, TaskState s) {
    if (r.onlyFailed() && !FAILED_STATES.contains(s)) {
      return false;
    }
    return !r.onlyRunning() || s == TaskState.RUNNING;
  }

  private static Pattern compile(String regex) {
    if (regex == null || regex.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("the task regex '" + regex + "' is invalid: " + e.getDescription());
    }
  }

  private static String singleTask(List<ClearRequest.TaskRef> tasks) {
    return tasks.size() == 1 ? tasks.getFirst().taskId() : null;
  }

  /** The instances' keys for the audit log's details. */
  static List<String> refs(List<TaskInstanceRow> tis) {
    return tis.stream()
        .map(t -> t.runId() + "/" + t.taskId() + (t.mapIndex() >= 0 ? "[" + t.mapIndex() + "]" : ""))
        .toList();
  }

  public List<TaskInstanceRow> listForRun(String dagId, String runId) {
    return stores.taskInstances().listForRun(dagId, runId);
  }

  public Optional<TaskInstanceRow> get(TiKey key) {
    return stores.taskInstances().get(key);
  }

  /** The grid's cells (state only) of these runs of a DAG. */
  public List<GridCell> gridCells(String dagId, Collection<String> runIds) {
    return stores.taskInstances().gridCells(dagId, runIds);
  }

  /**
   * A try's log from byte {@code offset} on; empty when the try wrote none (yet). The file in this data directory
   * when there is one, else what the worker that ran the try (another process, maybe another machine) shipped to
   * the database.
   */
  public Optional<String> log(String dagId, String runId, String taskId, int mapIndex, int tryNumber, long offset) {
    Optional<String> local = logs.read(dagId, runId, taskId, mapIndex, tryNumber, offset);
    if (local.isPresent()) {
      return local;
    }
    return new io.aloft.runtime.store.WorkerStore(stores.jdbi())
        .shippedLog(new TiKey(dagId, runId, taskId, mapIndex), tryNumber, offset)
        .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** What the DAG's own on_success/on_failure callback logged for a run; empty when it has none. */
  public Optional<String> dagCallbackLog(String dagId, String runId) {
    return logs.readDagCallbacks(dagId, runId);
  }

  /** Dates in reasons as the API writes dates, so that a reason reads the same in the UI and in the API. */
  private static final java.time.format.DateTimeFormatter REASON_DATE =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(java.time.ZoneOffset.UTC);

  /** One reason an instance is not running, named as Airflow's dependency checks name theirs. */
  public record Dependency(String name, String reason) {}

  /**
   * Why an instance is not running ("why isn't it running", the API's {@code dependencies}): the scheduler's last
   * explanation on the instance (a full pool, an unmet trigger rule, ...) while it waits, and the retry wait while it
   * is up for retry; empty when nothing holds it back (it runs, has finished, or is about to be queued).
   */
  public List<Dependency> dependencies(TaskInstanceRow ti) {
    List<Dependency> deps = new ArrayList<>();
    if (ti.note() != null && !ti.state().isFinished() && ti.state() != TaskState.RUNNING) {
      deps.add(new Dependency("Scheduler", ti.note()));
    }
    if (ti.state() == TaskState.UP_FOR_RETRY || ti.state() == TaskState.UP_FOR_RESCHEDULE) {
      deps.add(new Dependency("Not In Retry Period",
          "Task is not ready for retry yet but will be retried automatically. Current date is "
              + REASON_DATE.format(clock.instant()) + " and task will be retried at "
              + (ti.nextAttemptAt() == null ? "once the scheduler sets the time" : REASON_DATE.format(ti.nextAttemptAt()))
              + "."));
    }
    return deps;
  }

  /**
   * The template fields as the instance's latest try rendered them (secrets masked); empty before it rendered any.
   */
  /** The triggers the run's deferred instances wait on (the API's {@code trigger} and {@code triggerer_job}). */
  public List<io.aloft.runtime.store.TriggerStore.Described> triggers(String dagId, String runId) {
    return new io.aloft.runtime.store.TriggerStore(stores.jdbi()).ofRun(dagId, runId);
  }

  public Map<String, Object> renderedFields(TiKey key) {
    return stores.taskInstances().renderedFields(key);
  }

  /**
   * The names the {@code map_index_template}s of a run's mapped instances rendered to, by task id and map index
   * (Airflow's {@code rendered_map_index}); instances without one are left out.
   */
  public Map<String, Map<Integer, String>> renderedMapIndexes(String dagId, String runId) {
    return stores.taskInstances().renderedMapIndexes(dagId, runId);
  }

  /** One instance's rendered map index, if it has one. */
  public java.util.Optional<String> renderedMapIndex(TiKey key) {
    return key.mapIndex() < 0 ? java.util.Optional.empty() : stores.taskInstances().renderedMapIndex(key);
  }

  /** The name of the extra link that TriggerDagRunOperator's instances have (Airflow's {@code TriggerDagRunLink}). */
  public static final String TRIGGERED_DAG_LINK = "Triggered DAG";

  /**
   * An instance's operator extra links, name to URL (a path of this UI), as Airflow's {@code links} endpoint answers:
   * a link without a target for this try (nothing triggered yet) maps to null. TriggerDagRunOperator has "Triggered
   * DAG", to the run it started (its {@code trigger_run_id} XCom, of the DAG its rendered {@code trigger_dag_id}
   * names); other operators have none.
   */
  public Map<String, String> extraLinks(TaskInstanceRow ti) {
    Map<String, String> links = new java.util.LinkedHashMap<>();
    if (!"TriggerDagRunOperator".equals(ti.operator())) {
      return links;
    }
    Object runId = stores.xcoms().list(ti.dagId(), ti.runId(), ti.taskId()).stream()
        .filter(e -> e.mapIndex() == ti.mapIndex() && "trigger_run_id".equals(e.key()))
        .map(XComStore.Entry::value)
        .findFirst()
        .orElse(null);
    Object dagId = renderedFields(ti.key()).get("trigger_dag_id");
    links.put(TRIGGERED_DAG_LINK, runId == null || dagId == null ? null
        : "/dags/" + pathSegment(String.valueOf(dagId)) + "/runs/" + pathSegment(String.valueOf(runId)));
    return links;
  }

  private static String pathSegment(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The XCom entries a task pushed in a run (every map index). */
  public List<XComStore.Entry> xcoms(String dagId, String runId, String taskId) {
    return stores.xcoms().list(dagId, runId, taskId);
  }
}
