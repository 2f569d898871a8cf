package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.store.DagRow;
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

/** {@code /dags}, {@code /dags/{dag_id}}, {@code /dags/{dag_id}/details} and {@code /dagSources/{file_token}}. */
final class DagsResource {

  private static final Set<String> ORDERABLE =
      Set.of("dag_id", "is_paused", "is_active", "last_parsed_time", "next_dagrun", "fileloc", "max_active_runs");

  private final Application app;

  DagsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/dags", this::list);
    javalin.get(base + "/dags/{dag_id}", ctx -> ctx.json(dagJson(dag(ctx), spec(ctx), importErrorFiles())));
    javalin.patch(base + "/dags/{dag_id}", this::patch);
    javalin.get(base + "/dags/{dag_id}/details", ctx -> ctx.json(details(dag(ctx), spec(ctx), importErrorFiles())));
    javalin.get(base + "/dagSources/{file_token}", this::source);
  }

  private void list(Context ctx) {
    Paging paging = Paging.of(ctx, "dag_id", ORDERABLE);
    boolean onlyActive = !"false".equalsIgnoreCase(ctx.queryParam("only_active"));
    String paused = ctx.queryParam("paused");
    String pattern = ctx.queryParam("dag_id_pattern");
    List<String> tags = ctx.queryParams("tags");
    Set<String> errorFiles = importErrorFiles();
    // Only the page's DAGs become JSON (describing a schedule is the costly part: with 900 DAGs, building them all
    // made p50 415 ms); the others carry just the field they are ordered by and their place in these lists.
    List<Map<String, Object>> all = new ArrayList<>();
    List<DagRow> rows = new ArrayList<>();
    List<DagSpec> specs = new ArrayList<>();
    for (DagRow d : app.dags().list()) {
      if (onlyActive && !d.isActive()) {
        continue;
      }
      if (paused != null && !paused.isBlank() && d.isPaused() != Boolean.parseBoolean(paused)) {
        continue;
      }
      if (pattern != null
          && !pattern.isBlank()
          && !d.dagId().toLowerCase(Locale.ROOT).contains(pattern.toLowerCase(Locale.ROOT))) {
        continue;
      }
      DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
      if (!tags.isEmpty() && spec.tags().stream().noneMatch(tags::contains)) {
        continue;
      }
      Map<String, Object> key = new java.util.HashMap<>();
      key.put(paging.orderBy(), orderValue(d, spec, paging.orderBy(), errorFiles));
      key.put(PLACE, rows.size());
      rows.add(d);
      specs.add(spec);
      all.add(key);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dags", paging.page(all).stream()
        .map(k -> dagJson(rows.get((Integer) k.get(PLACE)), specs.get((Integer) k.get(PLACE)), errorFiles)).toList());
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void patch(Context ctx) {
    DagRow d = dag(ctx);
    JsonNode body = ApiJson.body(ctx);
    String mask = ctx.queryParam("update_mask");
    if (mask != null && !mask.isBlank() && !Set.of(mask.split(",")).equals(Set.of("is_paused"))) {
      throw ApiException.badRequest("only 'is_paused' can be updated, not '" + mask + "'");
    }
    JsonNode p = body.get("is_paused");
    if (p == null || !p.isBoolean()) {
      throw ApiException.badRequest("the body needs 'is_paused': true or false");
    }
    app.dags().setPaused(Callers.of(ctx), d.dagId(), p.booleanValue());
    ctx.json(dagJson(dag(ctx), spec(ctx), importErrorFiles()));
  }

  private void source(Context ctx) {
    String fileloc = ApiJson.fileloc(ctx.pathParam("file_token"));
    String code =
        app.dags()
            .code(fileloc)
            .orElseThrow(() -> ApiException.notFound("DAG source not found", "no source is stored for " + fileloc));
    if (Representation.wantsText(ctx)) {
      ctx.contentType("text/plain; charset=utf-8").result(code);
    } else {
      ctx.json(Map.of("content", code));
    }
  }

  private DagRow dag(Context ctx) {
    String id = ctx.pathParam("dag_id");
    return app.dags()
        .get(id)
        .orElseThrow(() -> ApiException.notFound("DAG not found", "DAG with dag_id: '" + id + "' not found"));
  }

  private DagSpec spec(Context ctx) {
    DagRow d = dag(ctx);
    return app.dags().spec(d.dagId(), d.specHash());
  }

  private Set<String> importErrorFiles() {
    return app.importErrors().list().stream().map(ImportErrorRow::filename).collect(Collectors.toSet());
  }

  /** A key no DAG field has: where a DAG's sort key says which DAG it is. */
  private static final String PLACE = "\u0000place";

  /** The value {@link #dagJson} gives {@code field}, which the list is ordered by, without building the rest. */
  private static Object orderValue(DagRow d, DagSpec spec, String field, Set<String> importErrorFiles) {
    return switch (field) {
      case "dag_id" -> d.dagId();
      case "is_paused" -> d.isPaused();
      case "is_active" -> d.isActive();
      case "fileloc" -> d.fileloc();
      case "max_active_runs" -> spec.maxActiveRuns();
      default -> dagJson(d, spec, importErrorFiles).get(field);
    };
  }

  static Map<String, Object> dagJson(DagRow d, DagSpec spec, Set<String> importErrorFiles) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dag_id", d.dagId());
    m.put("dag_display_name", d.dagId());
    m.put("root_dag_id", null);
    m.put("is_paused", d.isPaused());
    m.put("is_active", d.isActive());
    m.put("is_subdag", false);
    m.put("last_parsed_time", ApiJson.date(d.lastParsedTime()));
    m.put("last_pickled", null);
    m.put("last_expired", null);
    m.put("scheduler_lock", null);
    m.put("pickle_id", null);
    m.put("default_view", "grid");
    m.put("fileloc", d.fileloc());
    m.put("file_token", ApiJson.fileToken(d.fileloc()));
    m.put("owners", List.of(spec.owner() == null || spec.owner().isBlank() ? "airflow" : spec.owner()));
    m.put("description", spec.description());
    m.put("schedule_interval", scheduleInterval(spec.schedule()));
    m.put("timetable_description", describe(spec.schedule()));
    m.put("tags", spec.tags().stream().map(t -> Map.of("name", t)).toList());
    m.put("max_active_tasks", spec.maxActiveTasks());
    m.put("max_active_runs", spec.maxActiveRuns());
    m.put("max_consecutive_failed_dag_runs", 0);
    m.put("has_task_concurrency_limits", false);
    m.put("has_import_errors", importErrorFiles.contains(d.fileloc()));
    m.put("next_dagrun", ApiJson.date(d.nextDagrun()));
    m.put("next_dagrun_data_interval_start", ApiJson.date(d.nextDagrunDataIntervalStart()));
    m.put("next_dagrun_data_interval_end", ApiJson.date(d.nextDagrunDataIntervalEnd()));
    m.put("next_dagrun_create_after", ApiJson.date(d.nextDagrunDataIntervalEnd()));
    return m;
  }

  static Map<String, Object> details(DagRow d, DagSpec spec, Set<String> importErrorFiles) {
    Map<String, Object> m = dagJson(d, spec, importErrorFiles);
    m.put("catchup", spec.catchup());
    m.put("orientation", "LR");
    m.put("concurrency", spec.maxActiveTasks());
    m.put("start_date", ApiJson.date(spec.startDate()));
    m.put("end_date", ApiJson.date(spec.endDate()));
    m.put(
        "dag_run_timeout",
        spec.dagrunTimeoutSeconds() == null ? null : timeDelta(spec.dagrunTimeoutSeconds()));
    m.put("doc_md", spec.docMd());
    m.put("is_paused_upon_creation", spec.isPausedUponCreation());
    m.put("last_parsed", ApiJson.date(d.lastParsedTime()));
    m.put("params", params(spec));
    m.put("render_template_as_native_obj", false);
    m.put("template_search_path", null);
    m.put("timezone", spec.timezone() == null ? "UTC" : spec.timezone());
    return m;
  }

  /** Airflow's serialized params: {@code {"name": {"__class": "airflow.models.param.Param", "value": ..., "schema": ...}}}. */
  static Map<String, Object> params(DagSpec spec) {
    Map<String, Object> out = new LinkedHashMap<>();
    spec.params()
        .forEach(
            (name, p) -> {
              Map<String, Object> one = new LinkedHashMap<>();
              one.put("__class", "airflow.models.param.Param");
              one.put("value", p.hasDefault() ? p.defaultValue() : null);
              one.put("description", p.description());
              one.put("schema", p.schema());
              out.put(name, one);
            });
    return out;
  }

  static Object scheduleInterval(Schedule s) {
    if (s == null || s.type() == null || s.type().equals("none")) {
      return null;
    }
    return switch (s.type()) {
      case "cron" -> Map.of("__type", "CronExpression", "value", s.cron());
      case "timedelta" -> timeDelta(s.seconds() == null ? 0 : s.seconds());
      default -> Map.of("__type", "CronExpression", "value", s.expression() == null ? "@" + s.type() : s.expression());
    };
  }

  static String describe(Schedule s) {
    if (s == null || s.type() == null || s.type().equals("none")) {
      return "Never, external triggers only";
    }
    if (s.expression() != null) {
      return s.expression();
    }
    return s.cron() != null ? s.cron() : s.type();
  }

  private static Map<String, Object> timeDelta(double seconds) {
    long whole = (long) seconds;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("__type", "TimeDelta");
    m.put("days", whole / 86400);
    m.put("seconds", whole % 86400);
    m.put("microseconds", Math.round((seconds - whole) * 1_000_000));
    return m;
  }
}
