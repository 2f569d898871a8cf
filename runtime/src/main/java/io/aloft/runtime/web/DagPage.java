package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Sessions;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A DAG's pages: grid, graph and code, under a common header with the trigger menu. */
final class DagPage {

  /**
   * What {@code dagHeader.jte} shows above each of a DAG's pages; {@code tab} is the active one, {@code mayChange}
   * whether the trigger menu shows (see {@link UiAccess#mayChange}).
   */
  record Header(String dagId, String base, boolean paused, List<String> tags, String schedule, String nextRun,
      String description, String csrf, String tab, boolean mayChange, DatasetsPage.DagDatasets datasets) {

    /** A header that says nothing of datasets. */
    Header(String dagId, String base, boolean paused, List<String> tags, String schedule, String nextRun,
        String description, String csrf, String tab, boolean mayChange) {
      this(dagId, base, paused, tags, schedule, nextRun, description, csrf, tab, mayChange,
          new DatasetsPage.DagDatasets("", List.of(), List.of()));
    }
  }

  /**
   * {@code dagGrid.jte}: the grid itself is drawn by {@code aloft.js} from {@code /ui/dags/{dag_id}/grid}. It shows
   * the {@code numRuns} runs that come {@code offset} runs before the latest; {@code olderHref} and {@code newerHref}
   * page through the rest (null at either end), so a DAG with 10,000 runs never loads them all.
   */
  record GridView(Frame frame, Header header, String dagId, int numRuns, List<Integer> runChoices, int offset,
      String olderHref, String newerHref) {}

  /**
   * {@code dagGraph.jte}. {@code graph} is the JSON that {@code aloft.js} lays out with dagre: tasks (id, operator,
   * state, link) and edges. {@code orientation} is "LR", "TB" or "" (left to right unless too wide for the screen).
   */
  record GraphView(Frame frame, Header header, List<RunChoice> runs, String orientation, String dagId, String runId,
      String runState, String graph) {

    /** The link that shows the same run drawn in orientation {@code o}. */
    String orientationHref(String o) {
      return "?orientation=" + o + (runId == null ? "" : "&run_id=" + seg(runId));
    }
  }

  /** A run in the graph's run picker. */
  record RunChoice(String runId, String state, boolean selected) {}

  /** {@code dagCode.jte}: the DAG file's source, line by line. */
  record CodeView(Frame frame, Header header, String fileloc, List<String> lines) {}

  private static final List<Integer> RUN_CHOICES = List.of(25, 50, 100, 365, 1000);

  private final Application app;
  private final Users users;

  DagPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  DagRow dag(Context ctx) {
    String id = ctx.pathParam("dag_id");
    return app.dags().get(id).orElseThrow(() -> ApiException.notFound("DAG not found", "There is no DAG '" + id + "'."));
  }

  void grid(Context ctx) {
    DagRow d = dag(ctx);
    int numRuns = numRuns(ctx);
    int offset = offset(ctx);
    boolean older = !app.runs().list(d.dagId(), 1, offset + numRuns).isEmpty();
    String page = "?num_runs=" + numRuns + "&offset=";
    Templates.page(ctx, 200, "dagGrid.jte",
        new GridView(frame(ctx, d.dagId()), header(ctx, d, "grid"), d.dagId(), numRuns, RUN_CHOICES, offset,
            older ? page + (offset + numRuns) : null, offset > 0 ? page + Math.max(0, offset - numRuns) : null));
  }

  /** How many runs the grid shows: {@code ?num_runs=}, 25 unless said, at most 1,000. */
  static int numRuns(Context ctx) {
    return Math.max(1, Math.min(1000, ctx.queryParamAsClass("num_runs", Integer.class).getOrDefault(25)));
  }

  /** How many of the latest runs the grid skips: {@code ?offset=}, 0 (the latest) unless said. */
  static int offset(Context ctx) {
    return Math.max(0, ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0));
  }

  void graph(Context ctx) {
    DagRow d = dag(ctx);
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    List<DagRunRow> runs = app.runs().list(d.dagId(), 25, 0);
    String runId = ctx.queryParam("run_id");
    DagRunRow run =
        runs.stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(runs.isEmpty() ? null : runs.get(0));
    Map<String, String> states = new HashMap<>();
    if (run != null) {
      for (TaskInstanceRow t : app.taskInstances().listForRun(d.dagId(), run.runId())) {
        states.putIfAbsent(t.taskId(), t.state().dbName());
      }
    }
    String base = "/dags/" + seg(d.dagId());
    List<Map<String, Object>> tasks = new ArrayList<>();
    List<List<String>> edges = new ArrayList<>();
    Map<String, TaskSpec> byId = new HashMap<>();
    spec.tasks().forEach(t -> byId.put(t.taskId(), t));
    for (String id : TaskOrder.of(spec)) {
      TaskSpec t = byId.get(id);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("operator", t.operator());
      m.put("state", states.getOrDefault(id, "none"));
      m.put("href", run == null ? base + "/graph" : base + "/runs/" + seg(run.runId()) + "?task=" + seg(id) + "#log");
      tasks.add(m);
      t.upstream().stream().filter(byId::containsKey).forEach(u -> edges.add(List.of(u, id)));
    }
    String orientation = ctx.queryParam("orientation");
    orientation = "LR".equals(orientation) || "TB".equals(orientation) ? orientation : "";
    List<RunChoice> choices = runs.stream().map(r -> new RunChoice(r.runId(), r.state().airflowName(), r == run)).toList();
    Templates.page(ctx, 200, "dagGraph.jte", new GraphView(frame(ctx, d.dagId() + " graph", Assets.DAGRE),
        header(ctx, d, "graph"), choices, orientation, d.dagId(), run == null ? null : run.runId(),
        run == null ? null : run.state().airflowName(), ApiJson.write(Map.of("tasks", tasks, "edges", edges))));
  }

  void code(Context ctx) {
    DagRow d = dag(ctx);
    String source = app.dags().code(d.fileloc()).orElse("# the source of " + d.fileloc() + " is not stored yet");
    Templates.page(ctx, 200, "dagCode.jte", new CodeView(frame(ctx, d.dagId() + " code"), header(ctx, d, "code"),
        d.fileloc(), List.of(source.split("\n", -1))));
  }

  Frame frame(Context ctx, String title, String... scripts) {
    return Frame.of(ctx, title, "DAGs", users.defaultPasswordInUse(), scripts);
  }

  /** Title, pause switch, schedule facts, the trigger menu and the tabs. */
  Header header(Context ctx, DagRow d, String tab) {
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    Sessions.Session session = ctx.attribute(Auth.SESSION_ATTR);
    return new Header(d.dagId(), "/dags/" + seg(d.dagId()), d.isPaused(), spec.tags(), Format.schedule(spec.schedule()),
        Format.date(d.nextDagrun()), spec.description(), session == null ? "" : session.csrfToken(), tab,
        UiAccess.mayChange(ctx), DatasetsPage.ofDag(spec));
  }
}
