package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.extension.PageView;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The templates escape by default: a DAG id, a task id, a line of a DAG file or a traceback that holds markup reaches
 * the browser as text. Renders the compiled templates directly, no server.
 */
class TemplatesTest {

  static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

  /** How jte writes it as element text: {@code <} and {@code &} escaped, so no tag can start. */
  static final String AS_TEXT = "&lt;script&gt;alert('x')&lt;/script&gt;\"&gt;&lt;img src=x onerror=alert(1)&gt;";
  /** How jte writes it in a quoted attribute value: quotes escaped too, so the value cannot end early. */
  static final String AS_ATTR = "&lt;script>alert(&#39;x&#39;)&lt;/script>&#34;>&lt;img src=x onerror=alert(1)>";

  static Frame frame() {
    return new Frame("t", List.of(new Frame.NavLink("/home", "DAGs", true)), "airflow", "csrf-token", false, List.of(),
        List.of(new Frame.NavLink("/variables", "Variables", false)), true);
  }

  static DagPage.Header header(String dagId) {
    return new DagPage.Header(dagId, "/dags/" + Format.seg(dagId), false, List.of(HOSTILE), "@daily", "", HOSTILE,
        "csrf-token", "grid", true);
  }

  /** No tag, no attribute break-out: what remains of the hostile text is inert. */
  static void assertInert(String html) {
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("\"><img");
  }

  @Test
  void aHostileDagIdIsTextInTheListAndItsHeader() {
    DagListPage.Row row = new DagListPage.Row(HOSTILE, "/dags/" + Format.seg(HOSTILE) + "/grid", false, HOSTILE,
        List.of(HOSTILE), HOSTILE, List.of(new DagListPage.RunCount("success", 2)), HOSTILE,
        new DagListPage.LastRun("/dags/x/runs/y", "2025-01-01 00:00:00", "success"), "", "/dags/x/trigger");
    String html = Templates.render("dagList.jte", new DagListPage.View(frame(), null, 1,
        List.of(new DagListPage.ErrorLine(HOSTILE, HOSTILE)), HOSTILE, HOSTILE, List.of(), List.of(row),
        new DagListPage.Paging(1, 1, 1, null, null)));
    assertInert(html);
    assertThat(html).contains("<li><code>" + AS_TEXT + "</code> " + AS_TEXT + "</li>")
        .contains("<tr data-dag=\"" + AS_ATTR + "\">")
        .contains("class=\"dag-link\" href=\"/dags/%3Cscript%3Ealert")
        .contains("<input name=\"search\" placeholder=\"Search DAGs\" value=\"" + AS_ATTR + "\">");

    String grid = Templates.render("dagGrid.jte",
        new DagPage.GridView(frame(), header(HOSTILE), HOSTILE, 25, List.of(25, 50), 0, null, null));
    assertInert(grid);
    assertThat(grid).contains("<span id=\"dag-id\">" + AS_TEXT + "</span>").contains("data-dag=\"" + AS_ATTR + "\"");
  }

  @Test
  void aHostileTaskIdXComAndRenderedFieldAreTextInTheTaskInstancePageAndTheGridMenu() {
    TaskInstancePage.TiActions actions = new TaskInstancePage.TiActions("/dags/d/runs/r", HOSTILE, HOSTILE, 2, "failed",
        "try 1/1", "/dags/d/runs/r/tasks/x?map_index=2", "/dags/d/runs/r?task=x#log", "ti", "csrf", true, true, HOSTILE);
    String html = Templates.render("taskInstance.jte", new TaskInstancePage.View(frame(), header("d"), "/dags/d/runs/r",
        HOSTILE, HOSTILE, 2, HOSTILE, "failed", List.of(new RunPage.Fact("Operator", HOSTILE)), HOSTILE, HOSTILE,
        List.of(new TaskInstancePage.TryLine(1, "failed", "", "", "", HOSTILE, "/x")),
        List.of(new TaskInstancePage.Line(HOSTILE, HOSTILE)),
        List.of(new TaskInstancePage.XcomLine(HOSTILE, 2, HOSTILE, "")),
        List.of(new TaskInstancePage.Line("Scheduler", HOSTILE)), List.of(new TaskInstancePage.Line("Triggered DAG", "/dags/x")),
        List.of(new TaskInstancePage.MappedLine(2, HOSTILE, "failed", "1/1", "", "", "/x", actions)), "/all", actions));
    assertInert(html);
    assertThat(html).contains("<code id=\"ti-label\">" + AS_TEXT + "</code>").contains("name=\"map_index\" value=\"2\"")
        .contains("name=\"back\" value=\"ti\"");
    String menu = Templates.render("tiActions.jte", actions);
    assertInert(menu);
    assertThat(menu).contains("value=\"" + AS_ATTR + "\"");
  }

