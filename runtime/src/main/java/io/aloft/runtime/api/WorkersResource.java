package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /workers}: an Aloft extension (Airflow 3's edge-worker API lists {@code /edge_worker/v1/worker} in a
 * similar shape): the processes that run tries, their queues ({@code null}: every queue), slots in use and last
 * heartbeat. Paged like Airflow's lists ({@code limit}, {@code offset}).
 */
final class WorkersResource {

  private final Application app;

  WorkersResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/workers", this::list);
  }

  private void list(Context ctx) {
    Paging p = Paging.of(ctx, "worker_name", Set.of("worker_name"));
    List<Map<String, Object>> all = app.workers().list();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workers", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }
}
