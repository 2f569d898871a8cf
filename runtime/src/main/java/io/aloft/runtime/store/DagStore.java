package io.aloft.runtime.store;

import io.aloft.runtime.model.DagSpec;
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
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * DAGs, their parsed versions and their source code. A version is stored once per content hash and
 * never changed, so a run can always find the spec it started with, even after the file broke or
 * changed. Parsed specs are cached in memory by (dag id, hash): they are immutable. Secret argument values are
 * stored sealed (see {@link SpecSecrets}): the database never holds them in clear, the specs handed out hold
 * them in clear for the tasks that run. Thread-safe.
 */
public final class DagStore {

  /** Which (operator, argument) pairs an operator's descriptor declares secret; none for {@link #NO_SECRET_ARGS}. */
  public static final BiPredicate<String, String> NO_SECRET_ARGS = (operator, arg) -> false;

  private final Jdbi jdbi;
  private final SpecSecrets secrets;
  private final Map<String, DagSpec> specCache = new ConcurrentHashMap<>();
  /** DAGs whose versions stored in clear by an older Aloft were sealed by this process already. */
  private final java.util.Set<String> legacyChecked = ConcurrentHashMap.newKeySet();

  /**
   * A store that knows no sensitive names, over a fresh random key: for tests and tools whose specs carry no
   * declared secrets (what it seals, no other process can open).
   */
  public DagStore(Jdbi jdbi) {
    this(jdbi, SecretCipher.generate(), name -> false);
  }

  /**
   * @param cipher seals secret argument values in stored specs (the connections' key)
   * @param sensitiveName whether an argument or dictionary key name holds a secret (Airflow's sensitive names)
   */
  public DagStore(Jdbi jdbi, SecretCipher cipher, Predicate<String> sensitiveName) {
    this.jdbi = jdbi;
    this.secrets = new SpecSecrets(cipher, sensitiveName);
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
    return saveParsed(spec, NO_SECRET_ARGS, pausedWhenNew, now);
  }

  /**
   * {@link #saveParsed(DagSpec, boolean, Instant)} sealing, besides the values under sensitive names, the
   * arguments {@code secretArgument} says its operator declares secret.
   */
  public String saveParsed(DagSpec spec, BiPredicate<String, String> secretArgument, boolean pausedWhenNew,
      Instant now) {
    SpecSecrets.Stored stored = secrets.seal(spec, secretArgument);
    String json = stored.json();
    String hash = stored.hash();
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
    if (stored.sealed() && legacyChecked.add(spec.dagId())) {
      sealLegacyVersions(spec.dagId(), secretArgument);
    }
    return hash;
  }

