package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.DagParsing;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagListing;
import io.aloft.runtime.store.ImportErrorRow;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /home}: every DAG with its pause switch, schedule, runs and next run; import errors on top. */
final class DagListPage {

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
    // One read for the page: its DAGs, their latest runs and run counts, and the filters' counts. Reading every DAG
    // to filter and count them here, then their runs in two more statements, made this page the slowest of the
    // store benchmark (900 DAGs, 100,000 runs: p99 121 ms with 8 clients).
    Boolean paused = status.equals("active") ? Boolean.FALSE : status.equals("paused") ? Boolean.TRUE : null;
    DagListing listing = app.dags().listPage(paused, search,
        (int) Math.min((page - 1L) * PAGE_SIZE, Integer.MAX_VALUE - PAGE_SIZE), PAGE_SIZE);
    // the banner's errors are read only when there are some (the listing counts them)
    List<ImportErrorRow> importErrors = listing.importErrors() == 0 ? List.of() : app.importErrors().list();

    List<ErrorLine> errors = importErrors.stream().limit(5)
        .map(e -> new ErrorLine(e.filename() + (e.lineno() == null ? "" : ":" + e.lineno()), Format.lastLine(e.message())))
        .toList();
    List<Filter> filters = List.of(
        new Filter("all", "All", listing.all(), status.equals("all")),
        new Filter("active", "Active", listing.unpaused(), status.equals("active")),
        new Filter("paused", "Paused", listing.all() - listing.unpaused(), status.equals("paused")));
    int pages = Math.max(1, (listing.matching() + PAGE_SIZE - 1) / PAGE_SIZE);
    page = Math.min(listing.offset() / PAGE_SIZE + 1, pages);
    List<Row> rows = new ArrayList<>();
    for (DagListing.Entry e : listing.dags()) {
      DagSpec spec = app.dags().spec(e.dagId(), e.specHash());
      String base = "/dags/" + seg(e.dagId());
      List<RunCount> runCounts = List.of(new RunCount("queued", e.queued()), new RunCount("running", e.running()),
          new RunCount("success", e.success()), new RunCount("failed", e.failed()));
      LastRun lastRun = e.lastRunId() == null ? null
          : new LastRun(base + "/runs/" + seg(e.lastRunId()), Format.date(e.lastLogicalDate()), e.lastState().airflowName());
      rows.add(new Row(e.dagId(), base + "/grid", e.paused(), spec.description(), spec.tags(),
          spec.owner() == null ? "airflow" : spec.owner(), runCounts, Format.schedule(spec.schedule()), lastRun,
          Format.date(e.nextDagrun()), base + "/trigger"));
    }
    String query = "/home?status=" + seg(status) + (search.isEmpty() ? "" : "&search=" + seg(search)) + "&page=";
    Paging paging = new Paging(rows.isEmpty() ? 0 : (page - 1) * PAGE_SIZE + 1, (page - 1) * PAGE_SIZE + rows.size(),
        listing.matching(), page > 1 ? query + (page - 1) : null, page < pages ? query + (page + 1) : null);
    View view = new View(Frame.of(ctx, "DAGs", "DAGs", users.defaultPasswordInUse()), parsing(), importErrors.size(), errors,
        status, search, filters, rows, paging);
    Templates.page(ctx, 200, "dagList.jte", view);
  }
}
