package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import com.fasterxml.jackson.core.type.TypeReference;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.store.XComStore.Entry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A run's task instances, their logs and XCom entries. */
final class TaskInstancesResource {

  private static final Set<String> ORDERABLE =
      Set.of("task_id", "map_index", "state", "start_date", "end_date", "duration", "try_number", "pool",
          "priority_weight");

  private final Application app;

  TaskInstancesResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    String tis = base + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances";
    javalin.get(tis, this::list);
    javalin.get(tis + "/{task_id}", ctx -> ctx.json(withRendered(app, ti(ctx), DagRunsResource.run(app, ctx))));
    javalin.get(tis + "/{task_id}/logs/{task_try_number}", this::log);
    javalin.get(tis + "/{task_id}/xcomEntries", this::xcoms);
    javalin.get(tis + "/{task_id}/xcomEntries/{xcom_key}", this::xcom);
  }

  private void list(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    Paging p = Paging.of(ctx, "task_id", ORDERABLE);
    List<String> states = ctx.queryParams("state");
    Map<String, TriggerStore.Described> triggers = triggers(app, run);
    Map<String, Map<Integer, String>> names = app.taskInstances().renderedMapIndexes(run.dagId(), run.runId());
    List<Map<String, Object>> all =
        app.taskInstances().listForRun(run.dagId(), run.runId()).stream()
            .filter(t -> states.isEmpty() || states.contains(stateName(t)))
            .map(t -> withMapIndexName(withTrigger(tiJson(t, run), triggers.get(t.taskId() + "#" + t.mapIndex())), names, t))
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_instances", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private static String stateName(TaskInstanceRow t) {
    String s = t.state().airflowName();
    return s == null ? "none" : s;
  }

  private TaskInstanceRow ti(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    String taskId = ctx.pathParam("task_id");
    int mapIndex = Paging.intParam(ctx, "map_index", -1);
    return app.taskInstances()
        .get(new TiKey(run.dagId(), run.runId(), taskId, mapIndex))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "Task instance not found",
                    "Task instance '" + taskId + "'" + (mapIndex >= 0 ? " [" + mapIndex + "]" : "") + " of run '"
                        + run.runId() + "' of DAG '" + run.dagId() + "' not found"));
  }

  private void log(Context ctx) {
    TaskInstanceRow ti = ti(ctx);
    int tryNumber;
    try {
      tryNumber = Integer.parseInt(ctx.pathParam("task_try_number"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("task_try_number must be an integer");
    }
    if (tryNumber < 1 || tryNumber > Math.max(ti.tryNumber(), 1)) {
      throw ApiException.notFound(
          "Log not found", "task '" + ti.taskId() + "' has no try " + tryNumber + " (it has had " + ti.tryNumber() + ")");
    }
    boolean fullContent = "true".equalsIgnoreCase(ctx.queryParam("full_content"));
    long offset = fullContent ? 0 : readToken(ctx.queryParam("token"));
    Optional<String> text =
        app.taskInstances().log(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), tryNumber, offset);
    boolean running = tryNumber == ti.tryNumber() && !ti.state().isFinished()
        && ti.state() != io.aloft.runtime.model.TaskState.UP_FOR_RETRY;
    String content = text.orElse(offset == 0 && !running ? "*** No log was written for this try.\n" : "");
    long nextPos = offset + (text.isPresent() ? text.get().getBytes(StandardCharsets.UTF_8).length : 0);
    if (!Representation.wantsText(ctx)) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("content", content);
      out.put("continuation_token", writeToken(nextPos, !running));
      ctx.json(out);
    } else {
      ctx.contentType("text/plain; charset=utf-8").result(content);
    }
  }

  private static long readToken(String token) {
    if (token == null || token.isBlank()) {
      return 0;
    }
    try {
      Map<String, Object> m =
          ApiJson.MAPPER.readValue(Base64.getUrlDecoder().decode(token), new TypeReference<Map<String, Object>>() {});
      return ((Number) m.getOrDefault("log_pos", 0)).longValue();
    } catch (Exception e) {
      throw ApiException.badRequest("the continuation token is not one this server issued");
    }
  }

  private static String writeToken(long pos, boolean endOfLog) {
    String json = ApiJson.write(Map.of("log_pos", pos, "end_of_log", endOfLog));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private void xcoms(Context ctx) {
    TaskInstanceRow ti = ti(ctx);
    DagRunRow run = DagRunsResource.run(app, ctx);
    Paging p = Paging.of(ctx, "key", Set.of("key", "map_index", "timestamp"));
    List<Map<String, Object>> all =
        app.taskInstances().xcoms(ti.dagId(), ti.runId(), ti.taskId()).stream()
            .filter(e -> e.mapIndex() == ti.mapIndex() || ctx.queryParam("map_index") == null)
            .map(e -> xcomJson(e, run, false))
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("xcom_entries", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(app.variables().sensitiveValueMask().apply(out));
  }

  private void xcom(Context ctx) {
    TaskInstanceRow ti = ti(ctx);
    DagRunRow run = DagRunsResource.run(app, ctx);
    String key = ctx.pathParam("xcom_key");
    Entry e =
        app.taskInstances().xcoms(ti.dagId(), ti.runId(), ti.taskId()).stream()
            .filter(x -> x.key().equals(key) && x.mapIndex() == ti.mapIndex())
            .findFirst()
            .orElseThrow(
                () -> ApiException.notFound("XCom entry not found", "XCom entry with key: '" + key + "' not found"));
    Map<String, Object> m = xcomJson(e, run, true);
    if (!"true".equalsIgnoreCase(ctx.queryParam("deserialize"))) {
      // Airflow's API returns the value as a string unless asked to deserialize it
      m.put("value", e.value() instanceof String s ? s : ApiJson.write(e.value()));
    }
    ctx.json(app.variables().sensitiveValueMask().apply(m));
  }

  private static Map<String, Object> xcomJson(Entry e, DagRunRow run, boolean withValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", e.key());
    m.put("timestamp", ApiJson.date(e.timestamp()));
    m.put("execution_date", ApiJson.date(run.logicalDate()));
    m.put("logical_date", ApiJson.date(run.logicalDate()));
    m.put("map_index", e.mapIndex());
    m.put("task_id", e.taskId());
    m.put("dag_id", e.dagId());
    m.put("dag_run_id", e.runId());
    if (withValue) {
      m.put("value", e.value());
    }
    return m;
  }

  /** One instance's answer, with its template fields as its latest try rendered them (lists leave them out). */
  static Map<String, Object> withRendered(Application app, TaskInstanceRow t, DagRunRow run) {
    Map<String, Object> m = tiJson(t, run);
    if (t.state() == io.aloft.runtime.model.TaskState.DEFERRED) {
      withTrigger(m, triggers(app, run).get(t.taskId() + "#" + t.mapIndex()));
    }
    m.put("rendered_fields", app.taskInstances().renderedFields(t.key()));
    m.put("rendered_map_index", app.taskInstances().renderedMapIndex(t.key()).orElse(null));
    return m;
  }

  /** The answer with the instance's rendered {@code map_index_template}, from a run's {@code names}. */
  static Map<String, Object> withMapIndexName(Map<String, Object> m, Map<String, Map<Integer, String>> names,
      TaskInstanceRow t) {
    m.put("rendered_map_index", names.getOrDefault(t.taskId(), Map.of()).get(t.mapIndex()));
    return m;
  }

  /** The run's deferred instances' triggers by {@code task_id#map_index} (none when nothing is deferred). */
  private static Map<String, TriggerStore.Described> triggers(Application app, DagRunRow run) {
    Map<String, TriggerStore.Described> out = new LinkedHashMap<>();
    for (TriggerStore.Described d : app.taskInstances().triggers(run.dagId(), run.runId())) {
      out.put(d.taskId() + "#" + d.mapIndex(), d);
    }
    return out;
  }

  /**
   * Fills Airflow's {@code trigger} ({@code id, classpath, kwargs, created_date, triggerer_id}) and {@code
   * triggerer_job} (Airflow's Job; Aloft's triggerer is the daemon named by {@code hostname}, whose lease renewal is
   * its heartbeat, and which has no job id) for a deferred instance.
   */
  static Map<String, Object> withTrigger(Map<String, Object> m, TriggerStore.Described d) {
    if (d == null) {
      return m;
    }
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("id", d.id());
    trigger.put("classpath", d.classpath());
    trigger.put("kwargs", d.kwargsJson());
    trigger.put("created_date", ApiJson.date(d.createdDate()));
    trigger.put("triggerer_id", d.triggererId());
    m.put("trigger", trigger);
    if (d.triggererId() != null) {
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("id", null);
      job.put("dag_id", null);
      job.put("state", "running");
      job.put("job_type", "TriggererJob");
      job.put("start_date", null);
      job.put("end_date", null);
      job.put("latest_heartbeat", d.leaseUntil() == null ? null
          : ApiJson.date(d.leaseUntil().minus(io.aloft.runtime.trigger.Triggerer.LEASE)));
      job.put("executor_class", null);
      job.put("hostname", d.triggererId());
      job.put("unixname", "aloft");
      m.put("triggerer_job", job);
    }
    return m;
  }

  static Map<String, Object> tiJson(TaskInstanceRow t, DagRunRow run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", t.taskId());
    m.put("task_display_name", t.taskId());
    m.put("dag_id", t.dagId());
    m.put("dag_run_id", t.runId());
    m.put("execution_date", ApiJson.date(run.logicalDate()));
    m.put("logical_date", ApiJson.date(run.logicalDate()));
    m.put("start_date", ApiJson.date(t.startDate()));
    m.put("end_date", ApiJson.date(t.endDate()));
    m.put("duration", t.duration());
    m.put("state", t.state().airflowName());
    m.put("try_number", t.tryNumber());
    m.put("map_index", t.mapIndex());
    m.put("max_tries", t.maxTries());
    m.put("hostname", t.hostname() == null ? "" : t.hostname());
    m.put("unixname", "aloft");
    m.put("pool", t.pool());
    m.put("pool_slots", t.poolSlots());
    m.put("queue", "default");
    m.put("priority_weight", t.priorityWeight());
    m.put("operator", t.operator());
    m.put("queued_when", ApiJson.date(t.queuedDttm()));
    m.put("pid", null);
    m.put("executor", null); // Airflow's null: the default executor (Aloft has one)
    m.put("executor_config", "{}");
    m.put("rendered_map_index", null); // filled from the task's map_index_template where the caller reads it
    m.put("sla_miss", null);
    m.put("rendered_fields", Map.of());
    m.put("trigger", null);
    m.put("triggerer_job", null);
    m.put("note", t.userNote());
    return m;
  }
}
