package io.aloft.graphgrid.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NvidiaSmiProbeTest {

  private final List<List<String>> ran = new ArrayList<>();

  private CommandRunner answering(CommandRunner.Result gpus, CommandRunner.Result apps) {
    return (command, timeout) -> {
      ran.add(command);
      return command.get(1).startsWith("--query-gpu") ? gpus : apps;
    };
  }

  @Test
  void snapshotJoinsDevicesAndProcessesWithTheirContainers() throws Exception {
    var probe = new NvidiaSmiProbe(answering(new CommandRunner.Result(0, NvidiaSmiOutputTest.TWO_GPUS, ""),
        new CommandRunner.Result(0, NvidiaSmiOutputTest.APPS, "")),
        pid -> pid == 2417 ? Optional.of("f".repeat(64)) : Optional.empty());

    GpuSnapshot snapshot = probe.snapshot();

    assertThat(ran).containsExactly(NvidiaSmiProbe.QUERY_GPUS, NvidiaSmiProbe.QUERY_APPS);
    assertThat(snapshot.devices()).hasSize(2);
    assertThat(snapshot.driverVersion()).contains("550.54.15");
    assertThat(snapshot.processesOn(snapshot.devices().getFirst())).hasSize(2);
    assertThat(snapshot.processesOn(snapshot.devices().get(1))).isEmpty();
    assertThat(snapshot.usedByContainer("ffffffffffff")).isEqualTo(8012);
  }

  @Test
  void noDevicesIsAnEmptySnapshotNotAnError() throws Exception {
    var probe = new NvidiaSmiProbe(answering(new CommandRunner.Result(6, "No devices were found\n", ""), null),
        pid -> Optional.empty());

    assertThat(probe.snapshot()).isEqualTo(GpuSnapshot.empty());
    assertThat(ran).hasSize(1);
  }

  @Test
  void aMissingBinarySaysWhatToInstallOrSimulate() {
    CommandRunner missing = (command, timeout) -> {
      throw new IOException("Cannot run program \"nvidia-smi\": error=2, No such file or directory");
    };

    assertThatThrownBy(() -> new NvidiaSmiProbe(missing, pid -> Optional.empty()).snapshot())
        .isInstanceOf(GpuUnavailableException.class)
        .hasMessageContaining("nvidia-smi was not found")
        .hasMessageContaining("ALOFT_GPU=simulated");
  }

  @Test
  void aDriverFailureIsReportedWithItsOutput() {
    String said = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
        + "Make sure that the latest NVIDIA driver is installed and running.";
    var probe = new NvidiaSmiProbe(answering(new CommandRunner.Result(9, said + "\n", ""), null),
        pid -> Optional.empty());

    assertThatThrownBy(probe::snapshot)
        .isInstanceOf(GpuUnavailableException.class)
        .hasMessageContaining("exit 9")
        .hasMessageContaining("couldn't communicate")
        .hasMessageContaining("modprobe nvidia");
  }

  @Test
  void theRealRunnerReportsAMissingProgramAsUnavailable() {
    var probe = new NvidiaSmiProbe(CommandRunner.system(), pid -> Optional.empty());
    // On a host with a GPU this reads it; elsewhere it must explain, not crash.
    try {
      assertThat(probe.snapshot().devices()).allSatisfy(d -> assertThat(d.totalMiB()).isPositive());
    } catch (GpuUnavailableException e) {
      assertThat(e.getMessage()).contains("nvidia-smi");
    }
  }
}
