package io.aloft.runtime.app;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A named set of {@link Permission}s. Aloft has Airflow's four fixed roles, built in and read-only:
 *
 * <ul>
 *   <li>{@link #VIEWER} reads everything a DAG author looks at (DAGs, runs, task instances, logs, XComs, code,
 *       datasets, pools, plugins, the audit log) and changes nothing;
 *   <li>{@link #USER} also triggers, clears, marks, notes, pauses and deletes DAGs and runs, and announces dataset
 *       events;
 *   <li>{@link #OP} also manages variables, pools and connections and reads the configuration and providers;
 *   <li>{@link #ADMIN} has every permission, users and roles included.
 * </ul>
 *
 * Further roles can be made with {@code POST /api/v1/roles} (stored, see {@link Users}). Unlike Airflow, a Viewer
 * may read pools (the UI shows pool use on every DAG page). Immutable.
 *
 * @param builtIn whether this is one of the fixed roles (which cannot be changed or deleted)
 */
public record Role(String name, Set<Permission> permissions, boolean builtIn) {

  public static final Role VIEWER = new Role("Viewer", viewer(), true);
  public static final Role USER = new Role("User", user(), true);
  public static final Role OP = new Role("Op", op(), true);
  public static final Role ADMIN = new Role("Admin", admin(), true);

  /** The fixed roles, most rights first. */
  public static final List<Role> BUILT_IN = List.of(ADMIN, OP, USER, VIEWER);

  public Role {
    if (name == null || !name.matches("[A-Za-z0-9_. -]{1,64}")) {
      throw new IllegalArgumentException("a role name needs 1 to 64 letters, digits, spaces or . _ -, got '" + name + "'");
    }
    permissions = Set.copyOf(permissions);
  }

  public boolean allows(Permission p) {
    return permissions.contains(p);
  }

  /** The fixed role of this name (case-insensitive, as Airflow's CLI accepts {@code admin}). */
  public static Optional<Role> builtIn(String name) {
    return BUILT_IN.stream().filter(r -> r.name.equalsIgnoreCase(name)).findFirst();
  }

  private static Set<Permission> viewer() {
    Set<Permission> p = new LinkedHashSet<>();
    for (String r : List.of(Permission.DAGS, Permission.DAG_RUNS, Permission.TASK_INSTANCES, Permission.TASK_LOGS,
        Permission.XCOMS, Permission.DAG_CODE, Permission.DAG_WARNINGS, Permission.IMPORT_ERRORS,
        Permission.AUDIT_LOGS, Permission.DATASETS, Permission.PLUGINS, Permission.POOLS)) {
      p.add(Permission.read(r));
    }
    return p;
  }

  private static Set<Permission> user() {
    Set<Permission> p = viewer();
    p.add(Permission.edit(Permission.DAGS));
    p.add(Permission.delete(Permission.DAGS));
    p.addAll(Permission.all(Permission.DAG_RUNS, Permission.TASK_INSTANCES));
    p.add(Permission.create(Permission.DATASETS));
    return p;
  }

  private static Set<Permission> op() {
    Set<Permission> p = user();
    p.addAll(Permission.all(Permission.POOLS, Permission.VARIABLES, Permission.CONNECTIONS));
    p.add(Permission.read(Permission.CONFIG));
    p.add(Permission.read(Permission.PROVIDERS));
    p.add(Permission.delete(Permission.XCOMS));
    return p;
  }

  private static Set<Permission> admin() {
    Set<Permission> p = new LinkedHashSet<>();
    for (String r : Permission.RESOURCES) {
      p.addAll(Permission.all(r));
    }
    return p;
  }
}
