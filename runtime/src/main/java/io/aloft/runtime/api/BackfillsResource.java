package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Runs;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backfills over REST in Airflow 3's shape (an Aloft extension under {@code /api/v1}: Airflow 2.10's v1 has no
 * backfill route): {@code POST /backfills} and {@code POST /backfills/dry_run} with Airflow 3's body
 * ({@code dag_id}, {@code from_date}, {@code to_date}, {@code reprocess_behavior}: {@code none}, {@code failed},
 * {@code completed}). Both call {@link Runs#backfill}, as {@code aloft dags backfill} does; the runs are
 * {@code backfill} runs. Aloft keeps no backfill object of its own, so the answer's {@code id} is null and it lists
 * the runs it made instead.
 */
final class BackfillsResource {

  private final Application app;

  BackfillsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.post(base + "/backfills", ctx -> backfill(ctx, false));
    javalin.post(base + "/backfills/dry_run", ctx -> backfill(ctx, true));
  }

  private void backfill(Context ctx, boolean dryRun) {
    JsonNode b = ApiJson.body(ctx);
    String dagId = b.path("dag_id").asText(null);
    if (dagId == null || dagId.isBlank()) {
      throw ApiException.badRequest("the body needs 'dag_id'");
    }
    Instant from = required(b, "from_date");
    Instant to = required(b, "to_date");
    String reprocess = b.path("reprocess_behavior").asText("none");
    if (!List.of("none", "failed", "completed").contains(reprocess)) {
      throw ApiException.badRequest("'reprocess_behavior' must be one of none, failed, completed, not '" + reprocess + "'");
    }
    if (b.path("run_backwards").asBoolean(false)) {
      throw ApiException.badRequest("'run_backwards' is not supported: Aloft runs a backfill's runs oldest first");
    }
    JsonNode conf = b.get("dag_run_conf");
    if (conf != null && !conf.isNull() && !(conf.isObject() && conf.isEmpty())) {
      throw ApiException.badRequest("'dag_run_conf' is not supported yet: backfill runs get an empty conf");
    }
    List<Runs.BackfillStep> steps;
    try {
      steps = app.runs().backfill(Callers.of(ctx), dagId, from, to, "completed".equals(reprocess),
          "failed".equals(reprocess), 0, dryRun);
    } catch (UnknownDagException e) {
      throw ApiException.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found");
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    List<Runs.BackfillStep> touched = steps.stream().filter(s -> !"exists".equals(s.action())).toList();
    if (dryRun) {
      ctx.json(Map.of("backfills", touched.stream().map(s -> Map.of("dag_id", dagId, "logical_date",
          ApiJson.date(s.logicalDate()))).toList(), "total_entries", touched.size()));
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", null);
    m.put("dag_id", dagId);
    m.put("from_date", ApiJson.date(from));
    m.put("to_date", ApiJson.date(to));
    m.put("dag_run_conf", Map.of());
    m.put("is_paused", false);
    m.put("reprocess_behavior", reprocess);
    m.put("max_active_runs", null); // the DAG's own max_active_runs bounds the runs
    Instant now = Instant.now();
    m.put("created_at", ApiJson.date(now));
    m.put("completed_at", null);
    m.put("updated_at", ApiJson.date(now));
    m.put("dag_display_name", dagId);
    m.put("dag_runs", steps.stream().map(s -> Map.of("logical_date", ApiJson.date(s.logicalDate()), "dag_run_id",
        s.runId(), "action", s.action())).toList());
    ctx.json(m);
  }

  private static Instant required(JsonNode b, String field) {
    String s = b.path(field).asText(null);
    if (s == null) {
      throw ApiException.badRequest("the body needs '" + field + "' (an ISO 8601 date)");
    }
    return ApiJson.parseDate(field, s);
  }
}
