package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore.GridCell;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON for the UI's live parts (grid, graph and run states). Not part of the public API: the
 * grid of 1,000 runs x 15 tasks is one query and about 200 KB here, where the public API would need 1,000
 * paged calls.
 */
final class UiJson {

  /** For a mapped task, the state the grid shows for all its instances: the first present in this order. */
  private static final List<TaskState> SUMMARY_ORDER =
      List.of(TaskState.RUNNING, TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RESCHEDULE, TaskState.DEFERRED, TaskState.QUEUED,
          TaskState.SCHEDULED, TaskState.FAILED, TaskState.UPSTREAM_FAILED, TaskState.NONE, TaskState.SKIPPED,
          TaskState.SUCCESS, TaskState.REMOVED);

  /** Where a state stands in {@link #SUMMARY_ORDER} (states not listed come last). */
  static int summaryRank(TaskState s) {
    int i = SUMMARY_ORDER.indexOf(s);
    return i < 0 ? SUMMARY_ORDER.size() : i;
  }

  private final Application app;
  private final DagPage dagPage;

  UiJson(Application app, DagPage dagPage) {
    this.app = app;
    this.dagPage = dagPage;
  }

  void grid(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    int numRuns = DagPage.numRuns(ctx);
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    List<String> tasks = new ArrayList<>(TaskOrder.of(spec));
    List<DagRunRow> runs = new ArrayList<>(app.runs().list(d.dagId(), numRuns, DagPage.offset(ctx)));
    java.util.Collections.reverse(runs); // oldest left, newest right, as in Airflow's grid
    Map<String, Integer> runIndex = new HashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      runIndex.put(runs.get(i).runId(), i);
    }
    Map<String, Integer> taskIndex = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      taskIndex.put(tasks.get(i), i);
    }
    TaskState[][] cells = new TaskState[runs.size()][];
    for (int i = 0; i < runs.size(); i++) {
      cells[i] = new TaskState[tasks.size()];
    }
    for (GridCell t : app.taskInstances().gridCells(d.dagId(), runIndex.keySet())) {
      Integer ti = taskIndex.get(t.taskId());
      if (ti == null) {
        // a task of an older version of the DAG: show it as an extra row
        ti = tasks.size();
        tasks.add(t.taskId());
        taskIndex.put(t.taskId(), ti);
        for (int i = 0; i < cells.length; i++) {
          cells[i] = java.util.Arrays.copyOf(cells[i], tasks.size());
        }
      }
      TaskState[] row = cells[runIndex.get(t.runId())];
      TaskState old = row[ti];
      row[ti] = old == null || SUMMARY_ORDER.indexOf(t.state()) < SUMMARY_ORDER.indexOf(old) ? t.state() : old;
    }
    // one character per cell ('a' + index into "codes", '.' for none): 1,000 x 15 cells are 15 KB, not 250 KB
    TaskState[] codes = TaskState.values();
    List<Map<String, Object>> runJson = new ArrayList<>(runs.size());
    List<String> states = new ArrayList<>(runs.size());
    boolean active = false;
    for (int i = 0; i < runs.size(); i++) {
      DagRunRow r = runs.get(i);
      active |= !r.state().isFinished();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_id", r.runId());
      m.put("state", r.state().airflowName());
      m.put("logical_date", ApiJson.date(r.logicalDate()));
      m.put("duration", r.startDate() == null || r.endDate() == null ? null
          : Duration.between(r.startDate(), r.endDate()).toMillis() / 1000.0);
      runJson.add(m);
      StringBuilder row = new StringBuilder(tasks.size());
      for (int t = 0; t < tasks.size(); t++) {
        TaskState s = t < cells[i].length ? cells[i][t] : null;
        row.append(s == null ? '.' : (char) ('a' + s.ordinal()));
      }
      states.add(row.toString());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dag_id", d.dagId());
    out.put("codes", java.util.Arrays.stream(codes).map(TaskState::dbName).toList());
    out.put("tasks", tasks);
    out.put("runs", runJson);
    out.put("states", states);
    out.put("active", active);
    ctx.json(out);
  }

  void runStates(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    DagRunRow run =
        app.runs().get(d.dagId(), runId)
            .orElseThrow(() -> ApiException.notFound("DAG run not found", "no run '" + runId + "'"));
    Map<String, Object> tasks = new LinkedHashMap<>();
    for (TaskInstanceRow t : app.taskInstances().listForRun(d.dagId(), runId)) {
      if (t.mapIndex() <= 0) {
        tasks.put(t.taskId(), Map.of("state", t.state().dbName(), "try_number", t.tryNumber(), "max_tries", t.maxTries()));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", run.state().airflowName());
    out.put("tasks", tasks);
    ctx.json(out);
  }
}
