package io.aloft.runtime.store;

import io.aloft.sdk.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Connections: the {@code connection} table (Airflow's {@code fs_default} exists from the first migration), with
 * passwords and extras encrypted by a {@link SecretCipher}, and those given by {@code AIRFLOW_CONN_<ID>} /
 * {@code ALOFT_CONN_<ID>} environment variables, which win over the table as in Airflow (the environment is
 * checked first). Thread-safe.
 */
public final class ConnectionStore {

  /** A connection with what only the store knows: its description and whether it comes from the environment. */
  public record Entry(Connection connection, String description, boolean fromEnvironment) {}

  private final Jdbi jdbi;
  private final SecretCipher cipher;
  private final Map<String, Connection> environment;

  /**
   * @param environment the raw values of {@code AIRFLOW_CONN_*} / {@code ALOFT_CONN_*} by lower-case id (URI or
   *     JSON); parsed now, so that a malformed one stops the start naming its variable
   */
  public ConnectionStore(Jdbi jdbi, SecretCipher cipher, Map<String, String> environment) {
    this.jdbi = jdbi;
    this.cipher = cipher;
    Map<String, Connection> parsed = new java.util.HashMap<>();
    environment.forEach((id, text) -> {
      try {
        parsed.put(id, ConnectionUri.parseAny(id, text));
      } catch (RuntimeException e) {
        String name = id.toUpperCase(java.util.Locale.ROOT);
        throw new IllegalArgumentException("AIRFLOW_CONN_" + name + " / ALOFT_CONN_" + name + ": " + e.getMessage(), e);
      }
    });
    this.environment = Map.copyOf(parsed);
  }

  /** The connection with that id, from the environment first, then the table; passwords decrypted. */
  public Optional<Connection> get(String connId) {
    return entry(connId).map(Entry::connection);
  }

  public Optional<Entry> entry(String connId) {
    Connection env = environment.get(connId.toLowerCase(java.util.Locale.ROOT));
    if (env != null) {
      return Optional.of(new Entry(env, null, true));
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM connection WHERE conn_id = :c")
        .bind("c", connId)
        .map((rs, ctx) -> row(rs))
        .findOne());
  }

  /** Every connection by id: the table's, then the environment's (which replace a table row of the same id). */
  public List<Entry> list() {
    TreeMap<String, Entry> byId = new TreeMap<>();
    jdbi.withHandle(h -> h.createQuery("SELECT * FROM connection ORDER BY conn_id").map((rs, ctx) -> row(rs)).list())
        .forEach(e -> byId.put(e.connection().connId(), e));
    environment.forEach((id, c) -> byId.put(id, new Entry(c, null, true)));
    return new ArrayList<>(byId.values());
  }

  /** Creates the connection; false when one with that id is stored already. */
  public boolean insert(Connection c, String description) {
    return jdbi.withHandle(h -> h.createUpdate("""
            INSERT INTO connection (conn_id, conn_type, description, host, schema, login, password, port, extra,
                                    is_encrypted, is_extra_encrypted)
            VALUES (:id, :type, :description, :host, :schema, :login, :password, :port, :extra, true, true)
            ON CONFLICT (conn_id) DO NOTHING""")
        .bindMap(bindings(c, description, cipher))
        .execute()) == 1;
  }

  /** Replaces a stored connection; false when there is none with that id. */
  public boolean update(Connection c, String description) {
    return jdbi.withHandle(h -> h.createUpdate("""
            UPDATE connection SET conn_type = :type, description = :description, host = :host, schema = :schema,
                   login = :login, password = :password, port = :port, extra = :extra, is_encrypted = true,
                   is_extra_encrypted = true
            WHERE conn_id = :id""")
        .bindMap(bindings(c, description, cipher))
        .execute()) == 1;
  }

  public boolean delete(String connId) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM connection WHERE conn_id = :c").bind("c", connId).execute()) == 1;
  }

  /**
   * Re-encrypts every stored row with {@code next} (rows written in plain text before encryption are encrypted now)
   * in one transaction; answers how many rows. This store's own cipher stays the old one: reopen the store after.
   */
  public int reencrypt(SecretCipher next) {
    return jdbi.inTransaction(h -> {
      List<Entry> rows = h.createQuery("SELECT * FROM connection FOR UPDATE").map((rs, ctx) -> row(rs)).list();
      for (Entry e : rows) {
        write(h, e, next);
      }
      return rows.size();
    });
  }

  private static void write(Handle h, Entry e, SecretCipher with) {
    h.createUpdate("""
            UPDATE connection SET password = :password, extra = :extra, is_encrypted = true, is_extra_encrypted = true
            WHERE conn_id = :id""")
        .bindMap(bindings(e.connection(), e.description(), with))
        .execute();
  }

  private static Map<String, Object> bindings(Connection c, String description, SecretCipher with) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("id", c.connId());
    m.put("type", c.connType());
    m.put("description", description);
    m.put("host", c.host());
    m.put("schema", c.schema());
    m.put("login", c.login());
    m.put("password", with.encrypt(c.password()));
    m.put("port", c.port());
    m.put("extra", c.extra() == null || c.extra().isEmpty() ? null : with.encrypt(Json.write(c.extra())));
    return m;
  }

  private Entry row(java.sql.ResultSet rs) throws java.sql.SQLException {
    int port = rs.getInt("port");
    Integer p = rs.wasNull() ? null : port;
    String password = rs.getString("password");
    if (password != null && rs.getBoolean("is_encrypted")) {
      password = cipher.decrypt(password);
    }
    String extra = rs.getString("extra");
    if (extra != null && rs.getBoolean("is_extra_encrypted")) {
      extra = cipher.decrypt(extra);
    }
    Connection c = new Connection(rs.getString("conn_id"), rs.getString("conn_type"), rs.getString("host"),
        rs.getString("schema"), rs.getString("login"), password, p, extra == null ? Map.of() : Json.readMap(extra));
    return new Entry(c, rs.getString("description"), false);
  }
}
