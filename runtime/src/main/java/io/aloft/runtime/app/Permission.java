package io.aloft.runtime.app;

import java.util.List;
import java.util.Set;

/**
 * One right: an action on a resource, named as Airflow names them ({@code can_edit} on {@code DAG Runs}), so that
 * {@code /roles} and {@code /permissions} answer what Airflow clients expect. Immutable.
 *
 * @param action one of {@link #ACTIONS}
 * @param resource one of {@link #RESOURCES}
 */
public record Permission(String action, String resource) {

  public static final String READ = "can_read";
  public static final String EDIT = "can_edit";
  public static final String CREATE = "can_create";
  public static final String DELETE = "can_delete";

  /** The actions a permission may name. */
  public static final List<String> ACTIONS = List.of(READ, EDIT, CREATE, DELETE);

  public static final String DAGS = "DAGs";
  public static final String DAG_RUNS = "DAG Runs";
  public static final String TASK_INSTANCES = "Task Instances";
  public static final String TASK_LOGS = "Task Logs";
  public static final String XCOMS = "XComs";
  public static final String DAG_CODE = "DAG Code";
  public static final String DAG_WARNINGS = "DAG Warnings";
  public static final String IMPORT_ERRORS = "ImportError";
  public static final String AUDIT_LOGS = "Audit Logs";
  public static final String DATASETS = "Datasets";
  public static final String PLUGINS = "Plugins";
  public static final String POOLS = "Pools";
  public static final String VARIABLES = "Variables";
  public static final String CONNECTIONS = "Connections";
  public static final String CONFIG = "Configurations";
  public static final String PROVIDERS = "Providers";
  public static final String USERS = "Users";
  public static final String ROLES = "Roles";
  public static final String PERMISSIONS = "Permissions";

  /** The resources a permission may name. */
  public static final List<String> RESOURCES = List.of(DAGS, DAG_RUNS, TASK_INSTANCES, TASK_LOGS, XCOMS, DAG_CODE,
      DAG_WARNINGS, IMPORT_ERRORS, AUDIT_LOGS, DATASETS, PLUGINS, POOLS, VARIABLES, CONNECTIONS, CONFIG, PROVIDERS,
      USERS, ROLES, PERMISSIONS);

  public Permission {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("unknown action '" + action + "': use one of " + ACTIONS);
    }
    if (!RESOURCES.contains(resource)) {
      throw new IllegalArgumentException("unknown resource '" + resource + "': use one of " + RESOURCES);
    }
  }

  public static Permission read(String resource) {
    return new Permission(READ, resource);
  }

  public static Permission edit(String resource) {
    return new Permission(EDIT, resource);
  }

  public static Permission create(String resource) {
    return new Permission(CREATE, resource);
  }

  public static Permission delete(String resource) {
    return new Permission(DELETE, resource);
  }

  /** Every action on each of {@code resources}. */
  static Set<Permission> all(String... resources) {
    java.util.Set<Permission> out = new java.util.LinkedHashSet<>();
    for (String r : resources) {
      for (String a : ACTIONS) {
        out.add(new Permission(a, r));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return action + " on " + resource;
  }
}