  @Test
  void theDagListSaysParsingGoesOnAndPagesThroughManyDags() {
    String html = Templates.render("dagList.jte", new DagListPage.View(frame(), "Parsing DAG files: 3 of 1000.", 0,
        List.of(), "all", "", List.of(), List.of(),
        new DagListPage.Paging(101, 200, 1000, "/home?status=all&page=1", "/home?status=all&page=3")));
    assertThat(html).contains("<div class=\"banner banner-warn\" id=\"dag-parsing\">Parsing DAG files: 3 of 1000.")
        .contains("DAGs 101-200 of 1000")
        .contains("rel=\"prev\" href=\"/home?status=all&amp;page=1\"")
        .contains("rel=\"next\" href=\"/home?status=all&amp;page=3\"");
    String idle = Templates.render("dagList.jte", new DagListPage.View(frame(), null, 0, List.of(), "all", "",
        List.of(), List.of(), new DagListPage.Paging(0, 0, 0, null, null)));
    assertThat(idle).doesNotContain("dag-parsing").doesNotContain("dag-pager");
  }

  @Test
  void aHostileTaskIdIsTextInTheRunPageAndTheGraphData() {
    RunPage.TaskRow task = new RunPage.TaskRow(HOSTILE, HOSTILE, HOSTILE, HOSTILE, "running", "1/2", "", "", HOSTILE,
        "/dags/d/runs/r?task=" + Format.seg(HOSTILE) + "#log", true, -1, HOSTILE, "/dags/d/runs/r/tasks/x");
    RunPage.LogPanel log = new RunPage.LogPanel(HOSTILE, true, List.of(new RunPage.TryTab(1, "/x", true)), "/api/v1/x");
    String html = Templates.render("run.jte", new RunPage.View(frame(), header("d"), "d", HOSTILE, "/dags/d/runs/r", "running",
        List.of(new RunPage.Fact("Run type", HOSTILE)), "{\"k\": \"" + HOSTILE + "\"}", HOSTILE, HOSTILE, List.of(task),
        "{\"labels\":[\"" + HOSTILE + "\"]}", log));
    assertInert(html);
    assertThat(html).contains("data-ti=\"" + AS_ATTR + "\"").contains("Log of <code>" + AS_TEXT + "</code>");

    String graphJson = io.aloft.runtime.api.ApiJson.write(java.util.Map.of("tasks",
        List.of(java.util.Map.of("id", HOSTILE, "operator", HOSTILE, "state", "none", "href", "/x")), "edges", List.of()));
    String graph = Templates.render("dagGraph.jte", new DagPage.GraphView(frame(), header("d"),
        List.of(new DagPage.RunChoice(HOSTILE, "running", true)), "", "d", HOSTILE, "running", graphJson));
    assertInert(graph);
    assertThat(graph).contains("data-graph=\"{&#34;").contains("&#34;id&#34;:&#34;&lt;script>alert(&#39;x&#39;)")
        .contains("<option value=\"" + AS_ATTR + "\" selected>" + AS_TEXT + " (running)</option>");
  }

