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
    confCheck.check(spec, effectiveConf);
    Instant now = clock.instant();
    Instant logical = logicalDate != null ? logicalDate : now.truncatedTo(ChronoUnit.MICROS);
    String id = runId != null && !runId.isBlank() ? runId : "manual__" + RUN_ID_TIME.format(logical);
    checkRunId(id);
    DagRunRow row =
        stores
            .runs()
            .create(
                new NewDagRun(dagId, id, dag.specHash(), "manual", logical, logical, logical, effectiveConf, true),
                spec,
                PriorityWeights.of(DagGraph.of(spec)),
                now);
    wakeScheduler.run();
    return row;
  }
}
