package io.aloft.runtime.app;

import io.aloft.runtime.execution.SecretMasker;
import io.aloft.runtime.execution.SensitiveNames;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.VariableStore.Variable;
import java.util.List;
import java.util.Optional;

/** Variables (Airflow's key-value settings that tasks read): list, read, set, delete. Thread-safe. */
public final class Variables {

  private final Stores stores;
  private final EventLogs events;
  private final SensitiveNames sensitiveNames;

  Variables(Stores stores, EventLogs events, SensitiveNames sensitiveNames) {
    this.stores = stores;
    this.events = events;
    this.sensitiveNames = sensitiveNames;
  }

  /** Whether a variable's value is shown as {@code ***} (its key names a secret, as Airflow's masker decides). */
  public boolean isSensitive(String key) {
    return sensitiveNames.sensitive(key);
  }

  /**
   * A masker that knows the current values of every variable stored under a sensitive name, for views of task
   * results (XCom): a try's log is masked as it is written, but a return value is kept as produced so that
   * downstream tasks get the real value; only what users are shown of it is masked.
   */
  public java.util.function.UnaryOperator<Object> sensitiveValueMask() {
    SecretMasker m = new SecretMasker(sensitiveNames);
    list().forEach(v -> m.fetched(v.key(), v.val()));
    return m::maskDeep;
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
    actor.require(Permission.edit(Permission.VARIABLES));
    stores.variables().set(key, value, description);
    events.record(actor, "variable_set", EventLogs.Subject.NONE, java.util.Map.of("key", key));
    return get(key).orElseThrow();
  }

  /** Deletes a variable (recorded in the audit log); false when there was none. */
  public boolean delete(Actor actor, String key) {
    actor.require(Permission.delete(Permission.VARIABLES));
    boolean deleted = stores.variables().delete(key);
    if (deleted) {
      events.record(actor, "variable_delete", EventLogs.Subject.NONE, java.util.Map.of("key", key));
    }
    return deleted;
  }
}
