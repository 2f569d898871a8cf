package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.DagParsing;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.ImportErrorRow;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /home}: every DAG with its pause switch, schedule, runs and next run; import errors on top. */
final class DagListPage {

  private static final List<String> RUN_STATES = List.of("queued", "running", "success", "failed");

  /** What {@code dagList.jte} shows. */
  record View(Frame frame, String parsing, int errorCount, List<ErrorLine> errors, String status, String search,
      List<Filter> filters, List<Row> rows, Paging paging) {}

  /**
   * Which part of the matching DAGs the page shows: {@code first}..{@code last} (1-based) of {@code total}; the
   * links are null where there is no page before or after.
   */
  record Paging(int first, int last, int total, String previousHref, String nextHref) {}

  /** DAGs per page, as Airflow's {@code [webserver] page_size} default: a thousand DAGs are ten pages, not one. */
  static final int PAGE_SIZE = 100;

  /** The first lines of the import-error banner. */
  record ErrorLine(String location, String message) {}

  /** A status filter pill. */
  record Filter(String key, String label, long count, boolean active) {}

  /** One DAG. {@code lastRun} is null before its first run. */
  record Row(String dagId, String href, boolean paused, String description, List<String> tags, String owner,
      List<RunCount> counts, String schedule, LastRun lastRun, String nextRun, String triggerHref) {}

  /** Runs of a DAG in one state. */
  record RunCount(String state, int count) {}

  /** The latest run of a DAG. */
  record LastRun(String href, String date, String state) {}

  private final Application app;
  private final Users users;

  DagListPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  /** The banner while the daemon parses DAG files (its first pass after a start, or a big change): null when idle. */
  private String parsing() {
    DagParsing.Progress p = app.dagParsing().progress();
    if (p.idle()) {
      return null;
    }
    return p.scanning() ? "Reading the DAGs folder: the list below is not complete yet."
        : "Parsing DAG files: " + p.parsed() + " of " + p.total() + ". The list below shows the DAGs parsed so far.";
  }

  void render(Context ctx) {
    String status = ctx.queryParamAsClass("status", String.class).getOrDefault("all");
    String search = ctx.queryParamAsClass("search", String.class).getOrDefault("").trim();
    int page = Math.max(1, ctx.queryParamAsClass("page", Integer.class).getOrDefault(1));
    List<DagRow> dags = app.dags().listActive();
    List<ImportErrorRow> importErrors = app.importErrors().list();
    long active = dags.stream().filter(d -> !d.isPaused()).count();

    List<ErrorLine> errors = importErrors.stream().limit(5)
        .map(e -> new ErrorLine(e.filename() + (e.lineno() == null ? "" : ":" + e.lineno()), Format.lastLine(e.message())))
        .toList();
    List<Filter> filters = List.of(
        new Filter("all", "All", dags.size(), status.equals("all")),
        new Filter("active", "Active", active, status.equals("active")),
        new Filter("paused", "Paused", dags.size() - active, status.equals("paused")));
    String needle = search.toLowerCase(Locale.ROOT);
    List<DagRow> matching = dags.stream()
        .filter(d -> !(status.equals("active") && d.isPaused()) && !(status.equals("paused") && !d.isPaused()))
        .filter(d -> needle.isEmpty() || d.dagId().toLowerCase(Locale.ROOT).contains(needle))
        .toList();
    int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    page = Math.min(page, pages);
    List<DagRow> shown = matching.subList((page - 1) * PAGE_SIZE, Math.min(matching.size(), page * PAGE_SIZE));
    // runs are read for the shown DAGs only: with 100,000 runs in the store, counting them all costs more than the page
    List<String> ids = shown.stream().map(DagRow::dagId).toList();
    Map<String, List<DagRunRow>> latest = ids.isEmpty() ? Map.of() : app.runs().latestPerDag(1, ids);
    Map<String, Map<String, Integer>> counts = ids.isEmpty() ? Map.of() : app.runs().stateCounts(ids);
    List<Row> rows = new ArrayList<>();
    for (DagRow d : shown) {
      DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
      String base = "/dags/" + seg(d.dagId());
      Map<String, Integer> c = counts.getOrDefault(d.dagId(), Map.of());
      List<RunCount> runCounts = RUN_STATES.stream().map(s -> new RunCount(s, c.getOrDefault(s, 0))).toList();
      List<DagRunRow> last = latest.getOrDefault(d.dagId(), List.of());
      LastRun lastRun = last.isEmpty() ? null
          : new LastRun(base + "/runs/" + seg(last.get(0).runId()), Format.date(last.get(0).logicalDate()),
              last.get(0).state().airflowName());
      rows.add(new Row(d.dagId(), base + "/grid", d.isPaused(), spec.description(), spec.tags(),
          spec.owner() == null ? "airflow" : spec.owner(), runCounts, Format.schedule(spec.schedule()), lastRun,
          Format.date(d.nextDagrun()), base + "/trigger"));
    }
    String query = "/home?status=" + seg(status) + (search.isEmpty() ? "" : "&search=" + seg(search)) + "&page=";
    Paging paging = new Paging(shown.isEmpty() ? 0 : (page - 1) * PAGE_SIZE + 1, (page - 1) * PAGE_SIZE + shown.size(),
        matching.size(), page > 1 ? query + (page - 1) : null, page < pages ? query + (page + 1) : null);
    View view = new View(Frame.of(ctx, "DAGs", "DAGs", users.defaultPasswordInUse()), parsing(), importErrors.size(), errors,
        status, search, filters, rows, paging);
    Templates.page(ctx, 200, "dagList.jte", view);
  }
}
