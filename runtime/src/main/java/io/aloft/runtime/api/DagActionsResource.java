package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.ImportErrorRow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rest of Airflow 2.10's DAG routes: delete a DAG, pause many at once, a DAG's tasks, run statistics, warnings,
 * the batch run list. Each route calls one service operation.
 */
final class DagActionsResource {

  private final Application app;

  DagActionsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.delete(base + "/dags/{dag_id}", this::delete);
    javalin.patch(base + "/dags", this::patchMany);
    javalin.get(base + "/dags/{dag_id}/tasks", this::tasks);
    javalin.get(base + "/dags/{dag_id}/tasks/{task_id}", this::task);
    javalin.get(base + "/dagStats", this::dagStats);
    javalin.get(base + "/dagWarnings", this::dagWarnings);
    javalin.post(base + "/dags/~/dagRuns/list", this::runsList);
  }

  /** {@code DELETE /dags/{dag_id}}: 204; 409 while a try of it runs. */
  private void delete(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    try {
      app.dags().delete(Callers.of(ctx), dagId);
    } catch (UnknownDagException e) {
      throw ApiException.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    }
    ctx.status(204);
  }

  /**
   * {@code PATCH /dags?dag_id_pattern=...}: pauses or unpauses every matching (active) DAG; Airflow requires the
   * pattern (use {@code ~} for all).
   */
  private void patchMany(Context ctx) {
    String pattern = ctx.queryParam("dag_id_pattern");
    if (pattern == null || pattern.isBlank()) {
      throw ApiException.badRequest("give 'dag_id_pattern' (~ for every DAG) to say which DAGs to update");
    }
    String mask = ctx.queryParam("update_mask");
    if (mask != null && !mask.isBlank() && !Set.of(mask.split(",")).equals(Set.of("is_paused"))) {
      throw ApiException.badRequest("only 'is_paused' can be updated, not '" + mask + "'");
    }
    JsonNode p = ApiJson.body(ctx).get("is_paused");
    if (p == null || !p.isBoolean()) {
      throw ApiException.badRequest("the body needs 'is_paused': true or false");
    }
    boolean onlyActive = !"false".equalsIgnoreCase(ctx.queryParam("only_active"));
    Set<String> errorFiles = app.importErrors().list().stream().map(ImportErrorRow::filename).collect(Collectors.toSet());
    List<Map<String, Object>> out = new ArrayList<>();
    for (DagRow d : app.dags().list()) {
      if ((onlyActive && !d.isActive())
          || (!pattern.equals("~") && !d.dagId().toLowerCase(Locale.ROOT).contains(pattern.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      DagRow now = app.dags().setPaused(Callers.of(ctx), d.dagId(), p.booleanValue());
      out.add(DagsResource.dagJson(now, app.dags().spec(now), errorFiles));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dags", out);
    body.put("total_entries", out.size());
    ctx.json(body);
  }

  private void tasks(Context ctx) {
    DagSpec spec = spec(ctx);
    String order = ctx.queryParam("order_by");
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (TaskSpec t : spec.tasks()) {
      tasks.add(taskJson(spec, t));
    }
    if (order != null && !order.isBlank()) {
      tasks = new Paging(Integer.MAX_VALUE, 0, order.replaceFirst("^-", ""), order.startsWith("-")).page(tasks);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tasks", tasks);
    out.put("total_entries", tasks.size());
    ctx.json(out);
  }

  private void task(Context ctx) {
    DagSpec spec = spec(ctx);
    String taskId = ctx.pathParam("task_id");
    TaskSpec t =
        spec.tasks().stream()
            .filter(x -> x.taskId().equals(taskId))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("Task not found", "Task '" + taskId + "' not found in DAG '" + spec.dagId() + "'"));
    ctx.json(taskJson(spec, t));
  }

  /** {@code GET /dagStats?dag_ids=a,b}: per DAG, the count of runs in each of Airflow's run states. */
  private void dagStats(Context ctx) {
    String ids = ctx.queryParam("dag_ids");
    if (ids == null || ids.isBlank()) {
      throw ApiException.badRequest("give 'dag_ids': a comma-separated list of DAG ids");
    }
    Map<String, Map<String, Integer>> counts = app.runs().stateCounts();
    List<Map<String, Object>> dags = new ArrayList<>();
    for (String id : ids.split(",")) {
      String dagId = id.trim();
      if (dagId.isEmpty()) {
        continue;
      }
      List<Map<String, Object>> stats = new ArrayList<>();
      for (String state : List.of("queued", "running", "success", "failed")) {
        stats.add(Map.of("state", state, "count", counts.getOrDefault(dagId, Map.of()).getOrDefault(state, 0)));
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("dag_id", dagId);
      d.put("stats", stats);
      dags.add(d);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dags", dags);
    out.put("total_entries", dags.size());
    ctx.json(out);
  }

  /**
   * {@code GET /dagWarnings}: Airflow warns of a task naming a pool that does not exist; Aloft's scheduler shows that
   * on the waiting instance, so the list names each DAG whose tasks use a missing pool.
   */
  private void dagWarnings(Context ctx) {
    Set<String> pools = app.pools().list().stream().map(io.aloft.runtime.store.PoolRow::name).collect(Collectors.toSet());
    String only = ctx.queryParam("dag_id");
    String type = ctx.queryParam("warning_type");
    List<Map<String, Object>> all = new ArrayList<>();
    for (DagRow d : app.dags().listActive()) {
      if (only != null && !only.equals(d.dagId())) {
        continue;
      }
      Set<String> missing = new java.util.TreeSet<>();
      for (TaskSpec t : app.dags().spec(d).tasks()) {
        if (t.pool() != null && !pools.contains(t.pool())) {
          missing.add(t.pool());
        }
      }
      if (!missing.isEmpty() && (type == null || type.equals("non-existent pool"))) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("dag_id", d.dagId());
        w.put("warning_type", "non-existent pool");
        w.put("message", "Dag '" + d.dagId() + "' references non-existent pools: " + missing);
        w.put("timestamp", ApiJson.date(d.lastParsedTime()));
        all.add(w);
      }
    }
    Paging p = Paging.of(ctx, "dag_id", Set.of("dag_id", "warning_type", "timestamp"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dag_warnings", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  /** {@code POST /dags/~/dagRuns/list}: the run list with its filters in the body. */
  private void runsList(Context ctx) {
    JsonNode b = ApiJson.body(ctx);
    int limit = Math.min(ApiJson.intField(b, "page_limit", Paging.MAX_LIMIT), Paging.MAX_LIMIT);
    int offset = ApiJson.intField(b, "page_offset", 0);
    List<String> dagIds = ApiJson.strings(b, "dag_ids");
    List<String> states = ApiJson.strings(b, "states");
    String order = b.path("order_by").asText("id");
    boolean desc = order.startsWith("-");
    String column =
        switch (desc ? order.substring(1) : order) {
          case "id" -> "id";
          case "dag_run_id" -> "run_id";
          case "dag_id" -> "dag_id";
          case "state" -> "state";
          case "execution_date", "logical_date" -> "logical_date";
          case "start_date" -> "start_date";
          case "end_date" -> "end_date";
          default -> throw ApiException.badRequest("Ordering with '" + order + "' is disallowed or the attribute does not exist on the model");
        };
    List<DagRunRow> rows = new ArrayList<>();
    int total = 0;
    if (dagIds.isEmpty()) {
      rows.addAll(app.runs().page(null, states, column, desc, limit, offset));
      total = app.runs().count(null, states);
    } else {
      for (String d : dagIds) {
        rows.addAll(app.runs().page(d, states, column, desc, Integer.MAX_VALUE, 0));
        total += app.runs().count(d, states);
      }
      rows = rows.stream().skip(offset).limit(limit).toList();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dag_runs", rows.stream().map(DagRunsResource::runJson).toList());
    out.put("total_entries", total);
    ctx.json(out);
  }

  private DagSpec spec(Context ctx) {
    String id = ctx.pathParam("dag_id");
    DagRow d = app.dags().get(id).orElseThrow(() -> ApiException.notFound("DAG not found", "DAG with dag_id: '" + id + "' not found"));
    return app.dags().spec(d);
  }

  /** Airflow's Task shape. */
  static Map<String, Object> taskJson(DagSpec spec, TaskSpec t) {
    Map<String, Object> m = new LinkedHashMap<>();
    String cls = t.operatorClass() != null ? t.operatorClass() : t.operator();
    int dot = cls == null ? -1 : cls.lastIndexOf('.');
    Map<String, Object> classRef = new LinkedHashMap<>();
    classRef.put("module_path", dot < 0 ? null : cls.substring(0, dot));
    classRef.put("class_name", dot < 0 ? t.operator() : cls.substring(dot + 1));
    m.put("class_ref", classRef);
    m.put("task_id", t.taskId());
    m.put("task_display_name", t.taskId());
    m.put("owner", t.owner() == null ? "airflow" : t.owner());
    m.put("start_date", ApiJson.date(spec.startDate()));
    m.put("end_date", ApiJson.date(spec.endDate()));
    m.put("trigger_rule", t.triggerRule() == null ? "all_success" : t.triggerRule());
    m.put("extra_links", List.of());
    m.put("depends_on_past", t.dependsOnPast());
    m.put("wait_for_downstream", t.waitForDownstream());
    m.put("is_mapped", t.isMapped());
    m.put("retries", t.retries());
    m.put("queue", "default");
    m.put("executor", null);
    m.put("pool", t.pool());
    m.put("pool_slots", t.poolSlots());
    m.put("execution_timeout", timeDelta(t.executionTimeoutSeconds()));
    m.put("retry_delay", timeDelta(t.retryDelaySeconds()));
    m.put("retry_exponential_backoff", t.retryExponentialBackoff());
    m.put("priority_weight", t.priorityWeight());
    m.put("weight_rule", t.weightRule() == null ? "downstream" : t.weightRule());
    m.put("ui_color", t.uiColor() == null ? "#fff" : t.uiColor());
    m.put("ui_fgcolor", "#000");
    m.put("template_fields", t.templateFields());
    m.put("sub_dag", null);
    List<String> downstream = new ArrayList<>();
    for (TaskSpec o : spec.tasks()) {
      if (o.upstream().contains(t.taskId())) {
        downstream.add(o.taskId());
      }
    }
    m.put("downstream_task_ids", downstream);
    m.put("doc_md", t.docMd());
    return m;
  }

  /** Airflow's TimeDelta object, or null. */
  private static Map<String, Object> timeDelta(Double seconds) {
    if (seconds == null) {
      return null;
    }
    long micros = Math.round(seconds * 1_000_000);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("__type", "TimeDelta");
    m.put("days", (int) (micros / 86_400_000_000L));
    m.put("seconds", (int) (micros % 86_400_000_000L / 1_000_000));
    m.put("microseconds", (int) (micros % 1_000_000));
    return m;
  }
}