  @Test
  void aHostileLineOfADagFileOrATracebackIsText() {
    String code = Templates.render("dagCode.jte", new DagPage.CodeView(frame(), header("d"), HOSTILE,
        Arrays.asList("print('ok')", "# " + HOSTILE, "</pre></td></tr><script>alert(2)</script>")));
    assertInert(code);
    assertThat(code).doesNotContain("<script>alert(2)").contains("<pre># " + AS_TEXT + "</pre>")
        .contains("<pre>&lt;/pre&gt;&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(2)&lt;/script&gt;</pre>");

    String errors = Templates.render("importErrors.jte", new ImportErrorsPage.View(frame(),
        List.of(new ImportErrorsPage.Entry(HOSTILE, "2025-01-01 00:00:00", "Traceback:\n  " + HOSTILE))));
    assertInert(errors);
    assertThat(errors).contains("<pre class=\"log\">Traceback:\n  " + AS_TEXT + "</pre>");
  }

  @Test
  void formsKeepWhatTheUserTypedAsText() {
    String trigger = Templates.render("trigger.jte", new TriggerPage.View(frame(), header("d"), "/dags/d/trigger",
        "/dags/d/grid", "{\"a\": \"" + HOSTILE + "</textarea>\"}", HOSTILE, HOSTILE, null,
        List.of(new TriggerPage.Param(HOSTILE, HOSTILE, "string", "\"" + HOSTILE + "\""))));
    assertInert(trigger);
    assertThat(trigger).doesNotContain("</textarea>\"}").contains("id=\"conf-error\">" + AS_TEXT + "</div>")
        .contains("id=\"run-id-error\" hidden>");
    String login = Templates.render("login.jte", new LoginPage.View(HOSTILE, "tok", "/home?x=\"><script>"));
    assertInert(login);
    assertThat(login).doesNotContain("\"><script>");
    String pools = Templates.render("pools.jte", new PoolsPage.View(frame(), HOSTILE, List.of(
        new PoolsPage.Line(HOSTILE, "/pools/" + Format.seg(HOSTILE), 1, 0, 0, 0, true, 1, 0, HOSTILE, true))));
    assertInert(pools);
    assertThat(pools).contains("data-confirm=\"Delete pool " + AS_ATTR + "?\"").contains("<strong>" + AS_TEXT + "</strong>");
  }

  @Test
  void thePluginPageRendersEachBlockTypeAndEscapesIt() {
    PageView page = new PageView("Models " + HOSTILE, List.of(
        new PageView.Heading("Scores " + HOSTILE),
        new PageView.Paragraph("Saved by " + HOSTILE),
        new PageView.Table(List.of("model", HOSTILE), List.of(Arrays.asList("ner-v1", HOSTILE), Arrays.asList("ner-v2", null)),
            "none"),
        new PageView.Table(List.of("x"), List.of(), "No saved models yet " + HOSTILE),
        new PageView.LineChart("f1 " + HOSTILE, List.of("v1", HOSTILE),
            List.of(new PageView.Series(HOSTILE, Arrays.asList(0.8, null))), 0, 1)));
    String html = Templates.render("pluginPage.jte", new PluginPageView.View(frame(), page));
    assertInert(html);
    assertThat(html)
        .contains("<h1>Models " + AS_TEXT + "</h1>")
        .contains("<h2 class=\"plugin-heading\">Scores " + AS_TEXT + "</h2>")
        .contains("<p class=\"plugin-paragraph\">Saved by " + AS_TEXT + "</p>")
        .contains("<th>model</th><th>" + AS_TEXT + "</th>")
        .contains("<td>ner-v1</td><td>" + AS_TEXT + "</td>")
        .contains("<td>ner-v2</td><td></td>")
        .contains("plugin-table-empty\">No saved models yet " + AS_TEXT + "</p>")
        .contains("<h2>f1 " + AS_TEXT + "</h2>")
        .contains("class=\"line-chart\" data-chart=\"{&#34;labels&#34;:[&#34;v1&#34;,&#34;&lt;script>");
    assertThat(html.split("compact plugin-table\"", -1)).hasSize(2);
  }

  @Test
  void theWebJarsOfTheLayoutAndChartLibrariesAreOnTheClassPath() {
    for (String asset : List.of(Assets.DAGRE, Assets.CHART_JS)) {
      assertThat(Assets.class.getResource("/META-INF/resources" + asset)).as(asset + ": bump Assets with the POM").isNotNull();
    }
  }
}
