package io.aloft.runtime.store;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * DAGs, their parsed versions and their source code. A version is stored once per content hash and
 * never changed, so a run can always find the spec it started with, even after the file broke or
 * changed. Parsed specs are cached in memory by (dag id, hash): they are immutable.
 */
public final class DagStore {

  private final Jdbi jdbi;
  private final Map<String, DagSpec> specCache = new ConcurrentHashMap<>();

  public DagStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    jdbi.registerRowMapper(ConstructorMapper.factory(DagRow.class));
  }

  /** The content hash that identifies a spec version. */
  public static String hash(String specJson) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(specJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records a freshly parsed DAG: stores its version if new and points the DAG at it. A new DAG starts
   * paused when {@code pausedWhenNew} (Airflow's {@code dags_are_paused_at_creation}) unless its spec
   * says otherwise. Returns the spec hash.
   */
  public String saveParsed(DagSpec spec, boolean pausedWhenNew, Instant now) {
    String json = SpecJson.write(spec);
    String hash = hash(json);
    boolean paused = spec.isPausedUponCreation() != null ? spec.isPausedUponCreation() : pausedWhenNew;
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO dag_version (dag_id, spec_hash, spec, created_at) VALUES (:d, :h, CAST(:s AS jsonb), :t)"
                      + " ON CONFLICT DO NOTHING")
              .bind("d", spec.dagId())
              .bind("h", hash)
              .bind("s", json)
              .bind("t", now)
              .execute();
          h.createUpdate(
                  "INSERT INTO dag (dag_id, fileloc, spec_hash, is_paused, is_active, last_parsed_time)"
                      + " VALUES (:d, :f, :h, :p, TRUE, :t) ON CONFLICT (dag_id) DO UPDATE SET fileloc = :f,"
                      + " spec_hash = :h, is_active = TRUE, last_parsed_time = :t")
              .bind("d", spec.dagId())
              .bind("f", spec.fileloc())
              .bind("h", hash)
              .bind("p", paused)
              .bind("t", now)
              .execute();
        });
    specCache.putIfAbsent(spec.dagId() + "@" + hash, spec);
    return hash;
  }

  /** Marks DAGs of this file that it no longer declares as inactive (their runs stay). */
  public void deactivateOthers(String fileloc, Collection<String> stillDeclared) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE dag SET is_active = FALSE WHERE fileloc = :f AND is_active"
                        + (stillDeclared.isEmpty() ? "" : " AND dag_id NOT IN (<ids>)"))
                .bind("f", fileloc)
                .bindList("ids", stillDeclared.isEmpty() ? List.of("") : List.copyOf(stillDeclared))
                .execute());
  }

  /** Marks every DAG of a deleted file inactive. */
  public void deactivateFile(String fileloc) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE dag SET is_active = FALSE WHERE fileloc = :f").bind("f", fileloc).execute());
  }

  public List<DagRow> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dag ORDER BY dag_id").mapTo(DagRow.class).list());
  }

  public List<DagRow> listActive() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM dag WHERE is_active ORDER BY dag_id").mapTo(DagRow.class).list());
  }

  /** Active DAGs declared by one file. */
  public List<DagRow> listActiveIn(String fileloc) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM dag WHERE fileloc = :f AND is_active ORDER BY dag_id")
                .bind("f", fileloc)
                .mapTo(DagRow.class)
                .list());
  }

  public Optional<DagRow> get(String dagId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM dag WHERE dag_id = :d").bind("d", dagId).mapTo(DagRow.class).findOne());
  }

  /** The spec a DAG currently has. */
  public Optional<DagSpec> currentSpec(String dagId) {
    return get(dagId).map(d -> spec(dagId, d.specHash()));
  }

  /** A specific, immutable version of a DAG's spec. */
  public DagSpec spec(String dagId, String specHash) {
    return specCache.computeIfAbsent(
        dagId + "@" + specHash,
        k ->
            jdbi.withHandle(
                h ->
                    SpecJson.parse(
                        h.createQuery("SELECT spec::text FROM dag_version WHERE dag_id = :d AND spec_hash = :h")
                            .bind("d", dagId)
                            .bind("h", specHash)
                            .mapTo(String.class)
                            .one())));
  }

  public boolean setPaused(String dagId, boolean paused) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE dag SET is_paused = :p WHERE dag_id = :d")
                    .bind("p", paused)
                    .bind("d", dagId)
                    .execute())
        > 0;
  }

  /** Stores when the scheduler should create this DAG's next automated run (null: never). */
  public void setNextDagrun(String dagId, Instant logicalDate, Instant intervalStart, Instant intervalEnd) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE dag SET next_dagrun = :n, next_dagrun_data_interval_start = :s,"
                        + " next_dagrun_data_interval_end = :e WHERE dag_id = :d")
                .bind("n", logicalDate)
                .bind("s", intervalStart)
                .bind("e", intervalEnd)
                .bind("d", dagId)
                .execute());
  }

  /**
   * Deletes a DAG and its history (runs with their task instances, tries and XCom; versions; the stored source of its
   * file, so that the DAG-folder watcher parses the file again and a DAG it still declares comes back, as in Airflow).
   * The audit log keeps its entries. Returns false when no DAG has this id.
   */
  public boolean delete(String dagId) {
    boolean deleted =
        jdbi.inTransaction(
            h -> {
              Optional<String> fileloc =
                  h.createQuery("SELECT fileloc FROM dag WHERE dag_id = :d FOR UPDATE").bind("d", dagId).mapTo(String.class).findOne();
              if (fileloc.isEmpty()) {
                return false;
              }
              h.createUpdate("DELETE FROM dag_run WHERE dag_id = :d").bind("d", dagId).execute();
              h.createUpdate("DELETE FROM dag_version WHERE dag_id = :d").bind("d", dagId).execute();
              h.createUpdate("DELETE FROM dag WHERE dag_id = :d").bind("d", dagId).execute();
              h.createUpdate("DELETE FROM dag_code WHERE fileloc = :f").bind("f", fileloc.get()).execute();
              return true;
            });
    if (deleted) {
      specCache.keySet().removeIf(k -> k.startsWith(dagId + "@"));
    }
    return deleted;
  }

  /** Asks the DAG-folder watcher to parse {@code fileloc} again at its next pass, changed or not. */
  public void requestParse(String fileloc, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO dag_parse_request (fileloc, requested_at) VALUES (:f, :t)"
            + " ON CONFLICT (fileloc) DO UPDATE SET requested_at = :t")
        .bind("f", fileloc)
        .bind("t", now)
        .execute());
  }

  /** Takes (and removes) the pending parse requests. */
  public java.util.Set<String> takeParseRequests() {
    return jdbi.withHandle(h -> h.createQuery("DELETE FROM dag_parse_request RETURNING fileloc")
        .mapTo(String.class)
        .collectIntoSet());
  }

  /** The files whose source is stored (the DAG-folder watcher parses a known file again when its row is gone). */
  public java.util.Set<String> codedFiles() {
    return jdbi.withHandle(h -> h.createQuery("SELECT fileloc FROM dag_code").mapTo(String.class).collectIntoSet());
  }

  /** Saves a DAG file's source for the code view. */
  public void saveCode(String fileloc, String fileHash, String source, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO dag_code (fileloc, file_hash, source, updated_at) VALUES (:f, :h, :s, :t)"
                        + " ON CONFLICT (fileloc) DO UPDATE SET file_hash = :h, source = :s, updated_at = :t")
                .bind("f", fileloc)
                .bind("h", fileHash)
                .bind("s", source)
                .bind("t", now)
                .execute());
  }

  public Optional<String> code(String fileloc) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT source FROM dag_code WHERE fileloc = :f")
                .bind("f", fileloc)
                .mapTo(String.class)
                .findOne());
  }

  /** The content hash last stored for a file, to skip re-parsing files that did not change. */
  public Optional<String> codeHash(String fileloc) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT file_hash FROM dag_code WHERE fileloc = :f")
                .bind("f", fileloc)
                .mapTo(String.class)
                .findOne());
  }
}
