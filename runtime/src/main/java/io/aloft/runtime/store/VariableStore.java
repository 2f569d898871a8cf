package io.aloft.runtime.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Airflow Variables: string values by key. */
public final class VariableStore {

  private final Jdbi jdbi;

  /** A variable. */
  public record Variable(String key, String val, String description) {}

  public VariableStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    jdbi.registerRowMapper(ConstructorMapper.factory(Variable.class));
  }

  public List<Variable> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM variable ORDER BY key").mapTo(Variable.class).list());
  }

  public Optional<Variable> get(String key) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM variable WHERE key = :k").bind("k", key).mapTo(Variable.class).findOne());
  }

  public void set(String key, String value, String description) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("a variable needs a key");
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO variable (key, val, description) VALUES (:k, :v, :d) ON CONFLICT (key) DO UPDATE"
                        + " SET val = :v, description = COALESCE(:d, variable.description)")
                .bind("k", key)
                .bind("v", value)
                .bind("d", description)
                .execute());
  }

  public boolean delete(String key) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM variable WHERE key = :k").bind("k", key).execute()) > 0;
  }
}
