package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.TaskInstances;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.TryRow;
import io.aloft.runtime.store.XComStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One task instance ({@code /dags/{dag_id}/runs/{run_id}/tasks/{task_id}}, {@code ?map_index=} for one mapped
 * instance): its tries with their logs, its rendered template fields, its XCom entries (masked as the API masks
 * them), why it is not running (the same explanation as the API's {@code dependencies}), its operator extra links,
 * and — for a mapped task — a row per map index with its own actions. Also the small actions menu that the DAG's grid
 * opens on a cell ({@code .../actions}, an HTML fragment). Every change goes through {@link RunActions}' confirmation.
 * Stateless; safe from any thread.
 */
final class TaskInstancePage {

  /**
   * What {@code taskInstance.jte} shows. {@code mapped}: the task's mapped instances (empty unless it is mapped);
   * {@code tries}, {@code rendered} and {@code deps} are empty for a mapped task's overview ({@code mapIndex} -1).
   */
  record View(Frame frame, DagPage.Header header, String runHref, String runId, String taskId, int mapIndex,
      String label, String state, List<RunPage.Fact> facts, String schedulerNote, String userNote,
      List<TryLine> tries, List<Line> rendered, List<XcomLine> xcoms, List<Line> deps, List<Line> links,
      List<MappedLine> mapped, String allHref, TiActions actions) {}

  /** A try: number, state, times, host and where its log is. */
  record TryLine(int number, String state, String started, String ended, String duration, String hostname, String logHref) {}

  /** A name and a text (a rendered field, a dependency, an extra link whose text is its URL or "" without target). */
  record Line(String name, String value) {}

  /** An XCom entry, its value written as JSON (masked). */
  record XcomLine(String key, int mapIndex, String value, String timestamp) {}

  /** One mapped instance's row, with its own actions menu. */
  record MappedLine(int mapIndex, String name, String state, String tries, String started, String duration, String href,
      TiActions actions) {}

  /**
   * {@code tiActions.jte}: the actions on one task instance (or, with {@code mapIndex} -1, on every instance of the
   * task), posting to {@link RunActions} under {@code runHref}; {@code back} is where they return ({@code grid},
   * {@code ti} or "" for the run page); {@code noteEditable} only where one instance is meant (a note is per
   * instance).
   */
  record TiActions(String runHref, String runId, String taskId, int mapIndex, String state, String tryLabel,
      String detailsHref, String logHref, String back, String csrf, boolean mayChange, boolean noteEditable,
      String userNote) {}

  private final Application app;
  private final DagPage dagPage;

  TaskInstancePage(Application app, DagPage dagPage) {
    this.app = app;
    this.dagPage = dagPage;
  }

  /** The page of one task instance, or of a mapped task's instances. */
  static String href(String dagId, String runId, String taskId, int mapIndex) {
    return "/dags/" + seg(dagId) + "/runs/" + seg(runId) + "/tasks/" + seg(taskId) + (mapIndex >= 0 ? "?map_index=" + mapIndex : "");
  }

  void render(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    DagRunRow run = run(d, ctx.pathParam("run_id"));
    String taskId = ctx.pathParam("task_id");
    int mapIndex = ctx.queryParamAsClass("map_index", Integer.class).getOrDefault(-1);
    List<TaskInstanceRow> all = instances(run, taskId);
    boolean isMapped = all.stream().anyMatch(t -> t.mapIndex() >= 0);
    TaskInstanceRow ti = all.stream().filter(t -> t.mapIndex() == mapIndex).findFirst().orElse(null);
    if (ti == null && !(isMapped && mapIndex < 0)) {
      throw ApiException.notFound("Task instance not found", "Run '" + run.runId() + "' of DAG '" + d.dagId()
          + "' has no task instance '" + taskId + "'" + (mapIndex >= 0 ? " [" + mapIndex + "]" : "")
          + ": pick one from the run page.");
    }
    String runHref = "/dags/" + seg(d.dagId()) + "/runs/" + seg(run.runId());
    String csrf = dagPage.header(ctx, d, "run").csrf();
    boolean mayChange = UiAccess.mayChange(ctx);
    UnaryOperator<Object> mask = app.variables().sensitiveValueMask();

    List<XcomLine> xcoms = app.taskInstances().xcoms(d.dagId(), run.runId(), taskId).stream()
        .filter(e -> mapIndex < 0 || e.mapIndex() == mapIndex)
        .sorted(Comparator.comparingInt(XComStore.Entry::mapIndex).thenComparing(XComStore.Entry::key))
        .map(e -> new XcomLine(e.key(), e.mapIndex(), masked(mask, e.key(), e.value()), Format.date(e.timestamp())))
        .toList();
    List<MappedLine> mapped = new ArrayList<>();
    // The instances' names from the task's map_index_template (Airflow shows them in place of the numbers).
    Map<Integer, String> names = isMapped
        ? app.taskInstances().renderedMapIndexes(d.dagId(), run.runId()).getOrDefault(taskId, Map.of()) : Map.of();
    if (isMapped) {
      for (TaskInstanceRow m : all) {
        if (m.mapIndex() >= 0) {
          mapped.add(new MappedLine(m.mapIndex(), names.getOrDefault(m.mapIndex(), String.valueOf(m.mapIndex())), m.state().dbName(), tryLabel(m), Format.date(m.startDate()),
              Format.duration(m.duration()), href(d.dagId(), run.runId(), taskId, m.mapIndex()),
              actions(runHref, run.runId(), m, taskId, m.mapIndex(), "ti", csrf, mayChange)));
        }
      }
    }
    String label = taskId + (mapIndex >= 0 ? " [" + names.getOrDefault(mapIndex, String.valueOf(mapIndex)) + "]" : "");
    List<RunPage.Fact> facts = new ArrayList<>();
    List<TryLine> tries = new ArrayList<>();
    List<Line> rendered = new ArrayList<>();
    List<Line> deps = new ArrayList<>();
    List<Line> links = new ArrayList<>();
    String state;
    if (ti == null) {
      state = summaryState(all);
      facts.add(new RunPage.Fact("Mapped instances", String.valueOf(mapped.size())));
      facts.add(new RunPage.Fact("Operator", all.getFirst().operator()));
    } else {
      state = ti.state().dbName();
      facts.add(new RunPage.Fact("Operator", ti.operator()));
      facts.add(new RunPage.Fact("Try", tryLabel(ti)));
      facts.add(new RunPage.Fact("Started", Format.date(ti.startDate())));
      facts.add(new RunPage.Fact("Ended", Format.date(ti.endDate())));
      facts.add(new RunPage.Fact("Duration", Format.duration(ti.duration())));
      facts.add(new RunPage.Fact("Pool", ti.pool()));
      for (TryRow t : app.taskInstances().tries(ti.key())) {
        tries.add(new TryLine(t.tryNumber(), t.state(), Format.date(t.startDate()), Format.date(t.endDate()),
            t.startDate() == null || t.endDate() == null ? "" : Format.duration(Duration.between(t.startDate(), t.endDate())),
            t.hostname() == null ? "" : t.hostname(), logHref(runHref, taskId, mapIndex, t.tryNumber())));
      }
      app.taskInstances().renderedFields(ti.key()).forEach((k, v) -> rendered.add(new Line(k, text(v))));
      for (TaskInstances.Dependency dep : app.taskInstances().dependencies(ti)) {
        deps.add(new Line(dep.name(), dep.reason()));
      }
      app.taskInstances().extraLinks(ti).forEach((k, v) -> links.add(new Line(k, v == null ? "" : v)));
    }
    TiActions actions = actions(runHref, run.runId(), ti, taskId, mapIndex, "ti", csrf, mayChange);
    if (ti == null) {
      actions = overview(actions, all);
    }
    View view = new View(dagPage.frame(ctx, label + " \u00b7 " + run.runId()), dagPage.header(ctx, d, "run"), runHref,
        run.runId(), taskId, mapIndex, label, state, facts, ti == null ? null : ti.note(), ti == null ? null : ti.userNote(),
        tries, rendered, xcoms, deps, links, mapped, isMapped && mapIndex >= 0 ? href(d.dagId(), run.runId(), taskId, -1) : null,
        actions);
    Templates.page(ctx, 200, "taskInstance.jte", view);
  }

  /**
   * The grid cell's menu: an HTML fragment with the instance's state, links to its page and log, and (for users who
   * may change things) clear, mark and note, returning to the grid.
   */
  void actionsFragment(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    DagRunRow run = run(d, ctx.pathParam("run_id"));
    String taskId = ctx.pathParam("task_id");
    List<TaskInstanceRow> all = instances(run, taskId);
    if (all.isEmpty()) {
      throw ApiException.notFound("Task instance not found", "Run '" + run.runId() + "' has no task '" + taskId + "' yet.");
    }
    TaskInstanceRow one = all.size() == 1 && all.getFirst().mapIndex() < 0 ? all.getFirst() : null;
    String runHref = "/dags/" + seg(d.dagId()) + "/runs/" + seg(run.runId());
    TiActions a = actions(runHref, run.runId(), one, taskId, -1, "grid", dagPage.header(ctx, d, "grid").csrf(),
        UiAccess.mayChange(ctx));
    if (one == null) {
      a = overview(a, all);
    }
    ctx.html(Templates.render("tiActions.jte", a));
  }

  private TiActions actions(String runHref, String runId, TaskInstanceRow ti, String taskId, int mapIndex, String back,
      String csrf, boolean mayChange) {
    String details = runHref.substring(0, runHref.indexOf("/runs/")) + "/runs/" + seg(runId) + "/tasks/" + seg(taskId)
        + (mapIndex >= 0 ? "?map_index=" + mapIndex : "");
    String log = ti == null || ti.tryNumber() == 0 ? null : logHref(runHref, taskId, mapIndex, ti.tryNumber());
    return new TiActions(runHref, runId, taskId, mapIndex, ti == null ? "none" : ti.state().dbName(),
        ti == null ? "" : "try " + tryLabel(ti), details, log, back, csrf, mayChange, ti != null,
        ti == null ? null : ti.userNote());
  }

  /** The actions on every instance of a mapped task, headed by their summary state and count. */
  private static TiActions overview(TiActions a, List<TaskInstanceRow> all) {
    return new TiActions(a.runHref(), a.runId(), a.taskId(), -1, summaryState(all), all.size() + " mapped instances",
        a.detailsHref(), a.logHref(), a.back(), a.csrf(), a.mayChange(), false, null);
  }

  private DagRunRow run(DagRow d, String runId) {
    return app.runs().get(d.dagId(), runId)
        .orElseThrow(() -> ApiException.notFound("DAG run not found", "DAG '" + d.dagId() + "' has no run '" + runId + "'."));
  }

  private List<TaskInstanceRow> instances(DagRunRow run, String taskId) {
    return app.taskInstances().listForRun(run.dagId(), run.runId()).stream()
        .filter(t -> t.taskId().equals(taskId))
        .sorted(Comparator.comparingInt(TaskInstanceRow::mapIndex))
        .toList();
  }

  private static String logHref(String runHref, String taskId, int mapIndex, int tryNumber) {
    return runHref + "?task=" + seg(taskId) + (mapIndex >= 0 ? "&map_index=" + mapIndex : "") + "&try=" + tryNumber + "#log";
  }

  private static String tryLabel(TaskInstanceRow t) {
    return t.tryNumber() + "/" + (t.maxTries() + 1);
  }

  /** A mapped task's state as the grid shows it (see {@link UiJson}): the most pressing of its instances'. */
  private static String summaryState(List<TaskInstanceRow> all) {
    return all.stream().map(TaskInstanceRow::state).min(Comparator.comparingInt(UiJson::summaryRank))
        .map(s -> s.dbName()).orElse("none");
  }

  /**
   * An XCom value as the API shows it (the values of sensitive variables masked wherever they appear), as text.
   */
  private static String masked(UnaryOperator<Object> mask, String key, Object value) {
    Map<String, Object> one = new java.util.HashMap<>();
    one.put(key, value);
    return mask.apply(one) instanceof Map<?, ?> m ? text(m.get(key)) : "***";
  }

  /** A string as it is; anything else as pretty JSON. */
  private static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    try {
      return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(v);
    } catch (Exception e) {
      return String.valueOf(v);
    }
  }
}
