package io.aloft.runtime.dagfile;

import io.aloft.runtime.model.DagSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What evaluating one DAG file produced: its DAGs, or the import error that stopped it (then {@code dags} is
 * empty: a file that fails yields no DAG, and callers keep the last good version).
 *
 * @param fileHash SHA-256 of the file's bytes (hex), the key for "re-evaluate only when changed"
 * @param source the file's text as evaluated
 */
public record FileParseResult(
    Path file, String fileHash, String source, List<DagSpec> dags, Optional<ImportErrorInfo> error) {

  public FileParseResult {
    dags = List.copyOf(dags);
  }

  public boolean ok() {
    return error.isEmpty();
  }
}
