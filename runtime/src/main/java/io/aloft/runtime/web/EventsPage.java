package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.store.EventLogStore;
import io.aloft.runtime.app.Permission;
import io.aloft.runtime.api.Callers;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /events}: the audit log (Airflow's "Browse / Audit Logs"), newest first, filtered by DAG, event and user,
 * a page at a time, over {@link io.aloft.runtime.app.EventLogs}. Read-only. Stateless; safe from any thread.
 */
final class EventsPage {

  /** Entries per page. */
  static final int PAGE_SIZE = 50;

  /**
   * What {@code events.jte} shows: the filters as typed, one page of entries, the total, and the links to the
   * previous and next pages (null at either end).
   */
  record View(Frame frame, String dagId, String event, String owner, List<Line> entries, int total, int first,
      int last, String previousHref, String nextHref) {}

  /** An entry; {@code dagHref} and {@code runHref} lead to its DAG and run (null when it has none). */
  record Line(long id, String when, String event, String dagId, String dagHref, String runId, String runHref, String task, String owner,
      String address, String extra) {}

  private final Application app;
  private final Users users;

  EventsPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    Callers.of(ctx).require(Permission.read(Permission.AUDIT_LOGS));
    String dagId = blankToNull(ctx.queryParam("dag_id"));
    String event = blankToNull(ctx.queryParam("event"));
    String owner = blankToNull(ctx.queryParam("owner"));
    int offset = Math.max(0, ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0));
    EventLogStore.Filter filter = new EventLogStore.Filter(dagId, null, null, event, owner, null, null);
    int total = app.events().count(filter);
    List<Line> lines = app.events().page(filter, "dttm", true, PAGE_SIZE, offset).stream().map(e -> new Line(e.id(),
        Format.date(e.when()), e.event(), e.dagId(), e.dagId() == null ? null : "/dags/" + seg(e.dagId()) + "/grid", e.runId(),
        e.dagId() != null && e.runId() != null ? "/dags/" + seg(e.dagId()) + "/runs/" + seg(e.runId()) : null,
        e.taskId() == null ? null : e.taskId() + (e.mapIndex() != null && e.mapIndex() >= 0 ? " [" + e.mapIndex() + "]" : ""),
        e.owner(), e.address(), e.extra())).toList();
    String query = query("dag_id", dagId) + query("event", event) + query("owner", owner);
    String previous = offset == 0 ? null : "/events?offset=" + Math.max(0, offset - PAGE_SIZE) + query;
    String next = offset + PAGE_SIZE >= total ? null : "/events?offset=" + (offset + PAGE_SIZE) + query;
    Templates.page(ctx, 200, "events.jte", new View(Frame.of(ctx, "Audit log", "Audit log", users.defaultPasswordInUse()),
        dagId, event, owner, lines, total, lines.isEmpty() ? 0 : offset + 1, offset + lines.size(), previous, next));
  }

  private static String query(String name, String value) {
    return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
