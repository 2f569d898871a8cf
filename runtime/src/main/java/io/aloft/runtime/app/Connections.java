package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.execution.SensitiveNames;
import io.aloft.runtime.store.ConnectionStore.Entry;
import io.aloft.runtime.store.ConnectionUri;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.Stores;
import io.aloft.sdk.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Airflow connections: list, read, add, update, delete, test, and the re-encryption of their secrets with a new key.
 * Connections given by {@code AIRFLOW_CONN_*} / {@code ALOFT_CONN_*} variables are listed and read but cannot be
 * changed here. The audit log records ids, never secrets. Thread-safe.
 */
public final class Connections {

  /** What {@link #test} found: Airflow's {@code {"status": ..., "message": ...}}. */
  public record TestResult(boolean status, String message) {}

  /** A connection's id is taken (by the table or an environment variable). */
  public static final class AlreadyExists extends RuntimeException {
    AlreadyExists(String message) {
      super(message);
    }
  }

  /** A connection that is not stored (or only given by the environment) cannot be changed. */
  public static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  private static final int TEST_TIMEOUT_MS = 5_000;

  private final Stores stores;
  private final EventLogs events;
  private final AloftConfig config;
  private final SensitiveNames sensitiveNames;

  Connections(Stores stores, EventLogs events, AloftConfig config) {
    this.stores = stores;
    this.events = events;
    this.config = config;
    this.sensitiveNames = SensitiveNames.of(config.settings());
  }

  /**
   * A connection as users are shown it (API, CLI, pages): no password, and the values of {@code extra} keys with
   * sensitive names ({@code api_key}, {@code token}, ...) replaced by {@code ***}, at any depth.
   */
  public Connection shown(Connection c) {
    return new Connection(c.connId(), c.connType(), c.host(), c.schema(), c.login(), null, c.port(), masked(c.extra()));
  }

  private Map<String, Object> masked(Map<String, Object> extra) {
    if (extra == null) {
      return Map.of();
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    extra.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? masked(stringKeys(m))
        : v != null && sensitiveNames.sensitive(k) ? "***" : v));
    return out;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  public List<Entry> list() {
    return stores.connections().list();
  }

  public Optional<Entry> get(String connId) {
    return stores.connections().entry(connId);
  }

  /** Stores a new connection (secrets encrypted); {@link AlreadyExists} when the id is taken. */
  public Entry add(Actor actor, Connection c, String description) {
    actor.require(Permission.create(Permission.CONNECTIONS));
    checkId(c.connId());
    if (config.envConnections().containsKey(c.connId().toLowerCase(java.util.Locale.ROOT))
        || !stores.connections().insert(c, description)) {
      throw new AlreadyExists("connection '" + c.connId() + "' already exists: delete it first, or update it");
    }
    events.record(actor, "connection_add", EventLogs.Subject.NONE, Map.of("conn_id", c.connId()));
    return get(c.connId()).orElseThrow();
  }

  /** Replaces a stored connection; {@link NotFound} when none is stored under that id. */
  public Entry update(Actor actor, Connection c, String description) {
    actor.require(Permission.edit(Permission.CONNECTIONS));
    if (!stores.connections().update(c, description)) {
      throw notStored(c.connId());
    }
    events.record(actor, "connection_update", EventLogs.Subject.NONE, Map.of("conn_id", c.connId()));
    return get(c.connId()).orElseThrow();
  }

  /** Deletes a stored connection (recorded in the audit log); false when none is stored under that id. */
  public boolean delete(Actor actor, String connId) {
    actor.require(Permission.delete(Permission.CONNECTIONS));
    boolean deleted = stores.connections().delete(connId);
    if (deleted) {
      events.record(actor, "connection_delete", EventLogs.Subject.NONE, Map.of("conn_id", connId));
    }
    return deleted;
  }

