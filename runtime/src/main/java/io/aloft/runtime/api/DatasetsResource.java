package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.store.DatasetStore.DatasetRow;
import io.aloft.runtime.store.DatasetStore.EventRow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /datasets}, {@code /datasets/{uri}} and {@code /datasets/events} (GET, and POST to announce an update). */
final class DatasetsResource {

  private static final int MAX_EVENTS = 10_000;

  private final Application app;

  DatasetsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/datasets", this::list);
    // Before /datasets/<uri>, which would otherwise take "events" for a URI.
    javalin.get(base + "/datasets/events", this::events);
    javalin.post(base + "/datasets/events", this::announce);
    javalin.get(base + "/datasets/queuedEvent/<uri>", ctx -> queued(ctx, null));
    javalin.delete(base + "/datasets/queuedEvent/<uri>", ctx -> deleteQueued(ctx, null));
    javalin.get(base + "/dags/{dag_id}/datasets/queuedEvent", ctx -> queued(ctx, dagId(ctx)));
    javalin.delete(base + "/dags/{dag_id}/datasets/queuedEvent", ctx -> deleteQueued(ctx, dagId(ctx)));
    javalin.get(base + "/dags/{dag_id}/datasets/queuedEvent/<uri>", ctx -> queuedOne(ctx));
    javalin.delete(base + "/dags/{dag_id}/datasets/queuedEvent/<uri>", ctx -> deleteQueued(ctx, dagId(ctx)));
    // <uri> (not {uri}): a URI holds slashes; clients send it percent-encoded, as Airflow's do.
    javalin.get(base + "/datasets/<uri>", this::get);
  }

  private String dagId(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    if (app.dags().get(dagId).isEmpty()) {
      throw ApiException.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    }
    return dagId;
  }

  private static String uriParam(Context ctx) {
    return ctx.pathParamMap().containsKey("uri") ? URLDecoder.decode(ctx.pathParam("uri"), StandardCharsets.UTF_8) : null;
  }

  /** Queued events of a DAG (all its datasets) or of a dataset (all DAGs): Airflow's QueuedEventCollection. */
  private void queued(Context ctx, String dagId) {
    String uri = uriParam(ctx);
    List<Map<String, Object>> all = app.datasets().queued(dagId, uri).stream().map(DatasetsResource::json).toList();
    if (all.isEmpty()) {
      throw queueNotFound(dagId, uri);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("queued_events", all);
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void queuedOne(Context ctx) {
    String dagId = dagId(ctx);
    String uri = uriParam(ctx);
    List<io.aloft.runtime.store.DatasetStore.QueuedRow> rows = app.datasets().queued(dagId, uri);
    if (rows.isEmpty()) {
      throw queueNotFound(dagId, uri);
    }
    ctx.json(json(rows.get(0)));
  }

  private void deleteQueued(Context ctx, String dagId) {
    String uri = uriParam(ctx);
    String before = ctx.queryParam("before");
    java.time.Instant until = before == null || before.isBlank() ? null : ApiJson.parseDate("before", before);
    if (app.datasets().deleteQueued(Callers.of(ctx), dagId, uri, until) == 0) {
      throw queueNotFound(dagId, uri);
    }
    ctx.status(204);
  }

  private static ApiException queueNotFound(String dagId, String uri) {
    return ApiException.notFound("Queue event not found", "Queue event with "
        + (dagId == null ? "" : "dag_id: `" + dagId + "`" + (uri == null ? "" : " and ")) + (uri == null ? ""
        : "dataset uri: `" + uri + "`") + " was not found");
  }

  static Map<String, Object> json(io.aloft.runtime.store.DatasetStore.QueuedRow q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", q.uri());
    m.put("dag_id", q.dagId());
    m.put("created_at", ApiJson.date(q.createdAt()));
    return m;
  }

  private void list(Context ctx) {
    Paging p = Paging.of(ctx, "id", Set.of("id", "uri", "created_at", "updated_at"));
    String pattern = ctx.queryParam("uri_pattern");
    List<Map<String, Object>> all = app.datasets().list().stream()
        .filter(d -> pattern == null || d.uri().contains(pattern))
        .map(this::datasetJson).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("datasets", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void get(Context ctx) {
    String uri = URLDecoder.decode(ctx.pathParam("uri"), StandardCharsets.UTF_8);
    DatasetRow row = app.datasets().get(uri).orElseThrow(
        () -> ApiException.notFound("Dataset not found", "The Dataset with uri: `" + uri + "` was not found"));
    ctx.json(datasetJson(row));
  }

  private void events(Context ctx) {
    Paging p = Paging.of(ctx, "timestamp", Set.of("id", "timestamp", "source_dag_id", "source_task_id"));
    String uri = ctx.queryParam("dataset_uri");
    List<EventRow> rows = app.datasets().events(uri, MAX_EVENTS).stream()
        .filter(e -> matches(ctx, "source_dag_id", e.sourceDagId())
            && matches(ctx, "source_task_id", e.sourceTaskId())
            && matches(ctx, "source_run_id", e.sourceRunId()))
        .toList();
    List<Map<String, Object>> all = eventsJson(app, rows);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset_events", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private static boolean matches(Context ctx, String param, String value) {
    String wanted = ctx.queryParam(param);
    return wanted == null || wanted.equals(value);
  }

  private void announce(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    String uri = body.path("dataset_uri").asText(null);
    if (uri == null || uri.isBlank()) {
      throw ApiException.badRequest("a dataset event needs a 'dataset_uri', e.g. {\"dataset_uri\": \"s3://bucket/key\"}");
    }
    JsonNode extra = body.path("extra");
    if (!extra.isMissingNode() && !extra.isNull() && !extra.isObject()) {
      throw ApiException.badRequest("'extra' must be a JSON object");
    }
    Map<String, Object> extraMap = extra.isObject() ? ApiJson.toMap(extra) : Map.of();
    ctx.json(eventsJson(app, List.of(app.datasets().announce(Callers.of(ctx), uri, extraMap))).get(0));
  }

  static Map<String, Object> json(DatasetRow d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("uri", d.uri());
    m.put("extra", d.extra());
    m.put("created_at", ApiJson.date(d.createdAt()));
    m.put("updated_at", ApiJson.date(d.updatedAt()));
    return m;
  }

  /** A dataset with the DAGs scheduled on it and the tasks that update it (Airflow's references). */
  Map<String, Object> datasetJson(DatasetRow d) {
    Map<String, Object> m = json(d);
    m.put("consuming_dags", app.datasets().references(d.uri(), false).stream().map(r -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("dag_id", r.dagId());
      x.put("created_at", ApiJson.date(r.at()));
      x.put("updated_at", ApiJson.date(r.at()));
      return x;
    }).toList());
    m.put("producing_tasks", app.datasets().references(d.uri(), true).stream().map(r -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("dag_id", r.dagId());
      x.put("task_id", r.taskId());
      x.put("created_at", ApiJson.date(r.at()));
      x.put("updated_at", ApiJson.date(r.at()));
      return x;
    }).toList());
    return m;
  }

  /** Events with the runs each helped trigger ({@code created_dagruns}, Airflow's BasicDAGRun). */
  static List<Map<String, Object>> eventsJson(Application app, List<EventRow> events) {
    Map<Long, List<io.aloft.runtime.store.DatasetStore.CreatedRun>> created =
        app.datasets().createdRuns(events.stream().map(EventRow::id).toList());
    return events.stream().map(e -> {
      Map<String, Object> m = json(e);
      m.put("created_dagruns", created.getOrDefault(e.id(), List.of()).stream().map(r -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("run_id", r.runId());
        x.put("dag_id", r.dagId());
        x.put("logical_date", ApiJson.date(r.logicalDate()));
        x.put("start_date", ApiJson.date(r.startDate()));
        x.put("end_date", ApiJson.date(r.endDate()));
        x.put("data_interval_start", ApiJson.date(r.dataIntervalStart()));
        x.put("data_interval_end", ApiJson.date(r.dataIntervalEnd()));
        x.put("state", io.aloft.runtime.model.RunState.parse(r.state()).airflowName());
        return (Map<String, Object>) x;
      }).toList());
      return m;
    }).toList();
  }

  static Map<String, Object> json(EventRow e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("dataset_id", e.datasetId());
    m.put("dataset_uri", e.uri());
    m.put("extra", e.extra());
    m.put("source_dag_id", e.sourceDagId());
    m.put("source_task_id", e.sourceTaskId());
    m.put("source_run_id", e.sourceRunId());
    m.put("source_map_index", e.sourceMapIndex());
    m.put("timestamp", ApiJson.date(e.timestamp()));
    return m;
  }
}
