package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Connections;
import io.aloft.runtime.app.Users;
import io.aloft.sdk.Connection;
import io.aloft.runtime.app.Permission;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code /connections} (Admin menu): the connections as {@link Connections#shown} shows them (never a password;
 * sensitive {@code extra} values masked), add and delete. Connections from the environment are listed but cannot be
 * deleted here. Stateless; safe from any thread.
 */
final class ConnectionsPage {

  /**
   * What {@code connections.jte} shows; {@code error} (null if none) is why the last change was refused, and
   * {@code form} what the user typed then (never the password).
   */
  record View(Frame frame, String error, List<Line> connections, Form form) {}

  /** A connection's row; {@code hasPassword} says whether one is stored, without it. */
  record Line(String connId, String type, String host, String port, String schema, String login, boolean hasPassword,
      String extra, String description, boolean fromEnvironment) {}

  /** The add form as the user filled it in. */
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
    render(ctx, null, Form.EMPTY, 200);
  }

  void add(Context ctx) {
    UiAccess.requireChange(ctx);
    Form form = new Form(field(ctx, "conn_id"), field(ctx, "conn_type"), field(ctx, "host"), field(ctx, "port"),
        field(ctx, "schema"), field(ctx, "login"), field(ctx, "extra"), field(ctx, "description"));
    Integer port;
    try {
      port = form.port().isEmpty() ? null : Integer.valueOf(form.port());
    } catch (NumberFormatException e) {
      render(ctx, "The port must be a whole number, like 5432.", form, 400);
      return;
    }
    Map<String, Object> extra;
    try {
      extra = form.extra().isEmpty() ? Map.of() : Connections.extra(form.extra());
    } catch (RuntimeException e) {
      render(ctx, "Extra must be a JSON object, like {\"timeout\": 30}.", form, 400);
      return;
    }
    if (form.type().isEmpty()) {
      render(ctx, "A connection needs a type, like postgres or http.", form, 400);
      return;
    }
    String password = ctx.formParam("password");
    Connection c = new Connection(form.connId(), form.type(), blankToNull(form.host()), blankToNull(form.schema()),
        blankToNull(form.login()), password == null || password.isEmpty() ? null : password, port, extra);
    try {
      app.connections().add(Callers.of(ctx), c, blankToNull(form.description()));
      ctx.redirect("/connections");
    } catch (Connections.AlreadyExists | IllegalArgumentException e) {
      render(ctx, e.getMessage(), form, e instanceof Connections.AlreadyExists ? 409 : 400);
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
    Callers.of(ctx).require(Permission.read(Permission.CONNECTIONS));
    List<Line> lines = app.connections().list().stream().map(e -> {
      Connection shown = app.connections().shown(e.connection());
      boolean hasPassword = e.connection().password() != null && !e.connection().password().isEmpty();
      return new Line(shown.connId(), shown.connType(), shown.host(), shown.port() == null ? "" : shown.port().toString(),
          shown.schema(), shown.login(), hasPassword,
          shown.extra() == null || shown.extra().isEmpty() ? "" : ApiJson.write(shown.extra()), e.description(),
          e.fromEnvironment());
    }).toList();
    Templates.page(ctx, status, "connections.jte",
        new View(Frame.of(ctx, "Connections", "Connections", users.defaultPasswordInUse()), error, lines, form));
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
