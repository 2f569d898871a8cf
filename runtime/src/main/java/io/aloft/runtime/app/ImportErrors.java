package io.aloft.runtime.app;

import io.aloft.runtime.store.ImportErrorRow;
import io.aloft.runtime.store.Stores;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** DAG files that failed to load, with the file, line and message. Thread-safe. */
public final class ImportErrors {

  private final Stores stores;

  ImportErrors(Stores stores) {
    this.stores = stores;
  }

  public List<ImportErrorRow> list() {
    return stores.importErrors().list();
  }

  public Optional<ImportErrorRow> get(long id) {
    return stores.importErrors().get(id);
  }

  /** The files that have an import error now. */
  public Set<String> files() {
    return list().stream().map(ImportErrorRow::filename).collect(Collectors.toSet());
  }
}
