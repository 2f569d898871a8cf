package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One run: its task instances, a Gantt chart, and the log of each try (tailed while it runs). */
final class RunPage {

  /**
   * What {@code run.jte} shows. {@code gantt} is the JSON that {@code aloft.js} draws with Chart.js (null before any
   * task started); {@code log} is null unless a task is selected; {@code base} is the run's URL, under which its
   * actions are (see {@link RunActions}); {@code note} is the scheduler's (why the run ended), {@code userNote} a
   * user's (Airflow's run note).
   */
  record View(Frame frame, DagPage.Header header, String dagId, String runId, String base, String state, List<Fact> facts,
      String confJson, String note, String userNote, List<TaskRow> tasks, String gantt, LogPanel log) {}

  /** A labelled fact about the run ("" shows a dash). */
  record Fact(String label, String value) {}

  /**
   * A task instance's row; {@code note} is the scheduler's explanation, {@code userNote} a user's note (Airflow's),
   * {@code mapIndex} -1 unless the task is mapped.
   */
  record TaskRow(String taskId, String label, String operator, String note, String state, String tries,
      String started, String duration, String pool, String logHref, boolean selected, int mapIndex, String userNote,
      String detailsHref) {}

  /**
   * The selected task's log. {@code found}: the run has the task; {@code url}: where {@code aloft.js} tails the shown
   * try's log from (null before the first try).
   */
  record LogPanel(String taskId, boolean found, List<TryTab> tries, String url) {}

  /** A try's tab above the log. */
  record TryTab(int number, String href, boolean active) {}

  private final Application app;
  private final Users users;
  private final DagPage dagPage;
  private final Clock clock;

  RunPage(Application app, Users users, DagPage dagPage, Clock clock) {
    this.app = app;
    this.users = users;
    this.dagPage = dagPage;
    this.clock = clock;
  }

  void render(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    DagRunRow run =
        app.runs().get(d.dagId(), runId)
            .orElseThrow(() -> ApiException.notFound("DAG run not found", "DAG '" + d.dagId() + "' has no run '" + runId + "'."));
    DagSpec spec = app.dags().spec(d.dagId(), run.specHash());
    Map<String, Integer> order = new HashMap<>();
    List<String> ids = TaskOrder.of(spec);
    for (int i = 0; i < ids.size(); i++) {
      order.put(ids.get(i), i);
    }
    List<TaskInstanceRow> tis = new ArrayList<>(app.taskInstances().listForRun(d.dagId(), runId));
    tis.sort(Comparator.comparingInt((TaskInstanceRow t) -> order.getOrDefault(t.taskId(), Integer.MAX_VALUE))
        .thenComparingInt(TaskInstanceRow::mapIndex));
    String selected = ctx.queryParam("task");
    int selectedIndex = ctx.queryParamAsClass("map_index", Integer.class).getOrDefault(-1);
    String base = "/dags/" + seg(d.dagId()) + "/runs/" + seg(runId);

    Instant now = clock.instant();
    Instant end = run.endDate() != null ? run.endDate() : now;
    List<Fact> facts = List.of(
        new Fact("Logical date", Format.date(run.logicalDate())),
        new Fact("Run type", run.runType()),
        new Fact("Queued at", Format.date(run.queuedAt())),
        new Fact("Started", Format.date(run.startDate())),
        new Fact("Ended", Format.date(run.endDate())),
        new Fact("Duration", run.startDate() == null ? "" : Format.duration(Duration.between(run.startDate(), end))));
    Map<String, Map<Integer, String>> names = app.taskInstances().renderedMapIndexes(d.dagId(), runId);
    List<TaskRow> rows = tis.stream().map(t -> new TaskRow(t.taskId(),
        t.taskId() + (t.mapIndex() >= 0
            ? " [" + names.getOrDefault(t.taskId(), Map.of()).getOrDefault(t.mapIndex(), String.valueOf(t.mapIndex())) + "]"
            : ""), t.operator(), t.note(), t.state().dbName(),
        t.tryNumber() + "/" + (t.maxTries() + 1), Format.date(t.startDate()), Format.duration(t.duration()), t.pool(),
        base + "?task=" + seg(t.taskId()) + (t.mapIndex() >= 0 ? "&map_index=" + t.mapIndex() : "") + "#log",
        t.taskId().equals(selected) && (selectedIndex < 0 || t.mapIndex() == selectedIndex), t.mapIndex(), t.userNote(),
        TaskInstancePage.href(d.dagId(), runId, t.taskId(), t.mapIndex()))).toList();
    DagPage.Header header = dagPage.header(ctx, d, "run");
    View view = new View(dagPage.frame(ctx, runId, Assets.CHART_JS), header, d.dagId(), runId, base, run.state().airflowName(),
        facts, prettyJson(run.conf()), run.note(), run.userNote(), rows, gantt(tis, now), log(ctx, d, runId, base, tis, selected, selectedIndex));
    Templates.page(ctx, 200, "run.jte", view);
  }

