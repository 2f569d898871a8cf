package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Connections;
import io.aloft.runtime.store.ConnectionStore.Entry;
import io.aloft.sdk.Connection;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /connections[/{connection_id}]} and {@code POST /connections/test} with Airflow's shapes. The password is
 * write-only: no answer carries it, and sensitive {@code extra} values are shown as {@code ***}.
 */
final class ConnectionsResource {

  private static final Set<String> FIELDS =
      Set.of("connection_id", "conn_type", "description", "host", "login", "schema", "port", "extra", "password");

  private final Application app;

  ConnectionsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/connections", this::list);
    javalin.post(base + "/connections", this::create);
    javalin.post(base + "/connections/test", this::test);
    javalin.get(base + "/connections/{connection_id}", ctx -> {
      Callers.requireRead(ctx, io.aloft.runtime.app.Permission.CONNECTIONS);
      ctx.json(shown(entry(ctx.pathParam("connection_id")), true));
    });
    javalin.patch(base + "/connections/{connection_id}", this::patch);
    javalin.delete(base + "/connections/{connection_id}", this::delete);
  }

  private void list(Context ctx) {
    Callers.requireRead(ctx, io.aloft.runtime.app.Permission.CONNECTIONS);
    Paging p = Paging.of(ctx, "connection_id", Set.of("connection_id", "conn_id", "id"));
    Paging byId = new Paging(p.limit(), p.offset(), "connection_id", p.descending());
    List<Map<String, Object>> all = app.connections().list().stream().map(e -> shown(e, false)).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connections", byId.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void create(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    Connection c = connection(body, body.path("connection_id").asText(null));
    try {
      ctx.json(shown(app.connections().add(Callers.of(ctx), c, text(body, "description")), true));
    } catch (Connections.AlreadyExists e) {
      throw ApiException.conflict(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** Airflow's PATCH: the body's fields (or only those named in {@code update_mask}) replace the stored ones. */
  private void patch(Context ctx) {
    String id = ctx.pathParam("connection_id");
    Entry current = entry(id);
    JsonNode body = ApiJson.body(ctx);
    if (body.hasNonNull("connection_id") && !body.get("connection_id").asText().equals(id)) {
      throw ApiException.badRequest("The connection_id cannot be updated.");
    }
    Set<String> mask = new HashSet<>();
    String updateMask = ctx.queryParam("update_mask");
    if (updateMask != null && !updateMask.isBlank()) {
      for (String f : updateMask.split(",")) {
        String name = f.strip();
        if (!FIELDS.contains(name)) {
          throw ApiException.badRequest("'" + name + "' is unknown or cannot be updated; fields: " + FIELDS);
        }
        mask.add(name);
      }
    } else {
      body.fieldNames().forEachRemaining(mask::add);
    }
    Connection c = current.connection();
    Connection next = new Connection(id,
        mask.contains("conn_type") ? text(body, "conn_type") : c.connType(),
        mask.contains("host") ? text(body, "host") : c.host(),
        mask.contains("schema") ? text(body, "schema") : c.schema(),
        mask.contains("login") ? text(body, "login") : c.login(),
        mask.contains("password") ? text(body, "password") : c.password(),
        mask.contains("port") ? port(body) : c.port(),
        mask.contains("extra") ? extra(body) : c.extra());
    if (next.connType() == null || next.connType().isBlank()) {
      throw ApiException.badRequest("a connection needs a 'conn_type'");
    }
    String description = mask.contains("description") ? text(body, "description") : current.description();
    try {
      ctx.json(shown(app.connections().update(Callers.of(ctx), next, description), true));
    } catch (Connections.NotFound e) {
      throw ApiException.notFound("Connection not found", e.getMessage());
    }
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("connection_id");
    if (!app.connections().delete(Callers.of(ctx), id)) {
      throw ApiException.notFound("Connection not found", "The Connection with connection_id: `" + id + "` was not found");
    }
    ctx.status(204);
  }

  private void test(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    String id = body.path("connection_id").asText("test_connection");
    Connections.TestResult r = app.connections().test(Callers.of(ctx), connection(body, id));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", r.status());
    out.put("message", r.message());
    ctx.json(out);
  }

  private Entry entry(String id) {
    return app.connections().get(id).orElseThrow(() ->
        ApiException.notFound("Connection not found", "The Connection with connection_id: `" + id + "` was not found"));
  }

  private static Connection connection(JsonNode body, String id) {
    if (id == null || id.isBlank()) {
      throw ApiException.badRequest("a connection needs a 'connection_id'");
    }
    String type = text(body, "conn_type");
    if (type == null || type.isBlank()) {
      throw ApiException.badRequest("a connection needs a 'conn_type'");
    }
    return new Connection(id, type, text(body, "host"), text(body, "schema"), text(body, "login"),
        text(body, "password"), port(body), extra(body));
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Integer port(JsonNode body) {
    JsonNode n = body.get("port");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToInt() && !(n.isTextual() && n.asText().matches("\\d{1,5}"))) {
      throw ApiException.badRequest("'port' must be a number, not " + n);
    }
    return n.isTextual() ? Integer.parseInt(n.asText()) : n.asInt();
  }

  /** Airflow sends {@code extra} as JSON text; an object is taken too. */
  private static Map<String, Object> extra(JsonNode body) {
    JsonNode n = body.get("extra");
    if (n == null || n.isNull()) {
      return Map.of();
    }
    try {
      return Connections.extra(n.isTextual() ? n.asText()
          : ApiJson.MAPPER.convertValue(n, Map.class));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("'extra' must be a JSON object: " + e.getMessage());
    }
  }

  /** Airflow's shape; the password never, and {@code extra} (masked) only for one connection. */
  private Map<String, Object> shown(Entry e, boolean withExtra) {
    Connection c = app.connections().shown(e.connection());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connection_id", c.connId());
    m.put("conn_type", c.connType());
    m.put("description", e.description());
    m.put("host", c.host());
    m.put("login", c.login());
    m.put("schema", c.schema());
    m.put("port", c.port());
    if (withExtra) {
      try {
        m.put("extra", c.extra().isEmpty() ? null : ApiJson.MAPPER.writeValueAsString(c.extra()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return m;
  }
}
