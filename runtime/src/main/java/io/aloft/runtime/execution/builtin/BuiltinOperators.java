package io.aloft.runtime.execution.builtin;

import static io.aloft.sdk.ArgumentSpec.optional;
import static io.aloft.sdk.ArgumentSpec.required;

import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operators Java runs without any plugin. EmptyOperator never executes: the scheduler marks it
 * successful directly, as Airflow does. Registered through the same registry as plugin operators.
 */
public final class BuiltinOperators implements OperatorProvider {

  public static final String EMPTY = "EmptyOperator";

  private final Supplier<CrossDagRuns> dags;

  /**
   * @param dags what LatestOnlyOperator, TriggerDagRunOperator and ExternalTaskSensor ask of other runs and DAGs
   *     ({@link CrossDagRuns#NONE} where no task runs); asked for only when such an operator is created for a try,
   *     so the daemon can load its operators before its store is open
   */
  public BuiltinOperators(Supplier<CrossDagRuns> dags) {
    this.dags = dags;
  }

  public BuiltinOperators(CrossDagRuns dags) {
    this(() -> dags);
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

  /** What every SQL operator takes besides its own arguments (Airflow's BaseSQLOperator). */
  private static final List<ArgumentSpec> SQL_BASE_ARGS =
      List.of(
          optional("conn_id", ArgType.STRING),
          optional("database", ArgType.STRING),
          optional("hook_params", ArgType.MAP),
          optional("retry_on_failure", ArgType.BOOL),
          optional("parameters", ArgType.ANY));

  private static final List<ArgumentSpec> SQL_EXECUTE_ARGS =
      List.of(
          required("sql", ArgType.STRING_OR_LIST),
          optional("autocommit", ArgType.BOOL),
          optional("handler", ArgType.STRING),
          optional("split_statements", ArgType.BOOL),
          optional("return_last", ArgType.BOOL),
          optional("show_return_value_in_logs", ArgType.BOOL));

  /** Operators that read {@code .sql} template files (Airflow's {@code template_ext}). */
  private static final java.util.Set<String> SQL_OPERATORS = java.util.Set.of("SQLExecuteQueryOperator",
      "PostgresOperator", "SQLCheckOperator", "SQLValueCheckOperator", "SQLThresholdCheckOperator", "SQLIntervalCheckOperator",
      "SQLColumnCheckOperator", "SQLTableCheckOperator");

  /** Addresses as Airflow takes them: a list, or one string of addresses separated by commas or semicolons. */
  public static List<String> addresses(Object value) {
    List<String> out = new java.util.ArrayList<>();
    if (value instanceof List<?> l) {
      l.forEach(x -> out.addAll(addresses(x)));
    } else if (value != null) {
      for (String part : value.toString().split("[,;]")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private static List<String> addresses(Args a, String name) {
    return addresses(a.raw(name));
  }

  /** Airflow's {@code template_ext} of a built-in operator: the endings that name a template file. */
  public static List<String> templateExtensions(String operator) {
    return SQL_OPERATORS.contains(operator) ? List.of(".sql") : List.of();
  }

  @Override
  public List<OperatorDescriptor> operators() {
    return List.of(
        OperatorDescriptor.builder("EmailOperator")
            .pythonPath("airflow.operators.email.EmailOperator")
            .argument(required("to", ArgType.STRING_OR_LIST))
            .argument(required("subject", ArgType.STRING))
            .argument(required("html_content", ArgType.STRING))
            .argument(optional("files", ArgType.LIST))
            .argument(optional("cc", ArgType.STRING_OR_LIST))
            .argument(optional("bcc", ArgType.STRING_OR_LIST))
            .argument(optional("mime_subtype", ArgType.STRING))
            .argument(optional("mime_charset", ArgType.STRING))
            .argument(optional("conn_id", ArgType.STRING))
            .argument(optional("custom_headers", ArgType.MAP))
            .templated("to", "subject", "html_content", "files")
            .factory(args -> ctx -> {
              Args a = new Args(args);
              SmtpMail.send(ctx, a.string("conn_id"), new SmtpMail.Message(addresses(a, "to"), addresses(a, "cc"),
                  addresses(a, "bcc"), a.string("subject"), a.string("html_content"), a.strings("files")));
              return null;
            })
            .build(),
        OperatorDescriptor.builder("SQLExecuteQueryOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator")
            .arguments(SQL_BASE_ARGS)
            .arguments(SQL_EXECUTE_ARGS)
            .templated("sql", "parameters", "conn_id", "database", "hook_params")
            .factory(SqlExecuteQueryOperator::new)
            .build(),
        OperatorDescriptor.builder("PostgresOperator")
            .pythonPath("airflow.providers.postgres.operators.postgres.PostgresOperator")
            .arguments(SQL_BASE_ARGS)
            .arguments(SQL_EXECUTE_ARGS)
            .argument(optional("postgres_conn_id", ArgType.STRING))
            .argument(optional("runtime_parameters", ArgType.MAP))
            .templated("sql", "parameters", "conn_id", "postgres_conn_id", "database", "hook_params")
            .factory(SqlExecuteQueryOperator::new)
            .build(),
        OperatorDescriptor.builder("SQLCheckOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLCheckOperator")
            .arguments(SQL_BASE_ARGS)
            .argument(required("sql", ArgType.STRING))
            .templated("sql", "parameters")
            .factory(SqlCheckOperators::check)
            .build(),
        OperatorDescriptor.builder("SQLValueCheckOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLValueCheckOperator")
            .arguments(SQL_BASE_ARGS)
            .argument(required("sql", ArgType.STRING))
            .argument(required("pass_value", ArgType.ANY))
            .argument(optional("tolerance", ArgType.FLOAT))
            .templated("sql", "pass_value", "parameters")
            .factory(SqlCheckOperators::valueCheck)
            .build(),
        OperatorDescriptor.builder("SQLColumnCheckOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLColumnCheckOperator")
            .arguments(SQL_BASE_ARGS)
            .argument(required("table", ArgType.STRING))
            .argument(required("column_mapping", ArgType.MAP))
            .argument(optional("partition_clause", ArgType.STRING))
            .argument(optional("accept_none", ArgType.BOOL))
            .templated("partition_clause", "table")
            .factory(SqlDataQualityChecks::columnCheck)
            .build(),
        OperatorDescriptor.builder("SQLTableCheckOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLTableCheckOperator")
            .arguments(SQL_BASE_ARGS)
            .argument(required("table", ArgType.STRING))
            .argument(required("checks", ArgType.MAP))
            .argument(optional("partition_clause", ArgType.STRING))
            .templated("partition_clause", "table")
            .factory(SqlDataQualityChecks::tableCheck)
            .build(),
        OperatorDescriptor.builder("SQLThresholdCheckOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLThresholdCheckOperator")
            .arguments(SQL_BASE_ARGS)
            .argument(required("sql", ArgType.STRING))
            .argument(required("min_threshold", ArgType.ANY))
            .argument(required("max_threshold", ArgType.ANY))
            .templated("sql", "min_threshold", "max_threshold")
            .factory(SqlCheckOperators::thresholdCheck)
            .build(),
        OperatorDescriptor.builder("SQLIntervalCheckOperator")
            .pythonPath("airflow.providers.common.sql.operators.sql.SQLIntervalCheckOperator")
            .arguments(SQL_BASE_ARGS)
            .argument(required("table", ArgType.STRING))
            .argument(required("metrics_thresholds", ArgType.MAP))
            .argument(optional("date_filter_column", ArgType.STRING))
            .argument(optional("days_back", ArgType.INT))
            .argument(optional("ratio_formula", ArgType.STRING))
            .argument(optional("ignore_zero", ArgType.BOOL))
            .argument(required("sql1", ArgType.STRING))
            .argument(required("sql2", ArgType.STRING))
            .templated("sql1", "sql2")
            .factory(SqlCheckOperators::intervalCheck)
            .build(),
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
            .argument(optional("deferrable", ArgType.BOOL))
            .templated("filepath")
            .factory(FileSensor::new)
            .build(),
        OperatorDescriptor.builder("TimeDeltaSensor")
            .pythonPath("airflow.sensors.time_delta.TimeDeltaSensor")
            .argument(required("delta", ArgType.FLOAT))
            .argument(optional("deferrable", ArgType.BOOL))
            .argument(optional("end_from_trigger", ArgType.BOOL))
            .factory(TimeSensors::timeDelta)
            .build(),
        OperatorDescriptor.builder("TimeSensor")
            .pythonPath("airflow.sensors.time_sensor.TimeSensor")
            .argument(required("target_time", ArgType.STRING))
            .argument(optional("timezone", ArgType.STRING))
            .argument(optional("deferrable", ArgType.BOOL))
            .argument(optional("end_from_trigger", ArgType.BOOL))
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
            .factory(args -> new LatestOnlyOperator(dags.get()))
            .build(),
        OperatorDescriptor.builder("TriggerDagRunOperator")
            .pythonPath("airflow.operators.trigger_dagrun.TriggerDagRunOperator")
            .argument(required("trigger_dag_id", ArgType.STRING))
            .argument(optional("trigger_run_id", ArgType.STRING))
            .argument(optional("conf", ArgType.MAP))
            .argument(optional("logical_date", ArgType.STRING))
            .argument(optional("execution_date", ArgType.STRING))
            .argument(optional("reset_dag_run", ArgType.BOOL))
            .argument(optional("wait_for_completion", ArgType.BOOL))
            .argument(optional("poke_interval", ArgType.FLOAT))
            .argument(optional("allowed_states", ArgType.STRING_OR_LIST))
            .argument(optional("failed_states", ArgType.STRING_OR_LIST))
            .argument(optional("skip_when_already_exists", ArgType.BOOL))
            // deferrable with wait_for_completion: the triggerer waits on the run (DagStateTrigger), not the try
            .argument(optional("deferrable", ArgType.BOOL))
            .templated("trigger_dag_id", "trigger_run_id", "logical_date", "execution_date", "conf")
            .factory(args -> new TriggerDagRunOperator(args, dags.get()))
            .build(),
        OperatorDescriptor.builder("ExternalTaskSensor")
            .pythonPath("airflow.sensors.external_task.ExternalTaskSensor")
            .argument(required("external_dag_id", ArgType.STRING))
            .argument(optional("external_task_id", ArgType.STRING))
            .argument(optional("external_task_ids", ArgType.LIST))
            .argument(optional("external_task_group_id", ArgType.STRING))
            .argument(optional("allowed_states", ArgType.STRING_OR_LIST))
            .argument(optional("failed_states", ArgType.STRING_OR_LIST))
            .argument(optional("skipped_states", ArgType.STRING_OR_LIST))
            .argument(optional("execution_delta", ArgType.FLOAT))
            // execution_date_fn is Python: the shim sends `true` and the try asks it for the dates (execution_dates)
            .argument(optional("execution_date_fn", ArgType.BOOL))
            .argument(optional("_aloft_python_args", ArgType.LIST))
            .argument(optional("execution_dates", ArgType.LIST))
            .argument(optional("check_existence", ArgType.BOOL))
            .argument(optional("deferrable", ArgType.BOOL))
            .argument(optional("poll_interval", ArgType.FLOAT))
            .templated("external_dag_id", "external_task_id", "external_task_ids", "external_task_group_id")
            .factory(args -> new ExternalTaskSensor(args, dags.get()))
            .build(),
        // A marker for clearing across DAGs; running it does nothing, as in Airflow.
        OperatorDescriptor.builder("ExternalTaskMarker")
            .pythonPath("airflow.sensors.external_task.ExternalTaskMarker")
            .argument(required("external_dag_id", ArgType.STRING))
            .argument(required("external_task_id", ArgType.STRING))
            .argument(optional("execution_date", ArgType.STRING))
            .argument(optional("logical_date", ArgType.STRING))
            .argument(optional("recursion_depth", ArgType.INT))
            .templated("external_dag_id", "external_task_id", "execution_date", "logical_date")
            .factory(args -> ctx -> null)
            .build());
  }
}
