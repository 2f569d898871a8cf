package io.aloft.runtime.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Airflow Variables: string values by key. */
public final class VariableStore {

  private final Jdbi jdbi;

  /** Airflow's variable key length. */
  public static final int MAX_KEY_LENGTH = 250;

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
    // Airflow's key column is 250 long; a longer key could not be read back or deleted through a URL
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "a variable key may have at most " + MAX_KEY_LENGTH + " characters, got " + key.length());
    }
    if (key.indexOf('\0') >= 0 || (value != null && value.indexOf('\0') >= 0)
        || (description != null && description.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException(
          "a variable's key, value and description must not contain NUL (\\u0000) characters");
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
