package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.store.EventLogStore.Entry;
import io.aloft.runtime.store.EventLogStore.Filter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /eventLogs[/{event_log_id}]}: the audit log, in Airflow's EventLog shape. */
final class EventLogsResource {

  /** API field -> column. */
  private static final Map<String, String> ORDER =
      Map.of("event_log_id", "id", "when", "dttm", "dag_id", "dag_id", "task_id", "task_id", "run_id", "run_id",
          "event", "event", "owner", "owner");

  private final Application app;

  EventLogsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/eventLogs", this::list);
    javalin.get(base + "/eventLogs/{event_log_id}", this::get);
  }

  private void list(Context ctx) {
    Paging p = Paging.of(ctx, "event_log_id", ORDER.keySet());
    Filter f =
        new Filter(ctx.queryParam("dag_id"), ctx.queryParam("task_id"), ctx.queryParam("run_id"),
            ctx.queryParam("event"), ctx.queryParam("owner"), ApiJson.parseDate("after", ctx.queryParam("after")),
            ApiJson.parseDate("before", ctx.queryParam("before")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event_logs", app.events().page(f, ORDER.get(p.orderBy()), p.descending(), p.limit(), p.offset()).stream()
        .map(EventLogsResource::json).toList());
    out.put("total_entries", app.events().count(f));
    ctx.json(out);
  }

  private void get(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("event_log_id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("event_log_id must be an integer");
    }
    ctx.json(json(app.events().get(id).orElseThrow(
        () -> ApiException.notFound("Event Log not found", "Event Log with id: '" + id + "' not found"))));
  }

  static Map<String, Object> json(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_log_id", e.id());
    m.put("when", ApiJson.date(e.when()));
    m.put("dag_id", e.dagId());
    m.put("task_id", e.taskId());
    m.put("run_id", e.runId());
    m.put("map_index", e.mapIndex());
    m.put("try_number", e.tryNumber());
    m.put("event", e.event());
    m.put("execution_date", null);
    m.put("owner", e.owner());
    m.put("extra", e.extra());
    return m;
  }
}
