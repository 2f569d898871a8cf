package io.aloft.runtime.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Pools. {@code default_pool} always exists and cannot be deleted. */
public final class PoolStore {

  public static final String DEFAULT_POOL = "default_pool";

  /** Airflow's pool name length. */
  public static final int MAX_NAME_LENGTH = 256;

  private static final String SELECT =
      "SELECT p.name, p.slots, p.description, p.include_deferred,"
          + " COALESCE(SUM(ti.pool_slots) FILTER (WHERE ti.state = 'running'), 0) AS running,"
          + " COALESCE(SUM(ti.pool_slots) FILTER (WHERE ti.state = 'queued'), 0) AS queued,"
          + " COALESCE(SUM(ti.pool_slots) FILTER (WHERE ti.state = 'deferred'), 0) AS deferred"
          + " FROM pool p LEFT JOIN task_instance ti ON ti.pool = p.name AND ti.state IN ('running', 'queued', 'deferred')";

  private final Jdbi jdbi;

  public PoolStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<PoolRow> list() {
    return jdbi.withHandle(this::list);
  }

  public List<PoolRow> list(Handle h) {
    return h.createQuery(SELECT + " GROUP BY p.name ORDER BY p.name").map(PoolStore::map).list();
  }

  /** The pools as {@link #list(Handle)} reads them, and the running and queued instances of each DAG. */
  public record SlotUse(List<PoolRow> pools, java.util.Map<String, Integer> activePerDag) {}

  /**
   * The pools and each DAG's running and queued instances (its max_active_tasks) in one statement: the scheduler's
   * pass asks both before every admission, and two statements were two round trips a pass.
   */
  public SlotUse slotUse(Handle h) {
    List<PoolRow> pools = new java.util.ArrayList<>();
    java.util.Map<String, Integer> active = new java.util.HashMap<>();
    h.createQuery("SELECT * FROM (" + SELECT.replace("SELECT p.name,", "SELECT 'pool' AS kind, p.name,")
            + " GROUP BY p.name ORDER BY p.name) AS pools UNION ALL"
            + " SELECT 'dag', dag_id, CAST(count(*) AS int), NULL, NULL, 0, 0, 0 FROM task_instance"
            + " WHERE state IN ('running', 'queued') GROUP BY dag_id")
        .map((rs, ctx) -> {
          if (rs.getString("kind").equals("pool")) {
            pools.add(map(rs, ctx));
          } else {
            active.put(rs.getString("name"), rs.getInt("slots"));
          }
          return null;
        })
        .list();
    return new SlotUse(pools, active);
  }

  public Optional<PoolRow> get(String name) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " WHERE p.name = :n GROUP BY p.name").bind("n", name).map(PoolStore::map).findOne());
  }

  /** Creates the pool, or changes its slots (and description, when given); keeps its include_deferred. */
  public PoolRow set(String name, int slots, String description) {
    return set(name, slots, description, null);
  }

  /**
   * Creates the pool, or changes its slots (and description and {@code includeDeferred}, when not null: whether
   * deferred instances count against its slots).
   */
  public PoolRow set(String name, int slots, String description, Boolean includeDeferred) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a pool needs a name");
    }
    // Airflow's pool column is 256 long; a longer name could not be read back or deleted through a URL
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a pool name may have at most " + MAX_NAME_LENGTH + " characters, got " + name.length());
    }
    if (name.indexOf('\0') >= 0 || (description != null && description.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("a pool's name and description must not contain NUL (\\u0000) characters");
    }
    if (slots < 0) {
      throw new IllegalArgumentException("pool '" + name + "' needs 0 or more slots, got " + slots);
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO pool (name, slots, description, include_deferred) VALUES (:n, :s, :d, COALESCE(:i, FALSE))"
                        + " ON CONFLICT (name) DO UPDATE SET slots = :s, description = COALESCE(:d, pool.description),"
                        + " include_deferred = COALESCE(:i, pool.include_deferred)")
                .bind("n", name)
                .bind("i", includeDeferred)
                .bind("s", slots)
                .bind("d", description)
                .execute());
    return get(name).orElseThrow();
  }

  /** Deletes a pool; returns false when there was none. */
  public boolean delete(String name) {
    if (DEFAULT_POOL.equals(name)) {
      throw new IllegalArgumentException("default_pool cannot be deleted");
    }
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM pool WHERE name = :n").bind("n", name).execute()) > 0;
  }

  private static PoolRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new PoolRow(
        rs.getString("name"), rs.getInt("slots"), rs.getString("description"), rs.getInt("running"), rs.getInt("queued"),
        rs.getInt("deferred"), rs.getBoolean("include_deferred"));
  }
}
