package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Pools;
import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.store.PoolRow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /pools[/{pool_name}]}. {@code default_pool} can be resized but not renamed or deleted. */
final class PoolsResource {

  private final Application app;

  PoolsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/pools", this::list);
    javalin.post(base + "/pools", this::create);
    javalin.get(base + "/pools/{pool_name}", ctx -> ctx.json(poolJson(pool(ctx.pathParam("pool_name")))));
    javalin.patch(base + "/pools/{pool_name}", this::patch);
    javalin.delete(base + "/pools/{pool_name}", this::delete);
  }

  private void list(Context ctx) {
    Paging p = Paging.of(ctx, "name", Set.of("name", "slots", "id"));
    Paging byName = p.orderBy().equals("id") ? new Paging(p.limit(), p.offset(), "name", p.descending()) : p;
    List<Map<String, Object>> all = app.pools().list().stream().map(PoolsResource::poolJson).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pools", byName.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void create(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    String name = body.path("name").asText(null);
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("a pool needs a 'name'");
    }
    Callers.of(ctx).require(io.aloft.runtime.app.Permission.create(io.aloft.runtime.app.Permission.POOLS));
    if (app.pools().get(name).isPresent()) {
      throw ApiException.conflict("Pool: " + name + " already exists");
    }
    ctx.json(poolJson(set(ctx, name, slots(body, true), body.path("description").asText(null),
        includeDeferred(body))));
  }

  private void patch(Context ctx) {
    String name = ctx.pathParam("pool_name");
    PoolRow current = pool(name);
    JsonNode body = ApiJson.body(ctx);
    String maskParam = ctx.queryParam("update_mask");
    Set<String> mask =
        maskParam == null || maskParam.isBlank()
            ? Set.of("name", "slots", "description")
            : Set.copyOf(Arrays.stream(maskParam.split(",")).map(String::trim).toList());
    for (String f : mask) {
      if (!Set.of("name", "slots", "description", "include_deferred").contains(f)) {
        throw ApiException.badRequest("Invalid field: " + f + " in update mask");
      }
    }
    if (mask.contains("name") && body.hasNonNull("name") && !body.get("name").asText().equals(name)) {
      throw ApiException.badRequest("a pool cannot be renamed (" + name + " -> " + body.get("name").asText() + ")");
    }
    int slots = mask.contains("slots") && body.has("slots") ? slots(body, true) : current.slots();
    String description =
        mask.contains("description") && body.has("description") ? body.get("description").asText(null) : null;
    Boolean includeDeferred = mask.contains("include_deferred") || maskParam == null || maskParam.isBlank()
        ? includeDeferred(body) : null;
    ctx.json(poolJson(set(ctx, name, slots, description, includeDeferred)));
  }

  /** The body's {@code include_deferred}, null when absent; a non-boolean is a 400. */
  private static Boolean includeDeferred(JsonNode body) {
    JsonNode v = body.get("include_deferred");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ApiException.badRequest("'include_deferred' must be true or false");
    }
    return v.booleanValue();
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("pool_name");
    if (Pools.DEFAULT_POOL.equals(name)) {
      throw ApiException.badRequest("Default Pool can't be deleted");
    }
    if (!app.pools().delete(Callers.of(ctx), name)) {
      throw ApiException.notFound("Pool not found", "Pool with name:'" + name + "' not found");
    }
    ctx.status(204);
  }

  private PoolRow set(Context ctx, String name, int slots, String description, Boolean includeDeferred) {
    try {
      return app.pools().set(Callers.of(ctx), name, slots, description, includeDeferred);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static int slots(JsonNode body, boolean required) {
    JsonNode s = body.get("slots");
    if (s == null || !s.canConvertToInt() || !s.isIntegralNumber()) {
      throw ApiException.badRequest("'slots' must be an integer");
    }
    return s.intValue();
  }

  private PoolRow pool(String name) {
    return app.pools()
        .get(name)
        .orElseThrow(() -> ApiException.notFound("Pool not found", "Pool with name:'" + name + "' not found"));
  }

  static Map<String, Object> poolJson(PoolRow p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("slots", p.slots());
    m.put("occupied_slots", p.occupied());
    m.put("running_slots", p.running());
    m.put("queued_slots", p.queued());
    m.put("scheduled_slots", 0);
    m.put("deferred_slots", p.deferred());
    m.put("open_slots", p.open());
    m.put("description", p.description());
    m.put("include_deferred", p.includeDeferred());
    return m;
  }
}
