package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Permission;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.DatasetCondition;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.DatasetStore;
import io.aloft.runtime.store.DatasetStore.EventRow;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /datasets}: Airflow's Datasets view — every dataset with the tasks that update it (producers), the DAGs
 * scheduled on it (consumers, directly or through an alias) and its latest event; below, the latest events (of one
 * dataset with {@code ?uri=}), with their extra and the runs they triggered. Also what a DAG's header says about
 * its datasets ({@link #ofDag}). Read-only over {@link io.aloft.runtime.app.Datasets}; stateless, any thread.
 */
final class DatasetsPage {

  /** Events shown at most. */
  static final int EVENTS = 50;

  record View(Frame frame, String uri, List<Row> datasets, List<Event> events) {}

  /** A dataset's row: links to its producers' and consumers' DAGs, and its latest event (empty: none yet). */
  record Row(String uri, String href, List<Link> producers, List<Link> consumers, String lastUpdate, String lastSource) {}

  /** One event: when, which dataset, by what (a task, or an external announcement), its extra, runs it made. */
  record Event(long id, String when, String uri, String uriHref, String source, String sourceHref, String extra,
      List<Link> triggered) {}

  record Link(String label, String href) {}

  /**
   * What a DAG's header shows: the dataset condition it is scheduled on (blank: none) with links to the datasets,
   * and the datasets its tasks update.
   */
  record DagDatasets(String condition, List<Link> triggeredBy, List<Link> updates) {
    public boolean isEmpty() {
      return triggeredBy.isEmpty() && updates.isEmpty();
    }
  }

  private final Application app;
  private final Users users;

  DatasetsPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    Callers.of(ctx).require(Permission.read(Permission.DATASETS));
    String uri = ctx.queryParam("uri");
    uri = uri == null || uri.isBlank() ? null : uri;
    List<Row> rows = new ArrayList<>();
    for (DatasetStore.DatasetRow d : app.datasets().list()) {
      if (uri != null && !uri.equals(d.uri())) {
        continue;
      }
      List<EventRow> last = app.datasets().events(d.uri(), 1);
      rows.add(new Row(d.uri(), href(d.uri()),
          app.datasets().references(d.uri(), true).stream()
              .map(r -> new Link(r.dagId() + "." + r.taskId(), "/dags/" + seg(r.dagId()) + "/grid")).toList(),
          app.datasets().references(d.uri(), false).stream()
              .map(r -> new Link(r.dagId(), "/dags/" + seg(r.dagId()) + "/grid")).toList(),
          last.isEmpty() ? "" : Format.date(last.getFirst().timestamp()),
          last.isEmpty() ? "" : source(last.getFirst())));
    }
    List<EventRow> events = app.datasets().events(uri, EVENTS);
    Map<Long, List<DatasetStore.CreatedRun>> created =
        app.datasets().createdRuns(events.stream().map(EventRow::id).toList());
    List<Event> lines = events.stream().map(e -> new Event(e.id(), Format.date(e.timestamp()), e.uri(), href(e.uri()),
        source(e), e.sourceDagId() == null || e.sourceRunId() == null ? null
            : "/dags/" + seg(e.sourceDagId()) + "/runs/" + seg(e.sourceRunId()),
        e.extra().isEmpty() ? "" : json(e.extra()),
        created.getOrDefault(e.id(), List.of()).stream()
            .map(r -> new Link(r.dagId() + " " + r.runId(), "/dags/" + seg(r.dagId()) + "/runs/" + seg(r.runId())))
            .toList()))
        .toList();
    Templates.page(ctx, 200, "datasets.jte", new View(
        Frame.of(ctx, "Datasets", "Datasets", users.defaultPasswordInUse()), uri, rows, lines));
  }

  /** The datasets a DAG is scheduled on and those its tasks update, for its header. */
  static DagDatasets ofDag(DagSpec spec) {
    DatasetCondition condition = spec.schedule() == null ? null : spec.schedule().datasets();
    List<Link> triggeredBy = new ArrayList<>();
    if (condition != null) {
      condition.uris().forEach(u -> triggeredBy.add(new Link(u, href(u))));
      condition.aliases().forEach(a -> triggeredBy.add(new Link("alias " + a, "/datasets")));
    }
    List<Link> updates = new ArrayList<>();
    for (TaskSpec t : spec.tasks()) {
      t.outlets().forEach(u -> updates.add(new Link(u + " (" + t.taskId() + ")", href(u))));
      t.outletAliases().forEach(a -> updates.add(new Link("alias " + a + " (" + t.taskId() + ")", "/datasets")));
    }
    return new DagDatasets(condition == null ? "" : text(condition, true), triggeredBy, updates);
  }

  /** A condition as Airflow users write it: {@code a & (b | c)}, an alias as {@code alias:name}. */
  static String text(DatasetCondition c, boolean top) {
    if (c.uri() != null) {
      return c.uri();
    }
    if (c.alias() != null) {
      return "alias:" + c.alias();
    }
    List<DatasetCondition> parts = c.all() != null ? c.all() : c.any();
    String joined = parts.stream().map(p -> text(p, false)).collect(Collectors.joining(c.all() != null ? " & " : " | "));
    return top || parts.size() < 2 ? joined : "(" + joined + ")";
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static String json(Map<String, Object> extra) {
    try {
      return JSON.writeValueAsString(extra);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(extra);
    }
  }

  private static String source(EventRow e) {
    if (e.sourceDagId() == null) {
      return "announced through the API";
    }
    return e.sourceDagId() + "." + e.sourceTaskId() + (e.sourceMapIndex() >= 0 ? " [" + e.sourceMapIndex() + "]" : "");
  }

  private static String href(String uri) {
    return "/datasets?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }
}
