package io.aloft.runtime.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * XCom values of runs, as JSON. Values larger than the configured limit are refused with a message that
 * says how large they were, instead of bloating the database.
 */
public final class XComStore {

  private final Jdbi jdbi;
  private final int maxBytes;

  public XComStore(Jdbi jdbi, int maxBytes) {
    this.jdbi = jdbi;
    this.maxBytes = maxBytes;
  }

  /** One stored value. */
  public record Entry(String dagId, String runId, String taskId, int mapIndex, String key, Object value, Instant timestamp) {}

  /** Serializes and size-checks a value before it is stored. */
  public String serialize(String taskId, String key, Object value) {
    String json;
    try {
      json = Json.write(value);
    } catch (IllegalArgumentException e) {
      throw new XComException("XCom '" + key + "' of task '" + taskId + "' is not JSON-serializable: " + e.getMessage());
    }
    int size = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      throw new XComException(
          "XCom '" + key + "' of task '" + taskId + "' is " + size + " bytes, over the limit of " + maxBytes
              + " bytes (ALOFT_XCOM_MAX_BYTES): store large data in files or a volume and push its path instead");
    }
    return json;
  }

  public void push(TiKey ti, String key, Object value, Instant now) {
    String json = serialize(ti.taskId(), key, value);
    jdbi.useHandle(h -> push(h, ti, key, json, now));
  }

  /** Stores an already serialized value inside the caller's transaction. */
  public void push(Handle h, TiKey ti, String key, String json, Instant now) {
    h.createUpdate(
            "INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, value, timestamp) VALUES (:d, :r, :t, :m, :k,"
                + " CAST(:v AS jsonb), :n) ON CONFLICT (dag_id, run_id, task_id, map_index, key) DO UPDATE SET"
                + " value = CAST(:v AS jsonb), timestamp = :n")
        .bind("d", ti.dagId())
        .bind("r", ti.runId())
        .bind("t", ti.taskId())
        .bind("m", ti.mapIndex())
        .bind("k", key)
        .bind("v", json)
        .bind("n", now)
        .execute();
  }

  /**
   * The value a task pushed under {@code key} in a run. For a mapped task without a map index, the list
   * of its instances' values in map-index order (like Airflow's lazy sequence).
   */
  public Optional<Object> pull(String dagId, String runId, String taskId, String key, Integer mapIndex) {
    return jdbi.withHandle(
        h -> {
          List<Map<String, Object>> rows =
              h.createQuery(
                      "SELECT map_index, value::text AS v FROM xcom WHERE dag_id = :d AND run_id = :r AND task_id = :t"
                          + " AND key = :k" + (mapIndex == null ? "" : " AND map_index = :m") + " ORDER BY map_index")
                  .bind("d", dagId)
                  .bind("r", runId)
                  .bind("t", taskId)
                  .bind("k", key)
                  .bind("m", mapIndex == null ? -1 : mapIndex)
                  .mapToMap()
                  .list();
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          if (mapIndex == null && ((Number) rows.get(0).get("map_index")).intValue() >= 0) {
            return Optional.of(rows.stream().map(r -> Json.read((String) r.get("v"))).toList());
          }
          return Optional.ofNullable(Json.read((String) rows.get(0).get("v")));
        });
  }

  /**
   * Every value {@code taskId} pushed under {@code key} in the run, one per instance in map-index order (one value
   * for a task that is not mapped; empty when there is none): Airflow's multi-valued {@code xcom_pull}.
   */
  public List<Object> pullEach(String dagId, String runId, String taskId, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT value::text FROM xcom WHERE dag_id = :d AND run_id = :r AND task_id = :t AND key = :k"
                        + " ORDER BY map_index")
                .bind("d", dagId)
                .bind("r", runId)
                .bind("t", taskId)
                .bind("k", key)
                .mapTo(String.class)
                .list()
                .stream()
                .map(Json::read)
                .toList());
  }

  /** Removes what earlier tries of this instance pushed, so a retry starts clean (as Airflow does). */
  public void clear(TiKey ti) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM xcom WHERE dag_id = :d AND run_id = :r AND task_id = :t AND map_index = :m")
                .bind("d", ti.dagId())
                .bind("r", ti.runId())
                .bind("t", ti.taskId())
                .bind("m", ti.mapIndex())
                .execute());
  }

  public List<Entry> list(String dagId, String runId, String taskId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT dag_id, run_id, task_id, map_index, key, value::text AS v, timestamp FROM xcom WHERE"
                        + " dag_id = :d AND run_id = :r AND (:t IS NULL OR task_id = :t) ORDER BY task_id, map_index, key")
                .bind("d", dagId)
                .bind("r", runId)
                .bind("t", taskId)
                .map(
                    (rs, ctx) ->
                        new Entry(
                            rs.getString("dag_id"),
                            rs.getString("run_id"),
                            rs.getString("task_id"),
                            rs.getInt("map_index"),
                            rs.getString("key"),
                            Json.read(rs.getString("v")),
                            rs.getTimestamp("timestamp").toInstant()))
                .list());
  }
}
