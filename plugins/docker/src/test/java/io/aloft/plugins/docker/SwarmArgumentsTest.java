package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.TaskLog;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DockerSwarmOperator's arguments into the Engine API's ServiceSpec, as docker-py would build it. */
class SwarmArgumentsTest {

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("image", "aloft/busybox:latest");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> spec(Map<String, Object> args) {
    return SwarmArguments.serviceSpec(args, "airflow-abc", "sha256:img", Map.of("io.aloft.task_id", "t"));
  }

  @Test
  void minimalServiceRunsOneReplicaOnceWithTheCommandAndEnvironment() {
    Map<String, Object> spec = spec(args("command", "sh -c 'echo hi'", "args", "--x 'y z'",
        "environment", Map.of("A", "1"), "private_environment", Map.of("TOKEN", "s"), "user", "nobody", "tty", true));

    assertThat(spec).containsEntry("Name", "airflow-abc").containsEntry("Labels", Map.of("io.aloft.task_id", "t"))
        .containsEntry("Mode", Map.of("Replicated", Map.of("Replicas", 1)));
    Map<String, Object> task = map(spec.get("TaskTemplate"));
    assertThat(task).containsEntry("RestartPolicy", Map.of("Condition", "none"))
        .doesNotContainKeys("Resources", "Placement", "Networks", "LogDriver");
    Map<String, Object> container = map(task.get("ContainerSpec"));
    assertThat(container).containsEntry("Image", "sha256:img")
        .containsEntry("Command", List.of("sh", "-c", "echo hi"))
        .containsEntry("Args", List.of("--x", "y z"))
        .containsEntry("User", "nobody")
        .containsEntry("TTY", true)
        .containsEntry("Labels", Map.of("io.aloft.task_id", "t"));
    assertThat(SwarmArgumentsTest.<List<String>>cast(container.get("Env"))).containsExactlyInAnyOrder("A=1", "TOKEN=s", "AIRFLOW_TMP_DIR=/tmp/airflow");
  }

  @Test
  void gpuGenericResourcesAreReservationsAndCpuMemoryLimitsAsDockerPyMapsThem() {
    Map<String, Object> resources = map(map(spec(args("container_resources", Map.of(
        "cpu_limit", 2_000_000_000L, "mem_limit", "4g", "cpu_reservation", 500_000_000, "mem_reservation", 1024,
        "generic_resources", Map.of("gpu", 2)))).get("TaskTemplate")).get("Resources"));

    assertThat(resources).containsEntry("Limits", Map.of("NanoCPUs", 2_000_000_000L, "MemoryBytes", 4L << 30));
    assertThat(map(resources.get("Reservations")))
        .containsEntry("NanoCPUs", 500_000_000L)
        .containsEntry("MemoryBytes", 1024L)
        .containsEntry("GenericResources", List.of(Map.of("DiscreteResourceSpec", Map.of("Kind", "gpu", "Value", 2L))));
  }

  @Test
  void namedGenericResourcesAndDockerdStyleStringsAndMemLimitWithoutResources() {
    assertThat(SwarmArguments.genericResources(Map.of("gpu", "GPU-0a1b")))
        .containsExactly(Map.of("NamedResourceSpec", Map.of("Kind", "gpu", "Value", "GPU-0a1b")));
    assertThat(SwarmArguments.genericResources(List.of("gpu=1", "gpu=GPU-2")))
        .containsExactly(Map.of("DiscreteResourceSpec", Map.of("Kind", "gpu", "Value", 1L)),
            Map.of("NamedResourceSpec", Map.of("Kind", "gpu", "Value", "GPU-2")));
    // Airflow: container_resources defaults to Resources(mem_limit=mem_limit).
    assertThat(SwarmArguments.resources(null, "512m")).isEqualTo(Map.of("Limits", Map.of("MemoryBytes", 512L << 20)));
    assertThatThrownBy(() -> SwarmArguments.genericResources(Map.of("gpu", 1.5)))
        .hasMessageContaining("count (int) or a resource name");
  }

  @Test
  void placementFromAPlacementOrAConstraintList() {
    assertThat(SwarmArguments.placement(List.of("node.role==manager")))
        .isEqualTo(Map.of("Constraints", List.of("node.role==manager")));
    Map<String, Object> p = SwarmArguments.placement(Map.of(
        "constraints", List.of("node.labels.gpu==true"),
        "preferences", List.of(Map.of("strategy", "spread", "descriptor", "node.labels.zone"), List.of("spread", "node.id")),
        "platforms", List.of(List.of("x86_64", "linux")),
        "maxreplicas", 1));
    assertThat(p).containsEntry("Constraints", List.of("node.labels.gpu==true"))
        .containsEntry("Preferences", List.of(Map.of("Spread", Map.of("SpreadDescriptor", "node.labels.zone")),
            Map.of("Spread", Map.of("SpreadDescriptor", "node.id"))))
        .containsEntry("Platforms", List.of(Map.of("Architecture", "x86_64", "OS", "linux")))
        .containsEntry("MaxReplicas", 1L);
    assertThatThrownBy(() -> SwarmArguments.placement(Map.of("preferences", List.of(List.of("pack", "x")))))
        .hasMessageContaining("only has 'spread'");
  }

  @Test
  void networksByNameOrAttachmentConfig() {
    assertThat(SwarmArguments.networks(List.of("backend",
        Map.of("target", "frontend", "aliases", List.of("trainer"), "options", Map.of("k", "v")))))
        .containsExactly(Map.of("Target", "backend"),
            Map.of("Target", "frontend", "Aliases", List.of("trainer"), "DriverOpts", Map.of("k", "v")));
    assertThatThrownBy(() -> SwarmArguments.networks(List.of(Map.of("aliases", List.of("x")))))
        .hasMessageContaining("needs a target");
  }

