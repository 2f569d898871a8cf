package io.aloft.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aloft.runtime.dagfile.DagFileProcessor;
import io.aloft.runtime.dagfile.FileParseResult;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.python.PythonResources;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's Python shim in GraalPy: the Docker plugin's shim folder (from its sources) on the path next to
 * the SDK's package, a DAG file importing {@code airflow.providers.docker...} and {@code docker.types}. This
 * is what the SDK's {@code airflow._paths.extend_path} in {@code airflow} and {@code airflow.providers} is for.
 * As in the daemon, the shim folder joins a context that is already warm, with {@code airflow} imported.
 */
class PluginShimParseIT {

  private static final Path DOCKER_SHIM = Path.of("../plugins/docker/src/main/resources/python").toAbsolutePath().normalize();

  @TempDir static Path home;
  private static PythonContextPool pool;
  private static DagFileProcessor processor;

  @BeforeAll
  static void start() throws InterruptedException {
    assumeTrue(Files.isDirectory(DOCKER_SHIM), "run from the runtime module of a checkout");
    OperatorRegistry registry = new OperatorRegistry();
    // A stand-in for the Docker plugin's descriptor: the plugin's classes are not on this module's class path.
    registry.register("plugin 'docker'", List.of(OperatorDescriptor.builder("DockerOperator")
        .pythonPath("airflow.providers.docker.operators.docker.DockerOperator")
        .argument(ArgumentSpec.required("image", ArgType.STRING))
        .argument(ArgumentSpec.optional("command", ArgType.STRING_OR_LIST))
        .argument(ArgumentSpec.optional("mounts", ArgType.LIST))
        .argument(ArgumentSpec.optional("device_requests", ArgType.LIST))
        .argument(ArgumentSpec.optional("auto_remove", ArgType.ANY))
        .templated("image", "command")
        .factory(args -> ctx -> null)
        .build()));
    pool = new PythonContextPool(List.of(PythonResources.locate(home.resolve("cache"))), 1, List.of());
    assertThat(pool.awaitWarm(Duration.ofMinutes(2))).isTrue();
    pool.extendPythonPath(List.of(DOCKER_SHIM));
    processor = new DagFileProcessor(pool, registry, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (pool != null) {
      pool.close();
    }
  }

  private static FileParseResult parse(String body) throws Exception {
    Path file = home.resolve("docker_dag.py");
    Files.writeString(file, """
        from datetime import datetime
        from airflow import DAG
        from airflow.providers.docker.operators.docker import DockerOperator
        from docker.types import Mount, DeviceRequest

        with DAG("docker_dag", start_date=datetime(2024, 1, 1), schedule=None) as dag:
        """ + body);
    return processor.parse(file);
  }

  @Test
  void aDagFileImportsTheDockerShimAndYieldsAJavaTask() throws Exception {
    FileParseResult result = parse("""
            DockerOperator(task_id="t", image="aloft/busybox:latest", command="echo {{ ds }}",
                           mounts=[Mount(target="/data", source="/srv", type="bind")],
                           device_requests=[DeviceRequest(count=-1, capabilities=[["gpu"]])], auto_remove=True)
        """);

    assertThat(result.error()).isEmpty();
    TaskSpec task = result.dags().get(0).tasks().get(0);
    assertThat(task.operator()).isEqualTo("DockerOperator");
    assertThat(task.executor()).isEqualTo("java");
    assertThat(task.args())
        .containsEntry("image", "aloft/busybox:latest")
        .containsEntry("mounts", List.of(Map.of("target", "/data", "source", "/srv", "type", "bind", "read_only", false, "no_copy", false)))
        .containsEntry("device_requests", List.of(Map.of("driver", "", "count", -1, "capabilities", List.of(List.of("gpu")))));
  }

  @Test
  void aMissingImageIsAnImportErrorOnItsLine() throws Exception {
    FileParseResult result = parse("""
            DockerOperator(task_id="t")
        """);

    assertThat(result.error()).hasValueSatisfying(e -> {
      assertThat(e.lineno()).isEqualTo(7);
      assertThat(e.message()).contains("image");
    });
  }
}
