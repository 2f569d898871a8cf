package io.aloft.runtime.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Import errors, one per DAG file at most. */
public final class ImportErrorStore {

  private final Jdbi jdbi;

  public ImportErrorStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    jdbi.registerRowMapper(ConstructorMapper.factory(ImportErrorRow.class));
  }

  public void put(String filename, Integer lineno, String message, String stacktrace, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO import_error (filename, lineno, message, stacktrace, timestamp)"
                        + " VALUES (:f, :l, :m, :s, :t) ON CONFLICT (filename) DO UPDATE SET lineno = :l,"
                        + " message = :m, stacktrace = :s, timestamp = :t")
                .bind("f", filename)
                .bind("l", lineno)
                .bind("m", message)
                .bind("s", stacktrace)
                .bind("t", now)
                .execute());
  }

  public void clear(String filename) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM import_error WHERE filename = :f").bind("f", filename).execute());
  }

  public List<ImportErrorRow> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM import_error ORDER BY filename").mapTo(ImportErrorRow.class).list());
  }

  public Optional<ImportErrorRow> get(long id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM import_error WHERE id = :i").bind("i", id).mapTo(ImportErrorRow.class).findOne());
  }
}
