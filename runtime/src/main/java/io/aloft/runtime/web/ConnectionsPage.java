package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Connections;
import io.aloft.runtime.app.Users;
import io.aloft.sdk.Connection;
import io.aloft.runtime.app.Permission;
import io.aloft.runtime.store.ConnectionStore;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code /connections} (Admin menu): the connections as {@link Connections#shown} shows them (never a password;
 * sensitive {@code extra} values masked), add, edit, delete and test (as the API's {@code /connections/test}). Editing never sends the password to the page: left
 * blank it keeps the stored one; masked {@code extra} values ({@code ***}) left as they are keep theirs. Connections
 * from the environment are listed but cannot be edited or deleted here. Stateless; safe from any thread.
 */
final class ConnectionsPage {

  /**
   * What {@code connections.jte} shows; {@code error} (null if none) is why the last change was refused, and
   * {@code form} what the user typed then (never the password); {@code editing} whether the form edits the stored
   * connection {@code form.connId()} (else it adds one), {@code hasPassword} whether that one has a password.
   */
  record View(Frame frame, String error, List<Line> connections, Form form, boolean editing, boolean hasPassword,
      String tested) {}

  /** A connection's row; {@code hasPassword} says whether one is stored, without it. */
  record Line(String connId, String type, String host, String port, String schema, String login, boolean hasPassword,
      String extra, String description, boolean fromEnvironment) {}

  /** The add or edit form as the user filled it in (or as the stored connection is shown, to edit it). */
  record Form(String connId, String type, String host, String port, String schema, String login, String extra,
      String description) {
    static final Form EMPTY = new Form("", "", "", "", "", "", "", "");
  }

  private final Application app;
  private final Users users;

  ConnectionsPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    String edit = ctx.queryParam("edit");
    if (edit == null || edit.isBlank()) {
      render(ctx, null, Form.EMPTY, 200);
      return;
    }
    UiAccess.requireChange(ctx);
    ConnectionStore.Entry e = storedEntry(edit);
    if (e == null) {
      render(ctx, notStored(edit), Form.EMPTY, 404);
      return;
    }
    Connection shown = app.connections().shown(e.connection());
    Form form = new Form(shown.connId(), shown.connType(), nullToEmpty(shown.host()),
        shown.port() == null ? "" : shown.port().toString(), nullToEmpty(shown.schema()), nullToEmpty(shown.login()),
        shown.extra() == null || shown.extra().isEmpty() ? "" : ApiJson.write(shown.extra()), nullToEmpty(e.description()));
    render(ctx, null, form, 200, true, hasPassword(e.connection()));
  }

  /**
   * POST {@code /connections/edit}: replaces the stored connection {@code conn_id}. A blank password keeps the stored
   * one ({@code clear_password} removes it); an {@code extra} value still {@code ***} keeps the stored value there.
   */
  void edit(Context ctx) {
    UiAccess.requireChange(ctx);
    Form form = form(ctx);
    ConnectionStore.Entry stored = storedEntry(form.connId());
    if (stored == null) {
      render(ctx, notStored(form.connId()), Form.EMPTY, 404);
      return;
    }
    boolean had = hasPassword(stored.connection());
    Connection c = connection(ctx, form, true, had);
    if (c == null) {
      return;
    }
    String password = ctx.formParam("password");
    boolean keep = password == null || password.isEmpty();
    if (flagged(ctx, "clear_password")) {
      password = null;
    } else if (keep) {
      password = stored.connection().password();
    }
    Map<String, Object> extra = keepMasked(c.extra(), stored.connection().extra());
    Connection updated = new Connection(c.connId(), c.connType(), c.host(), c.schema(), c.login(), password, c.port(), extra);
    try {
      app.connections().update(Callers.of(ctx), updated, blankToNull(form.description()));
      ctx.redirect("/connections");
    } catch (Connections.NotFound | IllegalArgumentException e) {
      render(ctx, e.getMessage(), form, e instanceof Connections.NotFound ? 404 : 400, true, had);
    }
  }

  void add(Context ctx) {
    UiAccess.requireChange(ctx);
    Form form = form(ctx);
    Connection c = connection(ctx, form, false, false);
    if (c == null) {
      return;
    }
    try {
      app.connections().add(Callers.of(ctx), c, blankToNull(form.description()));
      ctx.redirect("/connections");
    } catch (Connections.AlreadyExists | IllegalArgumentException e) {
      render(ctx, e.getMessage(), form, e instanceof Connections.AlreadyExists ? 409 : 400);
    }
  }

  private static Form form(Context ctx) {
    return new Form(field(ctx, "conn_id"), field(ctx, "conn_type"), field(ctx, "host"), field(ctx, "port"),
        field(ctx, "schema"), field(ctx, "login"), field(ctx, "extra"), field(ctx, "description"));
  }

  /** The connection the form describes (the password as typed), or null after answering with the form's error. */
  private Connection connection(Context ctx, Form form, boolean editing, boolean hasPassword) {
    Integer port;
    try {
      port = form.port().isEmpty() ? null : Integer.valueOf(form.port());
    } catch (NumberFormatException e) {
      render(ctx, "The port must be a whole number, like 5432.", form, 400, editing, hasPassword);
      return null;
    }
    Map<String, Object> extra;
    try {
      extra = form.extra().isEmpty() ? Map.of() : Connections.extra(form.extra());
    } catch (RuntimeException e) {
      render(ctx, "Extra must be a JSON object, like {\"timeout\": 30}.", form, 400, editing, hasPassword);
      return null;
    }
    if (form.type().isEmpty()) {
      render(ctx, "A connection needs a type, like postgres or http.", form, 400, editing, hasPassword);
      return null;
    }
    String password = ctx.formParam("password");
    return new Connection(form.connId(), form.type(), blankToNull(form.host()), blankToNull(form.schema()),
        blankToNull(form.login()), password == null || password.isEmpty() ? null : password, port, extra);
  }

  /**
   * {@code posted} with every value that is still the mask ({@code ***}, as the edit form showed a sensitive value)
   * replaced by the stored value at the same place, at any depth: editing a connection never loses, or learns, a
   * secret in its extra.
   */
  static Map<String, Object> keepMasked(Map<String, Object> posted, Map<String, Object> stored) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if (posted == null) {
      return out;
    }
    posted.forEach((k, v) -> {
      Object old = stored == null ? null : stored.get(k);
      if ("***".equals(v) && old != null) {
        out.put(k, old);
      } else if (v instanceof Map<?, ?> m && old instanceof Map<?, ?> o) {
        out.put(k, keepMasked(stringKeys(m), stringKeys(o)));
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private ConnectionStore.Entry storedEntry(String connId) {
    return app.connections().get(connId).filter(e -> !e.fromEnvironment()).orElse(null);
  }

  private static String notStored(String connId) {
    return "No connection '" + connId + "' is stored here (deleted meanwhile, or set in the environment, where it is"
        + " changed through its AIRFLOW_CONN_ variable).";
  }

  private static boolean hasPassword(Connection c) {
    return c.password() != null && !c.password().isEmpty();
  }

  private static boolean flagged(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v != null && !v.isEmpty() && !"false".equalsIgnoreCase(v);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * POST {@code /connections/test}: tests the stored (or environment) connection {@code conn_id} with its own password,
   * as {@link Connections#test} does, and shows the answer above the list.
   */
  void test(Context ctx) {
    String connId = field(ctx, "conn_id");
    var entry = app.connections().get(connId).orElse(null);
    if (entry == null) {
      render(ctx, "No connection '" + connId + "' (deleted meanwhile?).", Form.EMPTY, 404);
      return;
    }
    Connections.TestResult result = app.connections().test(Callers.of(ctx), entry.connection());
    if (result.status()) {
      render(ctx, null, Form.EMPTY, 200, false, false, connId + ": " + result.message());
    } else {
      render(ctx, "Testing " + connId + " failed: " + result.message(), Form.EMPTY, 200);
    }
  }

  void delete(Context ctx) {
    UiAccess.requireChange(ctx);
    String connId = field(ctx, "conn_id");
    if (!app.connections().delete(Callers.of(ctx), connId)) {
      render(ctx, "No connection '" + connId + "' is stored (deleted meanwhile, or set in the environment, where it"
          + " is removed by unsetting its AIRFLOW_CONN_ variable).", Form.EMPTY, 404);
      return;
    }
    ctx.redirect("/connections");
  }

  private void render(Context ctx, String error, Form form, int status) {
    render(ctx, error, form, status, false, false);
  }

  private void render(Context ctx, String error, Form form, int status, boolean editing, boolean hasPassword) {
    render(ctx, error, form, status, editing, hasPassword, null);
  }

  private void render(Context ctx, String error, Form form, int status, boolean editing, boolean hasPassword,
      String tested) {
    Callers.of(ctx).require(Permission.read(Permission.CONNECTIONS));
    List<Line> lines = app.connections().list().stream().map(e -> {
      Connection shown = app.connections().shown(e.connection());
      return new Line(shown.connId(), shown.connType(), shown.host(), shown.port() == null ? "" : shown.port().toString(),
          shown.schema(), shown.login(), hasPassword(e.connection()),
          shown.extra() == null || shown.extra().isEmpty() ? "" : ApiJson.write(shown.extra()), e.description(),
          e.fromEnvironment());
    }).toList();
    Templates.page(ctx, status, "connections.jte",
        new View(Frame.of(ctx, "Connections", "Connections", users.defaultPasswordInUse()), error, lines, form,
        editing, hasPassword, tested));
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
