package io.aloft.graphgrid.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.graphgrid.gpu.CommandRunner;
import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuCheckTest {

  static final String DOCKER_WITH_NVIDIA = """
      {"ID":"abc","Containers":3,"ServerVersion":"28.2.2","DefaultRuntime":"runc",
       "Runtimes":{"io.containerd.runc.v2":{"path":"runc"},"nvidia":{"path":"nvidia-container-runtime"},
                   "runc":{"path":"runc"}}}
      """;
  static final String DOCKER_PLAIN = """
      {"ServerVersion":"26.1.5+dfsg1","DefaultRuntime":"runc","Runtimes":{"io.containerd.runc.v2":{"path":"runc"},"runc":{"path":"runc"}}}
      """;

  private static GpuProbe gpus(GpuDevice... devices) {
    return new GpuProbe() {
      @Override
      public GpuSnapshot snapshot() {
        return new GpuSnapshot(List.of(devices), List.of());
      }

      @Override
      public String describe() {
        return "nvidia-smi";
      }
    };
  }

  private static final GpuDevice RTX = new GpuDevice(0, "NVIDIA GeForce RTX 3090", "GPU-1", 24576, 312, 23964,
      "550.54.15");

  @Test
  void parsesDockerRuntimes() {
    var runtimes = DockerRuntimes.parse(DOCKER_WITH_NVIDIA);

    assertThat(runtimes.names()).containsExactly("io.containerd.runc.v2", "nvidia", "runc");
    assertThat(runtimes.hasNvidia()).isTrue();
    assertThat(runtimes.defaultRuntime()).isEqualTo("runc");
    assertThat(DockerRuntimes.parse(DOCKER_PLAIN).hasNvidia()).isFalse();
    assertThat(DockerRuntimes.parse("{}").names()).isEmpty();
    assertThatThrownBy(() -> DockerRuntimes.parse("Cannot connect to the Docker daemon"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReadyHostSaysSo() {
    var report = new GpuCheck(gpus(RTX), () -> DOCKER_WITH_NVIDIA).run();
    String text = GpuCheckFormatter.format(report);

    assertThat(report.gpuTrainingPossible()).isTrue();
    assertThat(text).contains(
        "GPU probe: nvidia-smi",
        "Driver: 550.54.15",
        "[0] NVIDIA GeForce RTX 3090: 24,576 MiB total, 312 MiB used, 23,964 MiB free, 0 compute process(es)",
        "Docker: 28.2.2, runtimes io.containerd.runc.v2, nvidia, runc (default runc)",
        "NVIDIA container runtime: yes",
        "Result: GPU training can run here.");
    assertThat(text).doesNotContain("To fix");
  }

  @Test
  void aGpuWithoutTheNvidiaRuntimeSaysToInstallTheToolkit() {
    var report = new GpuCheck(gpus(RTX), () -> DOCKER_PLAIN).run();
    String text = GpuCheckFormatter.format(report);

    assertThat(report.gpuTrainingPossible()).isFalse();
    assertThat(text).contains("NVIDIA container runtime: no", "Result: GPU training cannot run here; CPU training still can.",
        "Docker has no NVIDIA runtime: install the NVIDIA Container Toolkit", "nvidia-ctk runtime configure");
  }

  @Test
  void noDriverAndNoDockerAreBothExplained() {
    GpuProbe missing = new GpuProbe() {
      @Override
      public GpuSnapshot snapshot() throws GpuUnavailableException {
        throw new GpuUnavailableException("nvidia-smi was not found: install the driver");
      }

      @Override
      public String describe() {
        return "nvidia-smi";
      }
    };
    DockerInfoSource down = () -> {
      throw new IOException("the Docker daemon did not answer: start it");
    };

    String text = GpuCheckFormatter.format(new GpuCheck(missing, down).run());

    assertThat(text).contains("GPUs: unknown: nvidia-smi was not found", "Docker: unknown: the Docker daemon did not answer",
        "  - nvidia-smi was not found: install the driver", "  - the Docker daemon did not answer: start it",
        "  - to try the GPU path without a GPU, set ALOFT_GPU=simulated");
  }

  @Test
  void noGpuFound() {
    String text = GpuCheckFormatter.format(new GpuCheck(gpus(), () -> DOCKER_WITH_NVIDIA).run());

    assertThat(text).contains("GPUs: none found", "no GPU is visible to the driver");
  }

  @Test
  void theSimulatedGpuNeedsNoNvidiaRuntime() {
    var report = new GpuCheck(SimulatedGpu.parse("1x24576"), () -> DOCKER_PLAIN).run();

    assertThat(report.simulated()).isTrue();
    assertThat(report.gpuTrainingPossible()).isTrue();
    assertThat(GpuCheckFormatter.format(report)).contains("GPU probe: simulated 1x24576 MiB", "Driver: simulated",
        "SIMULATED GPU");
  }

  @Test
  void theDockerCliSourceExplainsADownDaemon() {
    CommandRunner daemonDown = (command, timeout) -> new CommandRunner.Result(1,
        "{\"ServerErrors\":[\"Cannot connect to the Docker daemon at unix:///var/run/docker.sock\"]}", "");
    CommandRunner noDocker = (command, timeout) -> {
      throw new IOException("Cannot run program \"docker\": error=2, No such file or directory");
    };

    assertThatThrownBy(() -> DockerInfoSource.cli(daemonDown).dockerInfoJson())
        .hasMessageContaining("the Docker daemon did not answer").hasMessageContaining("systemctl start docker");
    assertThatThrownBy(() -> DockerInfoSource.cli(noDocker).dockerInfoJson())
        .hasMessageContaining("install Docker");
    assertThat(catchRunsWith(List.of("docker", "info", "--format", "{{json .}}"))).isTrue();
  }

  private static boolean catchRunsWith(List<String> expected) {
    var seen = new java.util.ArrayList<List<String>>();
    try {
      DockerInfoSource.cli((command, timeout) -> {
        seen.add(command);
        return new CommandRunner.Result(0, DOCKER_PLAIN, "");
      }).dockerInfoJson();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    return seen.equals(List.of(expected));
  }
}
