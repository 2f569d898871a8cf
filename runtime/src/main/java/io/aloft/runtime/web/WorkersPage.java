package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.store.WorkerStore.RecentTry;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /workers}: the processes that run tries, their queues, running tries, slots in use and last heartbeat, and
 * with {@code ?worker=NAME} the latest tries that worker started (read-only). Stateless.
 */
final class WorkersPage {

  /** How many of a worker's latest tries its section lists. */
  private static final int RECENT = 50;

  /** What {@code workers.jte} shows; {@code selected} the worker whose tries are listed, if any. */
  record View(Frame frame, List<Line> workers, Optional<String> selected, List<TryLine> tries) {}

  /** One worker; {@code queues} "all" for a standalone daemon; {@code running} its running task instances. */
  record Line(String name, String state, String queues, int concurrency, int slotsInUse, int running,
      String triesHref, String firstOnline, String lastHeartbeat, long secondsAgo) {}

  /** One of the selected worker's tries, linked to its task instance. */
  record TryLine(String dagId, String runId, String taskId, int mapIndex, int tryNumber, String state, String href,
      String started, String ended) {}

  private final Application app;
  private final Users users;

  WorkersPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    Map<String, Integer> running = app.workers().runningTries();
    List<Line> lines = app.workers().list().stream().map(w -> line(w, running)).toList();
    Optional<String> selected = Optional.ofNullable(ctx.queryParam("worker")).filter(w -> !w.isBlank());
    List<TryLine> tries = selected.map(w -> app.workers().recentTries(w, RECENT).stream().map(WorkersPage::tryLine)
        .toList()).orElse(List.of());
    Templates.page(ctx, 200, "workers.jte",
        new View(Frame.of(ctx, "Workers", "Workers", users.defaultPasswordInUse()), lines, selected, tries));
  }

  @SuppressWarnings("unchecked")
  private static Line line(Map<String, Object> w, Map<String, Integer> running) {
    List<String> queues = (List<String>) w.get("queues");
    String name = (String) w.get("worker_name");
    return new Line(name, (String) w.get("state"),
        queues == null ? "all" : String.join(", ", queues), (Integer) w.get("concurrency"),
        (Integer) w.get("slots_in_use"), running.getOrDefault(name, 0),
        "/workers?worker=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "#recent-tries",
        Format.date(java.time.Instant.parse((String) w.get("first_online"))),
        Format.date(java.time.Instant.parse((String) w.get("last_heartbeat"))), (Long) w.get("seconds_since_heartbeat"));
  }

  private static TryLine tryLine(RecentTry t) {
    return new TryLine(t.key().dagId(), t.key().runId(), t.key().taskId(), t.key().mapIndex(), t.tryNumber(),
        t.state(), TaskInstancePage.href(t.key().dagId(), t.key().runId(), t.key().taskId(), t.key().mapIndex()),
        t.startDate() == null ? "" : Format.date(t.startDate()), t.endDate() == null ? "" : Format.date(t.endDate()));
  }
}
