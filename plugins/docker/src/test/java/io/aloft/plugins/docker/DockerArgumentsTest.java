package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.aloft.sdk.OperatorDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerArgumentsTest {

  @Test
  void readsTheContainerSpec() {
    Map<String, Object> args = new HashMap<>();
    args.put("image", "aloft/busybox:latest");
    args.put("command", "echo hi");
    args.put("environment", Map.of("A", "1"));
    args.put("private_environment", Map.of("TOKEN", "s3cret"));
    args.put("env_file", "# comment\nA=0\nB='two words'\n");
    args.put("mem_limit", "512m");
    args.put("shm_size", 1024);
    args.put("cpus", 0.5);
    args.put("labels", List.of("team"));
    args.put("extra_hosts", Map.of("db", "10.0.0.2"));
    args.put("cap_add", List.of("NET_ADMIN"));
    args.put("user", 1000);

    ContainerSpec spec = DockerArguments.containerSpec(args).build();

    assertThat(spec.command()).containsExactly("echo", "hi");
    assertThat(spec.environment()).containsEntry("A", "1").containsEntry("B", "two words");
    assertThat(spec.privateEnvironment()).containsEntry("TOKEN", "s3cret");
    assertThat(spec.memoryBytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(spec.shmSizeBytes()).isEqualTo(1024L);
    assertThat(spec.cpuShares()).isEqualTo(512);
    assertThat(spec.labels()).containsEntry("team", "");
    assertThat(spec.extraHosts()).containsExactly("db:10.0.0.2");
    assertThat(spec.user()).isEqualTo("1000");
  }

  @Test
  void readsMountsInDockerPyAndEngineSpelling() {
    Mount bind = CommonArguments.mount(Map.of("target", "/data", "source", "/srv/data", "type", "bind", "read_only", true));
    Mount api = CommonArguments.mount(Map.of("Target", "/cache", "Source", "cache", "Type", "volume"));
    Mount tmpfs = CommonArguments.mount(Map.of("target", "/scratch", "type", "tmpfs", "tmpfs_size", "64m"));

    assertThat(bind.getType()).isEqualTo(MountType.BIND);
    assertThat(bind.getReadOnly()).isTrue();
    assertThat(bind.getSource()).isEqualTo("/srv/data");
    assertThat(api.getType()).isEqualTo(MountType.VOLUME);
    assertThat(api.getTarget()).isEqualTo("/cache");
    assertThat(tmpfs.getTmpfsOptions().getSizeBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void readsDeviceRequests() {
    DeviceRequest gpu = DockerArguments.deviceRequest(
        Map.of("driver", "nvidia", "count", -1, "capabilities", List.of(List.of("gpu"))));

    assertThat(gpu.getDriver()).isEqualTo("nvidia");
    assertThat(gpu.getCount()).isEqualTo(-1);
    assertThat(gpu.getCapabilities()).containsExactly(List.of("gpu"));
  }

  @Test
  void readsRunOptionsWithAirflowDefaults() {
    RunOptions defaults = DockerArguments.runOptions(Map.of("image", "x"));
    assertThat(defaults.autoRemove()).isEqualTo(AutoRemove.NEVER);
    assertThat(defaults.tmpDir()).isEqualTo("/tmp/airflow");
    assertThat(defaults.skipOnExitCodes()).isEmpty();

    RunOptions options = DockerArguments.runOptions(Map.of(
        "auto_remove", true, "skip_on_exit_code", List.of(99, 100), "mount_tmp_dir", false,
        "retrieve_output", true, "retrieve_output_path", "/tmp/out"));
    assertThat(options.autoRemove()).isEqualTo(AutoRemove.SUCCESS);
    assertThat(options.skipOnExitCodes()).containsExactlyInAnyOrder(99, 100);
    assertThat(options.tmpDir()).isNull();
    assertThat(options.retrieveOutputPath()).isEqualTo("/tmp/out");
  }

  @Test
  void rejectsBadValuesWithTheFix() {
    assertThatThrownBy(() -> AutoRemove.parse("sometimes")).hasMessageContaining("'never', 'success' or 'force'");
    assertThatThrownBy(() -> ByteSizes.parse("mem_limit", "lots")).hasMessageContaining("512m");
    assertThatThrownBy(() -> DockerArguments.runOptions(Map.of("retrieve_output", true)))
        .hasMessageContaining("retrieve_output_path");
  }

  @Test
  void theOperatorCanBeBuiltFromUnrenderedArguments() {
    Map<String, Object> unrendered = Map.of("image", "{{ params.image }}", "mem_limit", "{{ var.value.mem }}");

    assertThat(new DockerOperator(unrendered)).isInstanceOf(io.aloft.sdk.ResumableOperator.class);
  }

  @Test
  void resolvesTheEngine() {
    assertThat(DockerEndpoint.resolve(null, Map.of()).url()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(DockerEndpoint.resolve("unix://var/run/docker.sock", Map.of()).url()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(DockerEndpoint.resolve(null, Map.of("docker_host", "tcp://build:2375")).url()).isEqualTo("tcp://build:2375");
    assertThat(DockerEndpoint.resolve("tcp://mine:2376", Map.of("docker_host", "tcp://build:2375")).url()).isEqualTo("tcp://mine:2376");
    assertThat(DockerEndpoint.of("tcp://build:2375").isLocal()).isFalse();
  }

  @Test
  void descriptorDeclaresAirflowPathsTemplatesAndSecrets() {
    OperatorDescriptor d = DockerProvider.descriptor();

    assertThat(d.pythonPaths()).contains("airflow.providers.docker.operators.docker.DockerOperator");
    assertThat(d.templateFields()).containsExactlyInAnyOrder("image", "command", "environment", "env_file", "container_name");
    assertThat(d.isSecret("private_environment")).isTrue();
    assertThat(d.argument("image").orElseThrow().required()).isTrue();
    assertThat(d.pythonShimRoot()).contains("python");
  }
}
