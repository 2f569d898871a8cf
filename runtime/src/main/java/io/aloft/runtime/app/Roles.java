package io.aloft.runtime.app;

import io.aloft.runtime.store.Json;
import io.aloft.runtime.store.UserStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The roles users can have: the four fixed ones of {@link Role} (read-only) and roles made through the API, stored
 * with their permissions. Reading needs {@code can_read on Roles}, changing the matching right (Admin only among
 * the fixed roles). Thread-safe; reads the store on every call, so a role changed by another process counts at once.
 */
public final class Roles {

  private final UserStore store;

  Roles(UserStore store) {
    this.store = store;
  }

  /** The fixed roles, then the stored ones by name. */
  public List<Role> list() {
    List<Role> all = new ArrayList<>(Role.BUILT_IN);
    store.roles().forEach(r -> all.add(stored(r)));
    return all;
  }

  /** The role of this name: a fixed one (any case), else a stored one (exact). */
  public Optional<Role> find(String name) {
    Optional<Role> fixed = Role.builtIn(name);
    if (fixed.isPresent()) {
      return fixed;
    }
    return store.roles().stream().filter(r -> r.name().equals(name)).findFirst().map(Roles::stored);
  }

  /** @throws IllegalArgumentException naming the roles there are, when none has this name */
  public Role require(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "no role '" + name + "': use one of " + list().stream().map(Role::name).toList()));
  }

  /**
   * Makes a role.
   *
   * @throws IllegalArgumentException when the name is taken (the fixed names in any case) or a permission is unknown
   */
  public Role create(Actor actor, String name, Collection<Permission> permissions) {
    actor.require(Permission.create(Permission.ROLES));
    if (find(name).isPresent() || Role.builtIn(name).isPresent()) {
      throw new IllegalArgumentException("role '" + name + "' already exists: change it with PATCH /roles/" + name);
    }
    Role role = new Role(name, new LinkedHashSet<>(permissions), false);
    store.putRole(name, json(role.permissions()), null);
    return role;
  }

  /**
   * Renames a stored role and/or replaces its permissions (null keeps them); its users keep it under the new name.
   *
   * @throws IllegalArgumentException for a fixed role (they are read-only) or a taken new name
   * @throws NoSuchElementException when no role has this name
   */
  public Role update(Actor actor, String name, String newName, Collection<Permission> permissions) {
    actor.require(Permission.edit(Permission.ROLES));
    Role old = find(name).orElseThrow(() -> new NoSuchElementException("no role '" + name + "'"));
    readOnlyCheck(old);
    String target = newName == null || newName.isBlank() ? name : newName;
    if (!target.equals(name) && (find(target).isPresent() || Role.builtIn(target).isPresent())) {
      throw new IllegalArgumentException("role '" + target + "' already exists: choose another name");
    }
    Role role = new Role(target, permissions == null ? old.permissions() : new LinkedHashSet<>(permissions), false);
    store.putRole(name, json(role.permissions()), target);
    return role;
  }

  /**
   * Deletes a stored role.
   *
   * @return false when none has this name
   * @throws IllegalArgumentException for a fixed role, or while a user still has it
   */
  public boolean delete(Actor actor, String name) {
    actor.require(Permission.delete(Permission.ROLES));
    Optional<Role> role = find(name);
    if (role.isEmpty()) {
      return false;
    }
    readOnlyCheck(role.get());
    int users = store.usersWithRole(name);
    if (users > 0) {
      throw new IllegalArgumentException("role '" + name + "' is still the role of " + users
          + " user(s): give them another role first (PATCH /users/{username} with \"roles\")");
    }
    return store.deleteRole(name);
  }

  private static void readOnlyCheck(Role role) {
    if (role.builtIn()) {
      throw new IllegalArgumentException("role '" + role.name() + "' is one of Aloft's fixed roles (Admin, Op, User,"
          + " Viewer), which cannot be changed or deleted: create a new role with POST /roles instead");
    }
  }

  private static String json(Set<Permission> permissions) {
    return Json.write(permissions.stream().map(p -> Map.of("action", p.action(), "resource", p.resource())).toList());
  }

  private static Role stored(UserStore.RoleRow row) {
    Set<Permission> permissions = new LinkedHashSet<>();
    if (Json.read(row.permissionsJson()) instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          permissions.add(new Permission(String.valueOf(m.get("action")), String.valueOf(m.get("resource"))));
        }
      }
    }
    return new Role(row.name(), permissions, false);
  }
}
