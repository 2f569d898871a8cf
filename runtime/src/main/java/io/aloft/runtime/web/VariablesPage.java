package io.aloft.runtime.web;

import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.store.VariableStore.Variable;
import io.aloft.runtime.app.Permission;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * {@code /variables} (Admin menu): the variables, with the value of each sensitive key shown as {@code ***} as the API
 * shows it; add, edit and delete. The edit form never carries a sensitive value to the browser: left empty, the
 * stored value is kept. Stateless; safe from any thread.
 */
final class VariablesPage {

  /** The mask of a sensitive value, as the API's. */
  static final String MASK = "***";

  /**
   * What {@code variables.jte} shows: the list, then the form, prefilled from {@code editing} (null: a new variable);
   * {@code error} (null if none) is why the last change was refused.
   */
  record View(Frame frame, String error, List<Line> variables, Form form) {}

  /** A variable's row; {@code value} is already masked where the key is sensitive. */
  record Line(String key, String value, String description, String editHref) {}

  /** The add/edit form; {@code sensitive}: the value is not shown and an empty one keeps it. */
  record Form(boolean existing, String key, String value, String description, boolean sensitive) {}

  private final Application app;
  private final Users users;

  VariablesPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    String edit = ctx.queryParam("edit");
    Form form = Optional.ofNullable(edit).flatMap(k -> app.variables().get(k))
        .map(v -> {
          boolean sensitive = app.variables().isSensitive(v.key());
          return new Form(true, v.key(), sensitive ? "" : v.val(), v.description(), sensitive);
        })
        .orElse(new Form(false, "", "", "", false));
    render(ctx, null, form, 200);
  }

  void save(Context ctx) {
    UiAccess.requireChange(ctx);
    String key = trimmed(ctx.formParam("key"));
    String value = ctx.formParam("value");
    String description = trimmed(ctx.formParam("description"));
    if (key.isEmpty()) {
      render(ctx, "A variable needs a key.", new Form(false, key, value, description, false), 400);
      return;
    }
    Optional<Variable> old = app.variables().get(key);
    boolean sensitive = app.variables().isSensitive(key);
    if ((value == null || value.isEmpty()) && sensitive && old.isPresent()) {
      value = old.get().val();
    }
    if (value == null) {
      value = "";
    }
    app.variables().set(Callers.of(ctx), key, value, description.isEmpty() ? null : description);
    ctx.redirect("/variables");
  }

  void delete(Context ctx) {
    UiAccess.requireChange(ctx);
    String key = trimmed(ctx.formParam("key"));
    if (!app.variables().delete(Callers.of(ctx), key)) {
      render(ctx, "There is no variable '" + key + "' (deleted meanwhile?).", new Form(false, "", "", "", false), 404);
      return;
    }
    ctx.redirect("/variables");
  }

  private void render(Context ctx, String error, Form form, int status) {
    Callers.of(ctx).require(Permission.read(Permission.VARIABLES)); // a Viewer or User may not see them, as in Airflow
    List<Line> lines = app.variables().list().stream().map(v -> new Line(v.key(),
        app.variables().isSensitive(v.key()) ? MASK : v.val(), v.description(),
        "/variables?edit=" + java.net.URLEncoder.encode(v.key(), java.nio.charset.StandardCharsets.UTF_8) + "#variable-form"))
        .toList();
    Templates.page(ctx, status, "variables.jte",
        new View(Frame.of(ctx, "Variables", "Variables", users.defaultPasswordInUse()), error, lines, form));
  }

  private static String trimmed(String s) {
    return s == null ? "" : s.strip();
  }
}
