package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /workers}: the processes that run tries, their queues, slots in use and last heartbeat (read-only). */
final class WorkersPage {

  /** What {@code workers.jte} shows. */
  record View(Frame frame, List<Line> workers) {}

  /** One worker; {@code queues} "all" for a standalone daemon. */
  record Line(String name, String state, String queues, int concurrency, int slotsInUse, String firstOnline,
      String lastHeartbeat, long secondsAgo) {}

  private final Application app;
  private final Users users;

  WorkersPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    List<Line> lines = app.workers().list().stream().map(WorkersPage::line).toList();
    Templates.page(ctx, 200, "workers.jte",
        new View(Frame.of(ctx, "Workers", "Workers", users.defaultPasswordInUse()), lines));
  }

  @SuppressWarnings("unchecked")
  private static Line line(Map<String, Object> w) {
    List<String> queues = (List<String>) w.get("queues");
    return new Line((String) w.get("worker_name"), (String) w.get("state"),
        queues == null ? "all" : String.join(", ", queues), (Integer) w.get("concurrency"),
        (Integer) w.get("slots_in_use"), Format.date(java.time.Instant.parse((String) w.get("first_online"))),
        Format.date(java.time.Instant.parse((String) w.get("last_heartbeat"))), (Long) w.get("seconds_since_heartbeat"));
  }
}