  /** The log panel of the selected task, or null when none is selected. */
  private static LogPanel log(Context ctx, DagRow d, String runId, String base, List<TaskInstanceRow> tis, String selected,
      int selectedIndex) {
    if (selected == null) {
      return null;
    }
    // a mapped task's log: the picked map index's, else its first instance's
    TaskInstanceRow ti = tis.stream().filter(t -> t.taskId().equals(selected) && (selectedIndex < 0 || t.mapIndex() == selectedIndex))
        .findFirst().orElse(null);
    if (ti == null || ti.tryNumber() == 0) {
      return new LogPanel(selected, ti != null, List.of(), null);
    }
    int shown = Math.max(1, Math.min(ti.tryNumber(), ctx.queryParamAsClass("try", Integer.class).getOrDefault(ti.tryNumber())));
    List<TryTab> tries = new ArrayList<>();
    for (int i = 1; i <= ti.tryNumber(); i++) {
      tries.add(new TryTab(i, base + "?task=" + seg(selected) + (ti.mapIndex() >= 0 ? "&map_index=" + ti.mapIndex() : "")
          + "&try=" + i + "#log", i == shown));
    }
    String url = "/api/v1/dags/" + seg(d.dagId()) + "/dagRuns/" + seg(runId) + "/taskInstances/" + seg(selected)
        + "/logs/" + shown + (ti.mapIndex() >= 0 ? "?map_index=" + ti.mapIndex() : "");
    return new LogPanel(selected, true, tries, url);
  }

  /**
   * The Gantt chart's data for Chart.js (a floating horizontal bar per started task, in seconds from the first start),
   * or null before any task has started.
   */
  private static String gantt(List<TaskInstanceRow> tis, Instant now) {
    Instant start = tis.stream().map(TaskInstanceRow::startDate).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    if (start == null) {
      return null;
    }
    List<String> labels = new ArrayList<>();
    List<Object> bars = new ArrayList<>();
    List<String> states = new ArrayList<>();
    for (TaskInstanceRow t : tis) {
      labels.add(t.taskId() + (t.mapIndex() >= 0 ? " [" + t.mapIndex() + "]" : ""));
      states.add(t.state().dbName());
      if (t.startDate() == null) {
        bars.add(null);
      } else {
        Instant e = t.endDate() != null ? t.endDate() : now;
        bars.add(List.of(Duration.between(start, t.startDate()).toMillis() / 1000.0, Duration.between(start, e).toMillis() / 1000.0));
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("start", Format.date(start) + " UTC");
    data.put("labels", labels);
    data.put("bars", bars);
    data.put("states", states);
    return ApiJson.write(data);
  }

  private static String prettyJson(Object o) {
    try {
      return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    } catch (Exception e) {
      return String.valueOf(o);
    }
  }
}