  /**
   * Checks that a connection can be reached without any provider: a host and port answer a TCP connect within 5 s;
   * an {@code fs} connection's {@code extra.path} exists. Other connections are reported as untestable.
   */
  public TestResult test(Actor actor, Connection c) {
    actor.require(Permission.create(Permission.CONNECTIONS)); // Airflow's rule: testing may reach any host
    if ("fs".equals(c.connType())) {
      Object path = c.extra() == null ? null : c.extra().get("path");
      Path p = Path.of(path == null ? "/" : String.valueOf(path));
      return Files.exists(p) ? new TestResult(true, "Connection successfully tested: " + p + " exists")
          : new TestResult(false, "the path " + p + " does not exist");
    }
    if (c.host() == null || c.port() == null) {
      return new TestResult(false, "Aloft tests a connection by reaching its host and port; connection '"
          + c.connId() + "' (type " + c.connType() + ") has " + (c.host() == null ? "no host" : "no port"));
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(c.host(), c.port()), TEST_TIMEOUT_MS);
      return new TestResult(true, "Connection successfully tested: " + c.host() + ":" + c.port() + " accepts connections");
    } catch (IOException e) {
      return new TestResult(false, "cannot reach " + c.host() + ":" + c.port() + ": " + e.getMessage());
    }
  }

  /**
   * Re-encrypts every stored connection, every variable value and the sealed secret arguments of stored DAG versions, with a new random
   * key and writes it to {@code <home>/env/fernet.key}; answers how many connections. Refused while {@code ALOFT_FERNET_KEY} is set, since Aloft cannot change it.
   * Processes on the same data directory follow the new key file; those elsewhere over the same database must be
   * given the new key.
   */
  public int rotateKey(Actor actor) {
    actor.require(Permission.edit(Permission.CONNECTIONS));
    if (config.setting("fernet_key").filter(s -> !s.isBlank()).isPresent()) {
      throw new IllegalStateException("ALOFT_FERNET_KEY is set, and Aloft cannot change it: unset it to let Aloft"
          + " keep the key in " + SecretCipher.keyFile(config.home()) + " (rotate-key then writes the new one there)");
    }
    SecretCipher next = SecretCipher.generate();
    Path file = SecretCipher.keyFile(config.home());
    Path staged = file.resolveSibling(SecretCipher.KEY_FILE + ".next");
    try {
      next.writeTo(staged); // kept if re-encryption succeeds but the move fails, so the rows stay readable
      int n = stores.connections().reencrypt(next);
      int specs = stores.dags().reseal(next); // secret task arguments of stored DAG specs share the key
      int variables = stores.variables().reencrypt(next); // and so do variable values
      Files.move(staged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      events.record(actor, "connection_rotate_key", EventLogs.Subject.NONE, Map.of("connections", n, "dag_versions", specs, "variables", variables));
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the new key " + staged + " or move it to " + file + ": "
          + e.getMessage() + " (if the connections were re-encrypted, " + staged + " holds their key)", e);
    }
  }

  /** Where the generated key of this data directory is kept. */
  public Path keyFile() {
    return SecretCipher.keyFile(config.home());
  }

  /** A connection parsed from Airflow's URI or JSON form. */
  public static Connection parse(String connId, String uriOrJson) {
    return ConnectionUri.parseAny(connId, uriOrJson);
  }

  /** An {@code extra} given as JSON text (or a map), as Airflow's flags and API take it. */
  public static Map<String, Object> extra(Object jsonOrMap) {
    return ConnectionUri.extraOf(jsonOrMap);
  }

  /** Airflow's {@code get_uri()} of a connection. */
  public static String uri(Connection c) {
    return ConnectionUri.format(c);
  }

  private NotFound notStored(String connId) {
    String why = config.envConnections().containsKey(connId.toLowerCase(java.util.Locale.ROOT))
        ? "connection '" + connId + "' is given by an environment variable (AIRFLOW_CONN_ or ALOFT_CONN_"
            + connId.toUpperCase(java.util.Locale.ROOT) + "): change it there"
        : "connection '" + connId + "' does not exist: `aloft connections list` shows the ids";
    return new NotFound(why);
  }

  private static void checkId(String connId) {
    if (connId == null || connId.isBlank() || connId.length() > 250) {
      throw new IllegalArgumentException("a connection needs a conn_id of 1 to 250 characters");
    }
  }
}
