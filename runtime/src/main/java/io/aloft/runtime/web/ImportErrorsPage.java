package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.store.ImportErrorRow;
import io.javalin.http.Context;
import java.util.List;

/** {@code /import-errors}: every DAG file that failed to load, with line and message. */
final class ImportErrorsPage {

  private final Application app;
  private final Users users;

  ImportErrorsPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    List<ImportErrorRow> errors = app.importErrors().list();
    StringBuilder sb = new StringBuilder("<div class=\"page-head\"><h1>Import errors</h1></div>");
    if (errors.isEmpty()) {
      sb.append("<div class=\"card\"><p class=\"muted\" id=\"no-import-errors\">Every DAG file loaded without errors.</p></div>");
    }
    for (ImportErrorRow e : errors) {
      sb.append("<div class=\"card import-error\"><div class=\"ie-head\"><code class=\"file\">").append(esc(e.filename()))
          .append(e.lineno() == null ? "" : ":" + e.lineno()).append("</code><span class=\"muted small\">")
          .append(Html.date(e.timestamp())).append(" UTC</span></div><pre class=\"log\">")
          .append(esc(e.stacktrace() != null ? e.stacktrace() : e.message())).append("</pre></div>");
    }
    ctx.html(Html.page(ctx, "Import errors", "Import errors", users.defaultPasswordInUse(), sb.toString()));
  }
}
