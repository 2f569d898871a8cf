package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.TaskInstances;
import io.aloft.runtime.app.ClearRequest;
import io.aloft.runtime.app.ClearRequest.TaskRef;
import io.aloft.runtime.app.MarkRequest;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.TryRow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Changing task instances by hand, with Airflow 2.10's routes and bodies: {@code clearTaskInstances}, a run's
 * {@code clear}, {@code updateTaskInstancesState}, the task-instance PATCH (mark), notes; and reading their tries,
 * mapped instances, and the batch list. Each route calls one service operation.
 */
final class TaskInstanceActionsResource {

  private final Application app;

  TaskInstanceActionsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    String dag = base + "/dags/{dag_id}";
    String ti = dag + "/dagRuns/{dag_run_id}/taskInstances/{task_id}";
    javalin.post(dag + "/clearTaskInstances", this::clear);
    javalin.post(dag + "/dagRuns/{dag_run_id}/clear", this::clearRun);
    javalin.post(dag + "/updateTaskInstancesState", this::updateState);
    // setNote before {map_index}: the first route that matches a path answers it
    javalin.patch(ti + "/setNote", ctx -> setNote(ctx, -1));
    javalin.patch(ti + "/{map_index}/setNote", ctx -> setNote(ctx, mapIndex(ctx)));
    javalin.patch(ti, ctx -> patch(ctx, -1));
    javalin.patch(ti + "/{map_index}", ctx -> patch(ctx, mapIndex(ctx)));
    javalin.patch(dag + "/dagRuns/{dag_run_id}/setNote", this::setRunNote);
    javalin.get(ti + "/tries", ctx -> tries(ctx, -1));
    javalin.get(ti + "/{map_index}/tries", ctx -> tries(ctx, mapIndex(ctx)));
    javalin.get(ti + "/tries/{task_try_number}", ctx -> tryOf(ctx, -1));
    javalin.get(ti + "/{map_index}/tries/{task_try_number}", ctx -> tryOf(ctx, mapIndex(ctx)));
    javalin.get(ti + "/listMapped", this::listMapped);
    javalin.get(ti + "/dependencies", ctx -> dependencies(ctx, -1));
    javalin.get(ti + "/{map_index}/dependencies", ctx -> dependencies(ctx, mapIndex(ctx)));
    javalin.post(base + "/dags/~/dagRuns/~/taskInstances/list", this::batchList);
  }

  /** {@code POST /dags/{dag_id}/clearTaskInstances}: Airflow's defaults are a dry run of only failed instances. */
  private void clear(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    JsonNode b = ApiJson.body(ctx);
    ClearRequest r =
        new ClearRequest(
            dagId,
            taskRefs(b.get("task_ids")),
            null,
            text(b, "dag_run_id"),
            ApiJson.parseDate("start_date", text(b, "start_date")),
            ApiJson.parseDate("end_date", text(b, "end_date")),
            bool(b, "only_failed", true),
            bool(b, "only_running", false),
            bool(b, "include_upstream", false),
            bool(b, "include_downstream", false),
            bool(b, "include_future", false),
            bool(b, "include_past", false),
            bool(b, "reset_dag_runs", false),
            bool(b, "dry_run", true));
    // include_subdags and include_parentdag are accepted and mean nothing: Aloft has no SubDAGs.
    bool(b, "include_subdags", false);
    bool(b, "include_parentdag", false);
    ctx.json(references(call(dagId, () -> app.taskInstances().clear(Callers.of(ctx), r))));
  }

  /** {@code POST /dags/{dag_id}/dagRuns/{dag_run_id}/clear}: a dry run lists the instances, else the run is answered. */
  private void clearRun(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    JsonNode b = ApiJson.body(ctx);
    boolean dryRun = bool(b, "dry_run", true);
    List<TaskInstanceRow> tis =
        call(run.dagId(), () -> app.taskInstances().clear(Callers.of(ctx),
            ClearRequest.wholeRun(run.dagId(), run.runId(), bool(b, "only_failed", false), dryRun)));
    if (dryRun) {
      ctx.json(references(tis));
    } else {
      ctx.json(DagRunsResource.runJson(app.runs().get(run.dagId(), run.runId()).orElseThrow()));
    }
  }

  /** {@code POST /dags/{dag_id}/updateTaskInstancesState}: one task of one run (by run id or logical date). */
  private void updateState(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    JsonNode b = ApiJson.body(ctx);
    String taskId = text(b, "task_id");
    if (taskId == null) {
      throw ApiException.badRequest("the body needs 'task_id'");
    }
    String runId = text(b, "dag_run_id");
    String date = text(b, "execution_date");
    if (runId == null && date == null) {
      throw ApiException.badRequest("the body needs 'dag_run_id' or 'execution_date'");
    }
    if (runId != null && date != null) {
      throw ApiException.badRequest("give either 'dag_run_id' or 'execution_date', not both");
    }
    if (runId == null) {
      runId = runAt(dagId, ApiJson.parseDate("execution_date", date));
    }
    MarkRequest r =
        new MarkRequest(dagId, runId, List.of(TaskRef.of(taskId)), newState(b), bool(b, "include_upstream", false),
            bool(b, "include_downstream", false), bool(b, "include_future", false), bool(b, "include_past", false),
            bool(b, "dry_run", true));
    ctx.json(references(call(dagId, () -> app.taskInstances().mark(Callers.of(ctx), r))));
  }

  /** {@code PATCH .../taskInstances/{task_id}[/{map_index}]}: marks one instance; answers its reference. */
  private void patch(Context ctx, int mapIndex) {
    TaskInstanceRow ti = instance(ctx, mapIndex);
    JsonNode b = ApiJson.body(ctx);
    MarkRequest r =
        new MarkRequest(ti.dagId(), ti.runId(), List.of(new TaskRef(ti.taskId(), mapIndex >= 0 ? mapIndex : null)),
            newState(b), false, false, false, false, bool(b, "dry_run", false));
    call(ti.dagId(), () -> app.taskInstances().mark(Callers.of(ctx), r));
    ctx.json(reference(ti, runOf(ti)));
  }

  private void setNote(Context ctx, int mapIndex) {
    TaskInstanceRow ti = instance(ctx, mapIndex);
    TaskInstanceRow now = app.taskInstances().setNote(Callers.of(ctx), ti.key(), note(ApiJson.body(ctx)));
    ctx.json(TaskInstancesResource.tiJson(now, runOf(now)));
  }

  private void setRunNote(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    ctx.json(DagRunsResource.runJson(app.runs().setNote(Callers.of(ctx), run.dagId(), run.runId(), note(ApiJson.body(ctx)))));
  }

  /** Every try of an instance, oldest first, in the task-instance shape (Airflow's TaskInstanceHistory). */
  private void tries(Context ctx, int mapIndex) {
    TaskInstanceRow ti = instance(ctx, mapIndex);
    DagRunRow run = runOf(ti);
    List<Map<String, Object>> all = new ArrayList<>();
    for (TryRow t : app.taskInstances().tries(ti.key())) {
      all.add(tryJson(ti, run, t));
    }
    Paging p = Paging.of(ctx, "try_number", java.util.Set.of("try_number", "start_date", "end_date", "state"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_instances", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void tryOf(Context ctx, int mapIndex) {
    TaskInstanceRow ti = instance(ctx, mapIndex);
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("task_try_number"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("task_try_number must be an integer");
    }
    int wanted = n;
    TryRow t =
        app.taskInstances().tries(ti.key()).stream()
            .filter(x -> x.tryNumber() == wanted)
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("Task instance not found",
                "Task Instance not found for dag_id=" + ti.dagId() + ", run_id=" + ti.runId() + ", task_id="
                    + ti.taskId() + ", map_index=" + ti.mapIndex() + ", try_number=" + wanted));
    ctx.json(tryJson(ti, runOf(ti), t));
  }

  private void listMapped(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    String taskId = ctx.pathParam("task_id");
    Map<String, Map<Integer, String>> names = app.taskInstances().renderedMapIndexes(run.dagId(), run.runId());
    List<Map<String, Object>> all =
        app.taskInstances().listForRun(run.dagId(), run.runId()).stream()
            .filter(t -> t.taskId().equals(taskId) && t.mapIndex() >= 0)
            .map(t -> TaskInstancesResource.withMapIndexName(TaskInstancesResource.tiJson(t, run), names, t))
            .toList();
    if (all.isEmpty()) {
      throw ApiException.notFound("Task instance not found", "Task id " + taskId + " is not mapped");
    }
    Paging p = Paging.of(ctx, "map_index", java.util.Set.of("map_index", "state", "start_date", "end_date", "duration"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_instances", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  /**
   * {@code GET .../dependencies}: why an instance is not running, as the scheduler last explained it on the instance
   * (a full pool, an unmet trigger rule, a retry wait); empty when nothing holds it back.
   */
  private void dependencies(Context ctx, int mapIndex) {
    TaskInstanceRow ti = instance(ctx, mapIndex);
    List<Map<String, Object>> deps = new ArrayList<>();
    for (TaskInstances.Dependency d : app.taskInstances().dependencies(ti)) {
      deps.add(Map.of("name", d.name(), "reason", d.reason()));
    }
    ctx.json(Map.of("dependencies", deps));
  }

  /** {@code POST /dags/~/dagRuns/~/taskInstances/list}: filters in the body, {@code page_limit}/{@code page_offset}. */
  private void batchList(Context ctx) {
    JsonNode b = ApiJson.body(ctx);
    int limit = Math.min(ApiJson.intField(b, "page_limit", Paging.MAX_LIMIT), Paging.MAX_LIMIT);
    int offset = ApiJson.intField(b, "page_offset", 0);
    List<TaskInstanceRow> rows =
        app.taskInstances().page(ApiJson.strings(b, "dag_ids"), ApiJson.strings(b, "dag_run_ids"), ApiJson.strings(b, "task_ids"),
            ApiJson.strings(b, "state"), ApiJson.strings(b, "pool"), limit + 1, offset);
    Map<String, DagRunRow> runs = new HashMap<>();
    List<Map<String, Object>> page = new ArrayList<>();
    for (TaskInstanceRow t : rows.subList(0, Math.min(limit, rows.size()))) {
      DagRunRow run = runs.computeIfAbsent(t.dagId() + '\0' + t.runId(), k -> runOf(t));
      page.add(TaskInstancesResource.tiJson(t, run));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_instances", page);
    out.put("total_entries", offset + rows.size());
    ctx.json(out);
  }

  private static Map<String, Object> tryJson(TaskInstanceRow ti, DagRunRow run, TryRow t) {
    Map<String, Object> m = TaskInstancesResource.tiJson(ti, run);
    m.put("try_number", t.tryNumber());
    m.put("state", t.state());
    m.put("start_date", ApiJson.date(t.startDate()));
    m.put("end_date", ApiJson.date(t.endDate()));
    Instant s = t.startDate();
    Instant e = t.endDate();
    m.put("duration", s != null && e != null ? (e.toEpochMilli() - s.toEpochMilli()) / 1000.0 : null);
    m.put("hostname", t.hostname() == null ? "" : t.hostname());
    m.remove("note");
    m.remove("rendered_fields");
    m.remove("sla_miss");
    m.remove("trigger");
    m.remove("triggerer_job");
    m.remove("rendered_map_index");
    return m;
  }

  private TaskInstanceRow instance(Context ctx, int mapIndex) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    String taskId = ctx.pathParam("task_id");
    return app.taskInstances()
        .get(new TiKey(run.dagId(), run.runId(), taskId, mapIndex))
        .orElseThrow(() -> ApiException.notFound("Task instance not found",
            "Task instance '" + taskId + "'" + (mapIndex >= 0 ? " [" + mapIndex + "]" : "") + " of run '"
                + run.runId() + "' of DAG '" + run.dagId() + "' not found"));
  }

  private DagRunRow runOf(TaskInstanceRow ti) {
    return app.runs().get(ti.dagId(), ti.runId()).orElseThrow();
  }

  private String runAt(String dagId, Instant logicalDate) {
    return app.runs().list(dagId, Integer.MAX_VALUE, 0).stream()
        .filter(r -> r.logicalDate().equals(logicalDate))
        .map(DagRunRow::runId)
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("DAGRun not found",
            "DAG run of DAG '" + dagId + "' at execution_date " + ApiJson.date(logicalDate) + " not found"));
  }

  /** Runs a service call, mapping its exceptions to Airflow's problem answers. */
  private static List<TaskInstanceRow> call(String dagId, Supplier<List<TaskInstanceRow>> op) {
    try {
      return op.get();
    } catch (UnknownDagException e) {
      throw ApiException.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    } catch (NoSuchElementException e) {
      throw ApiException.notFound("DAGRun not found", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private Map<String, Object> references(List<TaskInstanceRow> tis) {
    Map<String, DagRunRow> runs = new HashMap<>();
    List<Map<String, Object>> refs = new ArrayList<>();
    for (TaskInstanceRow t : tis) {
      refs.add(reference(t, runs.computeIfAbsent(t.dagId() + '\0' + t.runId(), k -> app.runs().get(t.dagId(), t.runId()).orElse(null))));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_instances", refs);
    return out;
  }

  private static Map<String, Object> reference(TaskInstanceRow t, DagRunRow run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", t.taskId());
    m.put("dag_id", t.dagId());
    m.put("execution_date", run == null ? null : ApiJson.date(run.logicalDate()));
    m.put("dag_run_id", t.runId());
    m.put("map_index", t.mapIndex());
    return m;
  }

  private static TaskState newState(JsonNode b) {
    String s = text(b, "new_state");
    if (s == null) {
      s = text(b, "state");
    }
    if (s == null) {
      throw ApiException.badRequest("the body needs 'new_state': one of success, failed, skipped");
    }
    return switch (s) {
      case "success" -> TaskState.SUCCESS;
      case "failed" -> TaskState.FAILED;
      case "skipped" -> TaskState.SKIPPED;
      default -> throw ApiException.badRequest("'new_state' must be one of success, failed, skipped, not '" + s + "'");
    };
  }

  private static String note(JsonNode b) {
    JsonNode n = b.get("note");
    if (n == null || (!n.isNull() && !n.isTextual())) {
      throw ApiException.badRequest("the body needs 'note': a string (or null to remove the note)");
    }
    if (n.isTextual() && n.asText().length() > 1000) {
      throw ApiException.badRequest("'note' is longer than 1000 characters");
    }
    return n.isNull() ? null : n.asText();
  }

  /** Airflow's {@code task_ids}: task ids, or {@code [task_id, map_index]} pairs. */
  private static List<TaskRef> taskRefs(JsonNode n) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw ApiException.badRequest("'task_ids' must be a list of task ids or [task_id, map_index] pairs");
    }
    List<TaskRef> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (e.isTextual()) {
        out.add(TaskRef.of(e.asText()));
      } else if (e.isArray() && e.size() == 2 && e.get(0).isTextual() && e.get(1).isIntegralNumber()) {
        out.add(new TaskRef(e.get(0).asText(), e.get(1).asInt()));
      } else {
        throw ApiException.badRequest("'task_ids' must be a list of task ids or [task_id, map_index] pairs");
      }
    }
    return out;
  }

  static boolean bool(JsonNode b, String field, boolean dflt) {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw ApiException.badRequest("'" + field + "' must be true or false");
    }
    return n.asBoolean();
  }

  static String text(JsonNode b, String field) {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    return n.asText();
  }

  private static int mapIndex(Context ctx) {
    try {
      return Integer.parseInt(ctx.pathParam("map_index"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("map_index must be an integer");
    }
  }
}
