package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Creates manual runs (UI, API, CLI): checks the DAG exists and the conf against its params before the
 * run exists, then creates the run and its task instances and wakes the scheduler. Thread-safe.
 */
public final class RunTrigger {

  /** Checks a conf against a DAG's params; returns the effective params or throws {@link InvalidConfException}. */
  @FunctionalInterface
  public interface ConfCheck {
    Map<String, Object> check(DagSpec spec, Map<String, Object> conf);
  }

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final Stores stores;
  private final ConfCheck confCheck;
  private final Clock clock;
  private final Runnable wakeScheduler;

  public RunTrigger(Stores stores, ConfCheck confCheck, Clock clock, Runnable wakeScheduler) {
    this.stores = stores;
    this.confCheck = confCheck;
    this.clock = clock;
    this.wakeScheduler = wakeScheduler;
  }

  /** Airflow's {@code allowed_run_id_pattern}: ids appear in log paths and URLs, so '/' and the like are out. */
  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.~:+-]+");

  /** Airflow's limit on ids ({@code ID_LEN}). */
  public static final int MAX_RUN_ID_LENGTH = 250;

  /**
   * Checks a user-chosen run id as Airflow does.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static void checkRunId(String id) {
    if (id.length() > MAX_RUN_ID_LENGTH) {
      throw new IllegalArgumentException(
          "the run id is longer than " + MAX_RUN_ID_LENGTH + " characters (" + id.length() + "): choose a shorter one");
    }
    if (!RUN_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "the run id may only contain letters, digits and _ . ~ : + - (Airflow's allowed_run_id_pattern)");
    }
  }

  /** How deep a conf may nest. */
  static final int MAX_CONF_DEPTH = 64;

  /**
   * Refuses what the store cannot keep faithfully, whichever door the conf came through (API, UI, CLI): NUL
   * characters (PostgreSQL text cannot hold them), numbers beyond a double ({@code 1e999999} would become
   * {@code "Infinity"}), nesting deeper than {@value #MAX_CONF_DEPTH}.
   */
  static void checkStorable(Object v, String where, int depth) {
    if (depth > MAX_CONF_DEPTH) {
      throw new IllegalArgumentException(where + " nests deeper than " + MAX_CONF_DEPTH + " levels");
    }
    if (v instanceof String s && s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(where + " contains a NUL (\\u0000) character: remove it");
    } else if ((v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue())) {
      throw new IllegalArgumentException(where + " is a number out of range (larger than a double)");
    } else if (v instanceof java.math.BigDecimal b && !Double.isFinite(b.doubleValue())) {
      throw new IllegalArgumentException(where + " is a number out of range (larger than a double)");
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        if (k.indexOf('\0') >= 0) {
          throw new IllegalArgumentException("a key in " + where + " contains a NUL (\\u0000) character: remove it");
        }
        checkStorable(e.getValue(), where + "." + k, depth + 1);
      }
    } else if (v instanceof java.util.List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        checkStorable(l.get(i), where + "[" + i + "]", depth + 1);
      }
    }
  }

  /**
   * Triggers a manual run.
   *
   * @param runId the run id, or null for Airflow's {@code manual__<logical date>}
   * @param logicalDate the logical date, or null for now
   * @throws UnknownDagException when no DAG has this id
   * @throws InvalidConfException when the conf violates the DAG's params
   * @throws io.aloft.runtime.store.DuplicateRunException when the run id is taken
   */
  public DagRunRow trigger(String dagId, String runId, Map<String, Object> conf, Instant logicalDate) {
    DagRow dag = stores.dags().get(dagId).orElseThrow(() -> new UnknownDagException(dagId));
    DagSpec spec = stores.dags().spec(dagId, dag.specHash());
    Map<String, Object> effectiveConf = conf == null ? Map.of() : conf;
    checkStorable(effectiveConf, "conf", 0);
    confCheck.check(spec, effectiveConf);
    Instant now = clock.instant();
    Instant logical = logicalDate != null ? logicalDate : now.truncatedTo(ChronoUnit.MICROS);
    String id = runId != null && !runId.isBlank() ? runId : "manual__" + RUN_ID_TIME.format(logical);
    checkRunId(id);
    // As Airflow: the timetable infers a manual run's data interval (the last complete period for interval
    // schedules, `interval` before it for trigger timetables, the logical date alone for unscheduled DAGs).
    DataInterval interval = Timetable.of(spec).inferManualDataInterval(logical);
    DagRunRow row =
        stores
            .runs()
            .create(
                new NewDagRun(dagId, id, dag.specHash(), "manual", logical, interval.start(), interval.end(), effectiveConf,
                    true),
                spec,
                PriorityWeights.of(DagGraph.of(spec)),
                now);
    wakeScheduler.run();
    return row;
  }
}
