package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.store.ImportErrorRow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /importErrors[/{import_error_id}]}. */
final class ImportErrorsResource {

  private final Application app;

  ImportErrorsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/importErrors", this::list);
    javalin.get(base + "/importErrors/{import_error_id}", this::get);
  }

  private void list(Context ctx) {
    Paging p = Paging.of(ctx, "import_error_id", Set.of("import_error_id", "filename", "timestamp"));
    List<Map<String, Object>> all = app.importErrors().list().stream().map(ImportErrorsResource::json).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("import_errors", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void get(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("import_error_id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("import_error_id must be an integer");
    }
    ImportErrorRow row =
        app.importErrors()
            .get(id)
            .orElseThrow(
                () -> ApiException.notFound("Import error not found", "The ImportError with import_error_id: `" + id + "` was not found"));
    ctx.json(json(row));
  }

  static Map<String, Object> json(ImportErrorRow e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("import_error_id", e.id());
    m.put("timestamp", ApiJson.date(e.timestamp()));
    m.put("filename", e.filename());
    m.put("lineno", e.lineno());
    m.put("message", e.message());
    m.put("stack_trace", e.stacktrace() != null ? e.stacktrace() : e.message());
    return m;
  }
}
