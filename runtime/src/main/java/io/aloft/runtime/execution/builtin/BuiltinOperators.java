package io.aloft.runtime.execution.builtin;

import static io.aloft.sdk.ArgumentSpec.optional;
import static io.aloft.sdk.ArgumentSpec.required;

import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import java.util.List;

/**
 * The operators Java runs without any plugin. EmptyOperator never executes: the scheduler marks it
 * successful directly, as Airflow does. Registered through the same registry as plugin operators.
 */
public final class BuiltinOperators implements OperatorProvider {

  public static final String EMPTY = "EmptyOperator";

  private final LatestRunCheck latestRunCheck;

  /** @param latestRunCheck tells LatestOnlyOperator whether a run is its DAG's newest scheduled run */
  public BuiltinOperators(LatestRunCheck latestRunCheck) {
    this.latestRunCheck = latestRunCheck;
  }

  /** Whether a run is the newest scheduled run of its DAG. */
  @FunctionalInterface
  public interface LatestRunCheck {
    boolean isLatest(String dagId, String runId);
  }

  private static final List<ArgumentSpec> BASH_ARGS =
      List.of(
          required("bash_command", ArgType.STRING),
          optional("env", ArgType.MAP),
          optional("append_env", ArgType.BOOL),
          optional("output_encoding", ArgType.STRING),
          optional("skip_on_exit_code", ArgType.ANY),
          optional("skip_exit_code", ArgType.ANY),
          optional("cwd", ArgType.STRING),
          optional("output_processor", ArgType.ANY));

  @Override
  public List<OperatorDescriptor> operators() {
    return List.of(
        OperatorDescriptor.builder(EMPTY)
            .pythonPath("airflow.operators.empty.EmptyOperator")
            .factory(args -> ctx -> null)
            .build(),
        OperatorDescriptor.builder("BashOperator")
            .pythonPath("airflow.operators.bash.BashOperator")
            .arguments(BASH_ARGS)
            .templated("bash_command", "env", "cwd")
            .factory(BashOperator::new)
            .build(),
        OperatorDescriptor.builder("BashSensor")
            .pythonPath("airflow.sensors.bash.BashSensor")
            .arguments(BASH_ARGS)
            .templated("bash_command", "env", "cwd")
            .factory(BashSensor::new)
            .build(),
        OperatorDescriptor.builder("FileSensor")
            .pythonPath("airflow.sensors.filesystem.FileSensor")
            .argument(required("filepath", ArgType.STRING))
            .argument(optional("fs_conn_id", ArgType.STRING))
            .argument(optional("recursive", ArgType.BOOL))
            .templated("filepath")
            .factory(FileSensor::new)
            .build(),
        OperatorDescriptor.builder("TimeDeltaSensor")
            .pythonPath("airflow.sensors.time_delta.TimeDeltaSensor")
            .argument(required("delta", ArgType.FLOAT))
            .factory(TimeSensors::timeDelta)
            .build(),
        OperatorDescriptor.builder("TimeSensor")
            .pythonPath("airflow.sensors.time_sensor.TimeSensor")
            .argument(required("target_time", ArgType.STRING))
            .argument(optional("timezone", ArgType.STRING))
            .factory(TimeSensors::timeOfDay)
            .build(),
        OperatorDescriptor.builder("DayOfWeekSensor")
            .pythonPath("airflow.sensors.weekday.DayOfWeekSensor")
            .argument(required("week_day", ArgType.ANY))
            .argument(optional("use_task_logical_date", ArgType.BOOL))
            .argument(optional("use_task_execution_day", ArgType.BOOL))
            .factory(TimeSensors::dayOfWeek)
            .build(),
        OperatorDescriptor.builder("LatestOnlyOperator")
            .pythonPath("airflow.operators.latest_only.LatestOnlyOperator")
            .factory(args -> new LatestOnlyOperator(latestRunCheck))
            .build());
  }
}
