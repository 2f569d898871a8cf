package io.aloft.runtime.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Airflow Variables: string values by key. Every value is stored encrypted with the connections' {@link
 * SecretCipher} (Airflow encrypts all variable values with its Fernet key, not only those under sensitive names:
 * a value may be a secret whatever its key says), marked by the {@code is_encrypted} column; rows written in clear
 * before encryption are read as they are until {@link #sealClear} seals them. Thread-safe.
 */
public final class VariableStore {

  private final Jdbi jdbi;
  private final SecretCipher cipher;

  /** Airflow's variable key length. */
  public static final int MAX_KEY_LENGTH = 250;

  /** A variable, its value decrypted. */
  public record Variable(String key, String val, String description) {}

  public VariableStore(Jdbi jdbi, SecretCipher cipher) {
    this.jdbi = jdbi;
    this.cipher = cipher;
  }

  public List<Variable> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM variable ORDER BY key").map((rs, ctx) -> row(rs)).list());
  }

  public Optional<Variable> get(String key) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM variable WHERE key = :k").bind("k", key).map((rs, ctx) -> row(rs)).findOne());
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
                    "INSERT INTO variable (key, val, description, is_encrypted) VALUES (:k, :v, :d, true)"
                        + " ON CONFLICT (key) DO UPDATE"
                        + " SET val = :v, is_encrypted = true, description = COALESCE(:d, variable.description)")
                .bind("k", key)
                .bind("v", cipher.encrypt(value))
                .bind("d", description)
                .execute());
  }

  public boolean delete(String key) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM variable WHERE key = :k").bind("k", key).execute()) > 0;
  }

  /**
   * Encrypts the values still stored in clear (written before values were encrypted, or by hand in SQL); answers
   * how many. Called when the daemon starts; cheap when there are none.
   */
  public int sealClear() {
    return jdbi.inTransaction(h -> {
      List<Variable> clear = h.createQuery("SELECT * FROM variable WHERE NOT is_encrypted FOR UPDATE")
          .map((rs, ctx) -> row(rs)).list();
      clear.forEach(v -> write(h, v, cipher));
      return clear.size();
    });
  }

  /**
   * Re-encrypts every value with {@code next} (clear ones included) in one transaction, for {@code aloft
   * connections rotate-key}; answers how many. This store's own cipher follows the rotated key file by itself.
   */
  public int reencrypt(SecretCipher next) {
    return jdbi.inTransaction(h -> {
      List<Variable> all = h.createQuery("SELECT * FROM variable FOR UPDATE").map((rs, ctx) -> row(rs)).list();
      all.forEach(v -> write(h, v, next));
      return all.size();
    });
  }

  private static void write(Handle h, Variable v, SecretCipher with) {
    h.createUpdate("UPDATE variable SET val = :v, is_encrypted = true WHERE key = :k")
        .bind("k", v.key())
        .bind("v", with.encrypt(v.val()))
        .execute();
  }

  private Variable row(java.sql.ResultSet rs) throws java.sql.SQLException {
    String val = rs.getString("val");
    if (val != null && rs.getBoolean("is_encrypted")) {
      val = cipher.decrypt(val);
    }
    return new Variable(rs.getString("key"), val, rs.getString("description"));
  }
}
