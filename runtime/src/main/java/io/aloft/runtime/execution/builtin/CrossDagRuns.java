package io.aloft.runtime.execution.builtin;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the built-in cross-DAG operators may ask of other DAGs' runs: LatestOnlyOperator (is this the newest
 * scheduled run?), TriggerDagRunOperator (start or reset a run, read its state) and ExternalTaskSensor (states of
 * another DAG's runs and task instances at given logical dates). Implemented over the application layer by the
 * daemon, so a triggered run is created, checked and audited exactly like one from the UI. Thread-safe.
 */
public interface CrossDagRuns {

  /** Whether {@code runId} is the newest scheduled run of {@code dagId}. */
  boolean isLatestScheduled(String dagId, String runId);

  /**
   * Triggers a manual run of {@code dagId}; when a run with that id or logical date exists, clears it for a fresh
   * start if {@code resetIfExists}, else throws {@link AlreadyExists}.
   *
   * @param runId the run id, or null for {@code manual__<logical date>}
   * @return the id of the run created or reset
   * @throws IllegalArgumentException when the DAG does not exist or the conf or run id is refused (the reason says
   *     which)
   */
  Triggered trigger(String dagId, String runId, Map<String, Object> conf, Instant logicalDate, boolean resetIfExists);

  /** The run created or reset by {@link #trigger}: its id and logical date, and whether it existed before. */
  record Triggered(String runId, Instant logicalDate, boolean reset) {}

  /** A run with this id or logical date exists and was not to be reset (Airflow's {@code DagRunAlreadyExists}). */
  final class AlreadyExists extends RuntimeException {
    public AlreadyExists(String message) {
      super(message);
    }
  }

  /** A run's state ({@code queued}, {@code running}, {@code success}, {@code failed}), empty when it does not exist. */
  Optional<String> runState(String dagId, String runId);

  /** Whether a DAG of this id is known (parsed at least once and not deleted). */
  boolean dagExists(String dagId);

  /** Whether the DAG's current version has this task. */
  boolean taskExists(String dagId, String taskId);

  /** The task ids of a task group (and its nested groups) in the DAG's current version; empty when there is none. */
  List<String> groupTasks(String dagId, String groupId);

  /** The states of the DAG's runs at these logical dates (a date without a run has no entry). */
  List<String> runStatesAt(String dagId, Collection<Instant> logicalDates);

  /**
   * The states of the instances of these tasks in the DAG's runs at these logical dates, one entry per instance
   * (mapped tasks have several; an instance without a state is {@code "none"}).
   */
  List<String> taskStatesAt(String dagId, Collection<String> taskIds, Collection<Instant> logicalDates);

  /** For processes that load operators but never run tasks ({@code dags upload}, {@code plugins list}). */
  CrossDagRuns NONE = new CrossDagRuns() {
    private UnsupportedOperationException no() {
      return new UnsupportedOperationException("cross-DAG operators run only in the daemon");
    }

    @Override
    public boolean isLatestScheduled(String dagId, String runId) {
      throw no();
    }

    @Override
    public Triggered trigger(String dagId, String runId, Map<String, Object> conf, Instant logicalDate, boolean reset) {
      throw no();
    }

    @Override
    public Optional<String> runState(String dagId, String runId) {
      throw no();
    }

    @Override
    public boolean dagExists(String dagId) {
      throw no();
    }

    @Override
    public boolean taskExists(String dagId, String taskId) {
      throw no();
    }

    @Override
    public List<String> groupTasks(String dagId, String groupId) {
      throw no();
    }

    @Override
    public List<String> runStatesAt(String dagId, Collection<Instant> logicalDates) {
      throw no();
    }

    @Override
    public List<String> taskStatesAt(String dagId, Collection<String> taskIds, Collection<Instant> logicalDates) {
      throw no();
    }
  };
}
