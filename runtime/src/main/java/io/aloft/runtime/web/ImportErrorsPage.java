package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.javalin.http.Context;
import java.util.List;

/** {@code /import-errors}: every DAG file that failed to load, with line and message. */
final class ImportErrorsPage {

  /** What {@code importErrors.jte} shows. */
  record View(Frame frame, List<Entry> errors) {}

  /** A DAG file that failed to load: {@code file:line}, when (UTC), and the traceback. */
  record Entry(String location, String when, String text) {}

  private final Application app;
  private final Users users;

  ImportErrorsPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    List<Entry> errors = app.importErrors().list().stream()
        .map(e -> new Entry(e.filename() + (e.lineno() == null ? "" : ":" + e.lineno()), Format.date(e.timestamp()),
            e.stacktrace() != null ? e.stacktrace() : e.message()))
        .toList();
    Templates.page(ctx, 200, "importErrors.jte",
        new View(Frame.of(ctx, "Import errors", "Import errors", users.defaultPasswordInUse()), errors));
  }
}
