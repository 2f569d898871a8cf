package io.aloft.runtime.dagfile;

import static io.aloft.sdk.ArgumentSpec.optional;
import static io.aloft.sdk.ArgumentSpec.required;

import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.python.TestPython;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import java.time.Duration;
import java.util.List;

/** DAG-file processors over the shared test pool ({@link TestPython}), with the built-in Java operators' argument lists. */
final class TestDagFiles {

  private TestDagFiles() {}

  static DagFileProcessor processor(Duration timeout) {
    return new DagFileProcessor(TestPython.pool(), registry(), timeout);
  }

  static OperatorRegistry registry() {
    List<ArgumentSpec> bash = List.of(required("bash_command", ArgType.STRING), optional("env", ArgType.MAP),
        optional("append_env", ArgType.BOOL), optional("output_encoding", ArgType.STRING),
        optional("skip_on_exit_code", ArgType.ANY), optional("skip_exit_code", ArgType.ANY),
        optional("cwd", ArgType.STRING));
    OperatorRegistry registry = new OperatorRegistry();
    registry.register("builtin", List.of(
        descriptor("EmptyOperator", List.of()),
        OperatorDescriptor.builder("BashOperator").arguments(bash).templated("bash_command", "env", "cwd")
            .factory(args -> ctx -> null).build(),
        OperatorDescriptor.builder("BashSensor").arguments(bash).templated("bash_command", "env", "cwd")
            .factory(args -> ctx -> null).build(),
        OperatorDescriptor.builder("FileSensor").argument(required("filepath", ArgType.STRING))
            .argument(optional("fs_conn_id", ArgType.STRING)).argument(optional("recursive", ArgType.BOOL))
            .templated("filepath").factory(args -> ctx -> null).build(),
        descriptor("TimeDeltaSensor", List.of(required("delta", ArgType.FLOAT))),
        descriptor("TimeSensor", List.of(required("target_time", ArgType.STRING))),
        descriptor("DayOfWeekSensor", List.of(required("week_day", ArgType.ANY),
            optional("use_task_logical_date", ArgType.BOOL))),
        descriptor("LatestOnlyOperator", List.of()),
        descriptor("HelloOperator", List.of(required("name", ArgType.STRING), optional("times", ArgType.INT)))));
    return registry;
  }

  private static OperatorDescriptor descriptor(String name, List<ArgumentSpec> args) {
    return OperatorDescriptor.builder(name).arguments(args).factory(a -> ctx -> null).build();
  }
}
