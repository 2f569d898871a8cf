package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DuplicateRunException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /dags/{dag_id}/dagRuns[/{dag_run_id}]}: list, trigger, get, set state, delete. */
final class DagRunsResource {

  /** API field -> column. */
  private static final Map<String, String> ORDER =
      Map.of(
          "id", "id",
          "dag_run_id", "run_id",
          "dag_id", "dag_id",
          "state", "state",
          "execution_date", "logical_date",
          "logical_date", "logical_date",
          "start_date", "start_date",
          "end_date", "end_date",
          "external_trigger", "external_trigger");

  private final Application app;

  DagRunsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    String runs = base + "/dags/{dag_id}/dagRuns";
    javalin.get(runs, this::list);
    javalin.post(runs, this::trigger);
    javalin.get(runs + "/{dag_run_id}", ctx -> ctx.json(runJson(run(app, ctx))));
    javalin.patch(runs + "/{dag_run_id}", this::patch);
    javalin.delete(runs + "/{dag_run_id}", this::delete);
  }

  private void list(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    if (!dagId.equals("~")) {
      requireDag(app, dagId);
    }
    Paging p = Paging.of(ctx, "id", ORDER.keySet());
    List<String> states = ctx.queryParams("state");
    for (String s : states) {
      parseState(s);
    }
    String filter = dagId.equals("~") ? null : dagId;
    List<DagRunRow> rows =
        app.runs().page(filter, states, ORDER.get(p.orderBy()), p.descending(), p.limit(), p.offset());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dag_runs", rows.stream().map(DagRunsResource::runJson).toList());
    out.put("total_entries", app.runs().count(filter, states));
    ctx.json(out);
  }

  private void trigger(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    JsonNode body = ApiJson.body(ctx);
    JsonNode confNode = body.get("conf");
    if (confNode != null && !confNode.isNull() && !confNode.isObject()) {
      throw ApiException.badRequest("'conf' must be a JSON object");
    }
    Map<String, Object> conf = confNode == null || confNode.isNull() ? Map.of() : ApiJson.toMap(confNode);
    String runId = text(body, "dag_run_id");
    String date = text(body, "logical_date");
    if (date == null) {
      date = text(body, "execution_date");
    }
    Instant logical = ApiJson.parseDate("logical_date", date);
    try {
      DagRunRow row = app.runs().trigger(Callers.of(ctx), dagId, runId, conf, logical);
      ctx.json(runJson(row));
    } catch (UnknownDagException e) {
      throw ApiException.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    } catch (InvalidConfException e) {
      throw ApiException.badRequest("Invalid conf: " + e.getMessage());
    } catch (DuplicateRunException e) {
      throw ApiException.conflict(
          "DAGRun with DAG ID: '" + dagId + "' and DAGRun ID: '" + runId + "' already exists");
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private void patch(Context ctx) {
    DagRunRow run = run(app, ctx);
    JsonNode body = ApiJson.body(ctx);
    String s = text(body, "state");
    if (s == null) {
      throw ApiException.badRequest("the body needs 'state': one of success, failed, queued");
    }
    RunState state = parseState(s);
    try {
      ctx.json(runJson(app.runs().setState(Callers.of(ctx), run.dagId(), run.runId(), state)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("'state' must be one of success, failed, queued");
    }
  }

  private void delete(Context ctx) {
    DagRunRow run = run(app, ctx);
    app.runs().delete(Callers.of(ctx), run.dagId(), run.runId());
    ctx.status(204);
  }

  static void requireDag(Application app, String dagId) {
    if (app.dags().get(dagId).isEmpty()) {
      throw ApiException.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    }
  }

  static DagRunRow run(Application app, Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    String runId = ctx.pathParam("dag_run_id");
    return app.runs()
        .get(dagId, runId)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "DAGRun not found", "DAGRun with DAG ID: '" + dagId + "' and DagRun ID: '" + runId + "' not found"));
  }

  private static RunState parseState(String s) {
    try {
      return RunState.parse(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("'" + s + "' is not a DAG run state: use queued, running, success or failed");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    return n.asText();
  }

  static Map<String, Object> runJson(DagRunRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dag_run_id", r.runId());
    m.put("dag_id", r.dagId());
    m.put("logical_date", ApiJson.date(r.logicalDate()));
    m.put("execution_date", ApiJson.date(r.logicalDate()));
    m.put("start_date", ApiJson.date(r.startDate()));
    m.put("end_date", ApiJson.date(r.endDate()));
    m.put("data_interval_start", ApiJson.date(r.dataIntervalStart()));
    m.put("data_interval_end", ApiJson.date(r.dataIntervalEnd()));
    m.put("queued_at", ApiJson.date(r.queuedAt()));
    m.put("last_scheduling_decision", null);
    m.put("run_type", r.runType());
    m.put("state", r.state().airflowName());
    m.put("external_trigger", r.externalTrigger());
    m.put("conf", r.conf());
    m.put("note", r.userNote());
    return m;
  }
}