  /**
   * Seals, in place, the versions of a DAG that an Aloft before sealing stored with secret values in clear (their
   * hashes stay, so their runs find them). Done once per DAG and process, for DAGs whose current spec has secrets.
   */
  private void sealLegacyVersions(String dagId, BiPredicate<String, String> secretArgument) {
    jdbi.useTransaction(h -> {
      List<Map<String, Object>> rows = h.createQuery("SELECT spec_hash, spec::text AS spec FROM dag_version"
              + " WHERE dag_id = :d AND spec::text NOT LIKE :m FOR UPDATE")
          .bind("d", dagId)
          .bind("m", "%" + SpecSecrets.SEALED + "%")
          .mapToMap()
          .list();
      for (Map<String, Object> r : rows) {
        SpecSecrets.Stored resealed = secrets.seal(secrets.open((String) r.get("spec")), secretArgument);
        if (resealed.sealed()) {
          h.createUpdate("UPDATE dag_version SET spec = CAST(:s AS jsonb) WHERE dag_id = :d AND spec_hash = :h")
              .bind("s", resealed.json())
              .bind("d", dagId)
              .bind("h", r.get("spec_hash"))
              .execute();
        }
      }
    });
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

  /**
   * A page of the DAG list ({@code /home}) in one statement: the active DAGs that are {@code paused} (or not; null:
   * both) and contain {@code search} (case-insensitive) in their id, by id, {@code limit} from {@code offset} (an
   * offset past the end gives the last page), each with its latest run and its runs' counts per state, and the
   * filters' counts. With
   * 900 DAGs and 100,000 runs it sends the page's 100 DAGs, not all of them (PostgreSQL counts the others), and reads
   * the runs of those 100 only, from the index on {@code (dag_id, state)} and {@code (dag_id, logical_date, id)}.
   */
  public DagListing listPage(Boolean paused, String search, int offset, int limit) {
    DagListing page = listPageAt(paused, search, offset, limit);
    if (page.dags().isEmpty() && page.matching() > 0 && offset > 0) {
      return listPageAt(paused, search, (page.matching() - 1) / limit * limit, limit);
    }
    return page;
  }

  /**
   * The DAG list page's one read: a page of active DAGs (binds {@code paused}, {@code needle}, {@code limit}, {@code
   * offset}) with their latest run and run counts, and the filters' and import errors' counts. Public for {@code
   * scripts/bench scale store --explain}, which prints its plan.
   */
  public static final String LIST_PAGE_SQL = """
      WITH active AS (SELECT * FROM dag WHERE is_active),
      matching AS (SELECT * FROM active WHERE (CAST(:paused AS boolean) IS NULL OR is_paused = CAST(:paused AS boolean))
          AND strpos(lower(dag_id), :needle) > 0),
      page AS (SELECT * FROM matching ORDER BY dag_id LIMIT :limit OFFSET :offset)
      SELECT (SELECT count(*) FROM active) AS n_all, (SELECT count(*) FROM active WHERE NOT is_paused) AS n_unpaused,
          (SELECT count(*) FROM matching) AS n_matching, (SELECT count(*) FROM import_error) AS n_errors,
          p.dag_id, p.spec_hash, p.is_paused, p.next_dagrun, l.run_id, l.logical_date, l.state,
          c.queued, c.running, c.success, c.failed
      FROM (SELECT 1) AS one
      LEFT JOIN page p ON true
      LEFT JOIN LATERAL (SELECT run_id, logical_date, state FROM dag_run r WHERE r.dag_id = p.dag_id
          ORDER BY logical_date DESC, id DESC LIMIT 1) l ON true
      LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE state = 'queued') AS queued,
          count(*) FILTER (WHERE state = 'running') AS running, count(*) FILTER (WHERE state = 'success') AS success,
          count(*) FILTER (WHERE state = 'failed') AS failed FROM dag_run r WHERE r.dag_id = p.dag_id) c ON true
      ORDER BY p.dag_id
      """;

  private DagListing listPageAt(Boolean paused, String search, int offset, int limit) {
    int[] counts = new int[4];
    List<DagListing.Entry> entries = new java.util.ArrayList<>();
    jdbi.useHandle(h -> h.createQuery(LIST_PAGE_SQL)
        .bind("paused", paused)
        .bind("needle", search.toLowerCase(java.util.Locale.ROOT))
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> {
          counts[0] = rs.getInt("n_all");
          counts[1] = rs.getInt("n_unpaused");
          counts[2] = rs.getInt("n_matching");
          counts[3] = rs.getInt("n_errors");
          String dagId = rs.getString("dag_id");
          if (dagId != null) {
            // OffsetDateTime, not getTimestamp: the driver's Calendar-based timestamp parsing was a tenth of the page
            String state = rs.getString("state");
            entries.add(new DagListing.Entry(dagId, rs.getString("spec_hash"), rs.getBoolean("is_paused"),
                instant(rs.getObject("next_dagrun", java.time.OffsetDateTime.class)), rs.getString("run_id"),
                instant(rs.getObject("logical_date", java.time.OffsetDateTime.class)),
                state == null ? null : io.aloft.runtime.model.RunState.parse(state), rs.getInt("queued"),
                rs.getInt("running"), rs.getInt("success"), rs.getInt("failed")));
          }
          return 0;
        })
        .list());
    return new DagListing(counts[0], counts[1], counts[2], counts[3], offset, entries);
  }

  private static Instant instant(java.time.OffsetDateTime t) {
    return t == null ? null : t.toInstant();
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
                    secrets.open(
                        h.createQuery("SELECT spec::text FROM dag_version WHERE dag_id = :d AND spec_hash = :h")
                            .bind("d", dagId)
                            .bind("h", specHash)
                            .mapTo(String.class)
                            .one())));
  }

  /**
   * Seals every stored spec's secret values again under {@code next} in one transaction (key rotation, with the
   * connections); answers how many versions held secrets. Content hashes stay: the next parse under the new key
   * stores its version under a new hash, and runs keep the versions they started with.
   */
  public int reseal(SecretCipher next) {
    return jdbi.inTransaction(h -> {
      List<Map<String, Object>> rows = h.createQuery(
              "SELECT dag_id, spec_hash, spec::text AS spec FROM dag_version WHERE spec::text LIKE :m FOR UPDATE")
          .bind("m", "%" + SpecSecrets.SEALED + "%")
          .mapToMap()
          .list();
      int n = 0;
      for (Map<String, Object> r : rows) {
        String resealed = secrets.reseal((String) r.get("spec"), next);
        if (resealed != null) {
          n += h.createUpdate("UPDATE dag_version SET spec = CAST(:s AS jsonb) WHERE dag_id = :d AND spec_hash = :h")
              .bind("s", resealed)
              .bind("d", r.get("dag_id"))
              .bind("h", r.get("spec_hash"))
              .execute();
        }
      }
      return n;
    });
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

  /**
   * A short fingerprint of which files have a stored source (their number and a sum of their names' hashes): the
   * watcher reads {@link #codedFiles} again only when it changed, instead of all names every two seconds.
   */
  public String codedFilesFingerprint() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT count(*) || ':' || COALESCE(sum(hashtext(fileloc)::bigint), 0) FROM dag_code")
        .mapTo(String.class)
        .one());
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

  /**
   * A DAG file's source as it may be stored for the code view: the secret values of the DAGs it declared (what
   * {@link #saveParsed(DagSpec, BiPredicate, boolean, Instant)} seals) written literally in it are {@code ***}.
   */
  public String maskedSource(String source, Collection<DagSpec> specs, BiPredicate<String, String> secretArgument) {
    return secrets.maskSource(source, specs, secretArgument);
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
