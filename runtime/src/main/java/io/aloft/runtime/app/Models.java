package io.aloft.runtime.app;

import io.aloft.runtime.store.ModelRegistryStore;
import io.aloft.runtime.store.ModelRegistryStore.ModelRow;
import java.util.List;
import java.util.Optional;

/**
 * GraphGrid's model metadata registry, as the nlp_model_training DAG writes it (for {@code /api/v1/models}, the Models
 * page and {@code aloft models list}). It moves into the GraphGrid plugin once plugins can bring their own tables.
 * Thread-safe.
 */
public final class Models {

  private final ModelRegistryStore registry;

  Models(ModelRegistryStore registry) {
    this.registry = registry;
  }

  /** Saved models, newest first; {@code model} null or blank: every model type. */
  public List<ModelRow> list(String model) {
    return registry.list(model == null || model.isBlank() ? null : model);
  }

  public Optional<ModelRow> get(String savedModelName) {
    return list(null).stream().filter(m -> m.savedModelName().equals(savedModelName)).findFirst();
  }
}
