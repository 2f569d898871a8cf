package io.aloft.runtime.app;

import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.VariableStore.Variable;
import java.util.List;
import java.util.Optional;

/** Variables (Airflow's key-value settings that tasks read): list, read, set, delete. Thread-safe. */
public final class Variables {

  private final Stores stores;

  Variables(Stores stores) {
    this.stores = stores;
  }

  public List<Variable> list() {
    return stores.variables().list();
  }

  public Optional<Variable> get(String key) {
    return stores.variables().get(key);
  }

  /** Creates or replaces a variable; a null description keeps none. */
  public Variable set(String key, String value, String description) {
    stores.variables().set(key, value, description);
    return get(key).orElseThrow();
  }

  /** Deletes a variable; false when there was none. */
  public boolean delete(String key) {
    return stores.variables().delete(key);
  }
}