  @Test
  void modesReplicatedGlobalAndJobsButOneReplica() {
    assertThat(SwarmArguments.mode(Map.of("mode", "global"))).isEqualTo(Map.of("Global", Map.of()));
    assertThat(SwarmArguments.mode("replicated")).isEqualTo(Map.of("Replicated", Map.of("Replicas", 1)));
    assertThat(SwarmArguments.mode(Map.of("Global", Map.of()))).isEqualTo(Map.of("Global", Map.of()));
    assertThat(SwarmArguments.mode(Map.of("mode", "replicated-job")))
        .isEqualTo(Map.of("ReplicatedJob", Map.of("MaxConcurrent", 1, "TotalCompletions", 1)));
    assertThatThrownBy(() -> SwarmArguments.mode(Map.of("mode", "replicated", "replicas", 3)))
        .hasMessageContaining("one replica");
    assertThatThrownBy(() -> SwarmArguments.mode("everywhere")).hasMessageContaining("not one of");
  }

  @Test
  void configsAndSecretsBecomeFilesAsDockerPyMakesThem() {
    Map<String, Object> container = map(map(spec(args(
        "configs", List.of(Map.of("config_id", "c1", "config_name", "train-config", "filename", "/etc/t.yaml", "mode", 0400)),
        "secrets", List.of(Map.of("secret_id", "s1", "secret_name", "token")),
        "mounts", List.of(Map.of("target", "/data", "source", "vol")))).get("TaskTemplate")).get("ContainerSpec"));

    assertThat(container.get("Configs")).isEqualTo(List.of(Map.of("ConfigID", "c1", "ConfigName", "train-config",
        "File", Map.of("Name", "/etc/t.yaml", "UID", "0", "GID", "0", "Mode", 256L))));
    assertThat(container.get("Secrets")).isEqualTo(List.of(Map.of("SecretID", "s1", "SecretName", "token",
        "File", Map.of("Name", "token", "UID", "0", "GID", "0", "Mode", 292L))));
    assertThat(SwarmArgumentsTest.<List<Object>>cast(container.get("Mounts"))).singleElement()
        .satisfies(m -> assertThat(map(m)).containsEntry("Target", "/data").containsEntry("Source", "vol")
            .containsEntry("Type", "volume"));
    assertThatThrownBy(() -> SwarmArguments.references("secrets", "Secret", List.of(Map.of("secret_name", "x"))))
        .hasMessageContaining("secret_id");
  }

  @Test
  void loggingDriverIsJsonFileOrGelfAndUnsupportedOptionsAreRefused() {
    assertThat(map(spec(args("logging_driver", "gelf", "logging_driver_opts", Map.of("gelf-address", "udp://x:12201")))
        .get("TaskTemplate")).get("LogDriver"))
        .isEqualTo(Map.of("Name", "gelf", "Options", Map.of("gelf-address", "udp://x:12201")));
    assertThatThrownBy(() -> spec(args("logging_driver", "syslog"))).hasMessageContaining("Invalid logging driver");
    assertThatThrownBy(() -> SwarmArguments.options(args("retrieve_output", true, "retrieve_output_path", "/x")))
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> SwarmArguments.options(args("service_prefix", "bad_prefix")))
        .hasMessageContaining("service_prefix");
    assertThat(SwarmArguments.options(args()).autoRemove()).isEqualTo(AutoRemove.NEVER);
  }

  @Test
  void serviceNamesAreStablePerTryAndDifferBetweenTries() {
    Map<String, String> try1 = DockerTaskRunner.taskLabels("d", "r", "t", -1);
    try1.put(DockerTaskRunner.TRY_LABEL, "1");
    Map<String, String> try2 = new HashMap<>(try1);
    try2.put(DockerTaskRunner.TRY_LABEL, "2");
    String name = SwarmTaskRunner.serviceName("airflow", try1);
    assertThat(name).matches("airflow-[0-9a-f]{16}").isEqualTo(SwarmTaskRunner.serviceName("airflow", try1));
    assertThat(SwarmTaskRunner.serviceName("airflow", try2)).isNotEqualTo(name);
  }

  @Test
  void descriptorDeclaresAirflowPathAndEveryDockerOperatorArgument() {
    OperatorDescriptor d = DockerProvider.swarmDescriptor();
    assertThat(d.pythonPaths()).containsExactly("airflow.providers.docker.operators.docker_swarm.DockerSwarmOperator");
    assertThat(d.isSecret("private_environment")).isTrue();
    assertThat(d.arguments()).extracting(a -> a.name())
        .contains("image", "command", "args", "enable_logging", "configs", "secrets", "mode", "networks", "placement",
            "container_resources", "auto_remove", "private_environment");
    assertThat(d.factory().create(args())).isInstanceOf(io.aloft.sdk.ResumableOperator.class);
  }

  @Test
  void timestampedLogLinesAreWrittenOnceWithoutTheirTimestamp() {
    FakeTaskContext ctx = FakeTaskContext.forTask("d", "t");
    Set<String> written = new HashSet<>();
    TaskLog follow = SwarmTaskRunner.once(ctx.log(), written);
    follow.output("2026-12-04T19:23:58.4775234Z one");
    TaskLog catchUp = SwarmTaskRunner.once(ctx.log(), written);
    catchUp.output("2026-12-04T19:23:58.48Z two");
    catchUp.output("2026-12-04T19:23:58.4775234Z one");
    catchUp.output("2026-12-04T19:23:59Z ");
    catchUp.output("no timestamp");

    assertThat(ctx.outputLines()).containsExactly("one", "two", "", "no timestamp");
  }
}
