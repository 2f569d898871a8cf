package io.aloft.runtime.dagfile;

import java.util.List;

/**
 * How one Python task try ended, as {@link PythonTaskRunner} reports it. Values are JSON-shaped Java objects
 * (String, Number, Boolean, List, Map, null).
 */
public sealed interface TaskOutcome {

  /** {@code execute} returned; {@code value} is the {@code return_value} XCom (null when do_xcom_push is off). */
  record Returned(Object value) implements TaskOutcome {}

  /**
   * A branch operator ({@code BranchPythonOperator}, {@code @task.branch}, {@code BaseBranchOperator}) chose
   * these task ids (task-group ids already expanded to the group's first tasks); its direct downstreams not
   * listed are to be skipped. {@code value} is the raw return value, pushed as {@code return_value}.
   */
  record Branch(List<String> followTaskIds, Object value) implements TaskOutcome {
    public Branch {
      followTaskIds = List.copyOf(followTaskIds);
    }
  }

  /**
   * A short-circuit operator returned; when {@code condition} is false the downstream tasks are skipped: all
   * of them when {@code ignoreDownstreamTriggerRules}, else only the direct ones.
   */
  record ShortCircuit(boolean condition, boolean ignoreDownstreamTriggerRules, Object value)
      implements TaskOutcome {}

  /** A sensor's poke: done or not; {@code xcomValue} from a {@code PokeReturnValue} (push it when done). */
  record SensorPoke(boolean done, Object xcomValue) implements TaskOutcome {}

  /** The task raised {@code AirflowSkipException}. */
  record Skipped(String message) implements TaskOutcome {}

  /**
   * The task raised, timed out or was stopped. {@code noRetry} for {@code AirflowFailException} and
   * {@code AirflowSensorTimeout}: fail without using the remaining retries.
   *
   * @param exceptionType the Python exception class name ({@code "AirflowTaskTimeout"} for the execution
   *     timeout, {@code "AirflowTaskTerminated"} when cancelled)
   */
  record Failed(String exceptionType, String message, String traceback, boolean noRetry) implements TaskOutcome {}
}
