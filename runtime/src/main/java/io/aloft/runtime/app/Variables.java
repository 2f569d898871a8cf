package io.aloft.runtime.app;

import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.VariableStore.Variable;
import java.util.List;
import java.util.Optional;

/** Variables (Airflow's key-value settings that tasks read): list, read, set, delete. Thread-safe. */
public final class Variables {

  private final Stores stores;
  private final EventLogs events;

  Variables(Stores stores, EventLogs events) {
    this.stores = stores;
    this.events = events;
  }

  public List<Variable> list() {
    return stores.variables().list();
  }

  public Optional<Variable> get(String key) {
    return stores.variables().get(key);
  }

  /**
   * Creates or replaces a variable; a null description keeps none. The audit log records the key, never the value
   * (it may be a secret).
   */
  public Variable set(Actor actor, String key, String value, String description) {
    stores.variables().set(key, value, description);
    events.record(actor, "variable_set", EventLogs.Subject.NONE, java.util.Map.of("key", key));
    return get(key).orElseThrow();
  }

  /** Deletes a variable (recorded in the audit log); false when there was none. */
  public boolean delete(Actor actor, String key) {
    boolean deleted = stores.variables().delete(key);
    if (deleted) {
      events.record(actor, "variable_delete", EventLogs.Subject.NONE, java.util.Map.of("key", key));
    }
    return deleted;
  }
}
