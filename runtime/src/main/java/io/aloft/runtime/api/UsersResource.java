package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Permission;
import io.aloft.runtime.app.Role;
import io.aloft.runtime.app.Users;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@code /users}, {@code /roles} and {@code /permissions} in the shapes of Airflow's FAB auth manager: users with
 * one role each (Airflow allows several; Aloft gives a user exactly one, so {@code roles} has one entry), the four
 * fixed roles read-only, roles made here editable. Reading needs {@code can_read} on Users/Roles/Permissions
 * (Admin), which the services and {@link Callers} check.
 */
final class UsersResource {

  private final Application app;

  UsersResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/users", this::list);
    javalin.post(base + "/users", this::create);
    javalin.get(base + "/users/{username}", ctx -> {
      Callers.requireRead(ctx, Permission.USERS);
      ctx.json(userJson(user(ctx.pathParam("username"))));
    });
    javalin.patch(base + "/users/{username}", this::patch);
    javalin.delete(base + "/users/{username}", this::delete);
    javalin.get(base + "/roles", this::roles);
    javalin.post(base + "/roles", this::createRole);
    javalin.get(base + "/roles/{role_name}", ctx -> {
      Callers.requireRead(ctx, Permission.ROLES);
      ctx.json(roleJson(role(ctx.pathParam("role_name"))));
    });
    javalin.patch(base + "/roles/{role_name}", this::patchRole);
    javalin.delete(base + "/roles/{role_name}", this::deleteRole);
    javalin.get(base + "/permissions", this::permissions);
  }

  private void list(Context ctx) {
    Callers.requireRead(ctx, Permission.USERS);
    Paging p = Paging.of(ctx, "username", Set.of("username", "id", "first_name", "last_name", "email", "created_on",
        "changed_on", "active"));
    Paging byName = p.orderBy().equals("id") ? new Paging(p.limit(), p.offset(), "username", p.descending()) : p;
    List<Map<String, Object>> all = app.users().list().stream().map(UsersResource::userJson).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("users", byName.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void create(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    String username = body.path("username").asText(null);
    if (username == null || username.isBlank() || !body.path("password").isTextual()) {
      throw ApiException.badRequest("a user needs a 'username' and a 'password'");
    }
    Callers.of(ctx).require(Permission.create(Permission.USERS)); // a Viewer learns nothing, not even a 409
    if (app.users().find(username).isPresent()) {
      throw ApiException.conflict("Unknown user: '" + username + "' already exists; change it with PATCH /users/"
          + username);
    }
    Users.Profile profile = new Users.Profile(text(body, "first_name"), text(body, "last_name"), text(body, "email"),
        roleName(body), body.has("active") ? body.get("active").asBoolean() : null, body.get("password").asText());
    ctx.json(userJson(app.users().create(Callers.of(ctx), username, profile)));
  }

  private void patch(Context ctx) {
    String username = ctx.pathParam("username");
    user(username);
    JsonNode body = ApiJson.body(ctx);
    Set<String> mask = mask(ctx, Set.of("first_name", "last_name", "email", "roles", "active", "password", "username"));
    if (body.hasNonNull("username") && !body.get("username").asText().equals(username)
        && (mask == null || mask.contains("username"))) {
      throw ApiException.badRequest("Aloft cannot rename a user: create a new one and delete '" + username + "'");
    }
    Users.Profile profile = new Users.Profile(
        masked(mask, "first_name") ? text(body, "first_name") : null,
        masked(mask, "last_name") ? text(body, "last_name") : null,
        masked(mask, "email") ? text(body, "email") : null,
        masked(mask, "roles") ? roleName(body) : null,
        masked(mask, "active") && body.has("active") ? body.get("active").asBoolean() : null,
        masked(mask, "password") ? text(body, "password") : null);
    try {
      ctx.json(userJson(app.users().update(Callers.of(ctx), username, profile)));
    } catch (NoSuchElementException e) {
      throw userNotFound(username);
    }
  }

  private void delete(Context ctx) {
    String username = ctx.pathParam("username");
    if (!app.users().delete(Callers.of(ctx), username)) {
      throw userNotFound(username);
    }
    ctx.status(204);
  }

  private void roles(Context ctx) {
    Callers.requireRead(ctx, Permission.ROLES);
    Paging p = Paging.of(ctx, "name", Set.of("name", "id"));
    Paging byName = p.orderBy().equals("id") ? new Paging(p.limit(), p.offset(), "name", p.descending()) : p;
    List<Map<String, Object>> all = app.roles().list().stream().map(UsersResource::roleJson).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("roles", byName.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void createRole(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    String name = body.path("name").asText(null);
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("a role needs a 'name' (and 'actions': [{\"action\": {\"name\": \"can_read\"},"
          + " \"resource\": {\"name\": \"DAGs\"}}])");
    }
    Callers.of(ctx).require(Permission.create(Permission.ROLES));
    if (app.roles().find(name).isPresent()) {
      throw ApiException.conflict("Role with name '" + name + "' already exists; please update with patch endpoint");
    }
    ctx.json(roleJson(app.roles().create(Callers.of(ctx), name, actions(body))));
  }

  private void patchRole(Context ctx) {
    String name = ctx.pathParam("role_name");
    role(name);
    JsonNode body = ApiJson.body(ctx);
    Set<String> mask = mask(ctx, Set.of("name", "actions"));
    String newName = masked(mask, "name") ? text(body, "name") : null;
    Set<Permission> actions = masked(mask, "actions") && body.has("actions") ? actions(body) : null;
    ctx.json(roleJson(app.roles().update(Callers.of(ctx), name, newName, actions)));
  }

  private void deleteRole(Context ctx) {
    String name = ctx.pathParam("role_name");
    if (!app.roles().delete(Callers.of(ctx), name)) {
      throw roleNotFound(name);
    }
    ctx.status(204);
  }

  private void permissions(Context ctx) {
    Callers.requireRead(ctx, Permission.PERMISSIONS);
    Paging p = Paging.of(ctx, "name", Set.of("name", "id"));
    List<Map<String, Object>> all = new ArrayList<>();
    Permission.ACTIONS.forEach(a -> all.add(Map.of("name", a)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("actions", new Paging(p.limit(), p.offset(), "name", p.descending()).page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private Users.User user(String username) {
    return app.users().find(username).orElseThrow(() -> userNotFound(username));
  }

  private Role role(String name) {
    return app.roles().find(name).orElseThrow(() -> roleNotFound(name));
  }

  private static ApiException userNotFound(String username) {
    return ApiException.notFound("User not found", "The User with the specified username '" + username
        + "' was not found (see GET /users)");
  }

  private static ApiException roleNotFound(String name) {
    return ApiException.notFound("Role not found", "Role with name '" + name + "' was not found (see GET /roles)");
  }

  /** The one role named in {@code roles: [{"name": ...}]}; null when absent. */
  private static String roleName(JsonNode body) {
    JsonNode roles = body.get("roles");
    if (roles == null || roles.isNull()) {
      return null;
    }
    if (!roles.isArray() || roles.size() != 1 || !roles.get(0).path("name").isTextual()) {
      throw ApiException.badRequest("'roles' must list exactly one role, e.g. [{\"name\": \"Viewer\"}]: an Aloft"
          + " user has one role");
    }
    return roles.get(0).get("name").asText();
  }

  private static Set<Permission> actions(JsonNode body) {
    JsonNode actions = body.get("actions");
    Set<Permission> out = new LinkedHashSet<>();
    if (actions == null || actions.isNull()) {
      return out;
    }
    if (!actions.isArray()) {
      throw ApiException.badRequest("'actions' must be a list of {\"action\": {\"name\": ...}, \"resource\":"
          + " {\"name\": ...}}");
    }
    for (JsonNode a : actions) {
      String action = a.path("action").path("name").asText(null);
      String resource = a.path("resource").path("name").asText(null);
      if (action == null || resource == null) {
        throw ApiException.badRequest("each of 'actions' needs action.name and resource.name, got " + a);
      }
      out.add(new Permission(action, resource));
    }
    return out;
  }

  private static Set<String> mask(Context ctx, Set<String> allowed) {
    String m = ctx.queryParam("update_mask");
    if (m == null || m.isBlank()) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (String f : m.split(",")) {
      String field = f.trim();
      if (!allowed.contains(field)) {
        throw ApiException.badRequest("'" + field + "' in update_mask is unknown or cannot be updated; use "
            + allowed.stream().sorted().toList());
      }
      fields.add(field);
    }
    return fields;
  }

  private static boolean masked(Set<String> mask, String field) {
    return mask == null || mask.contains(field);
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static Map<String, Object> userJson(Users.User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("first_name", u.firstName());
    m.put("last_name", u.lastName());
    m.put("username", u.username());
    m.put("email", u.email());
    m.put("active", u.active());
    m.put("last_login", ApiJson.date(u.lastLogin()));
    m.put("login_count", u.loginCount());
    m.put("failed_login_count", u.failedLoginCount());
    m.put("roles", List.of(Map.of("name", u.role())));
    m.put("created_on", ApiJson.date(u.createdAt()));
    m.put("changed_on", ApiJson.date(u.changedAt()));
    return m;
  }

  static Map<String, Object> roleJson(Role r) {
    List<Map<String, Object>> actions = new ArrayList<>();
    r.permissions().stream()
        .sorted(java.util.Comparator.comparing(Permission::resource).thenComparing(Permission::action))
        .forEach(p -> actions.add(Map.of("action", Map.of("name", p.action()), "resource", Map.of("name", p.resource()))));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("actions", actions);
    return m;
  }
}
