package io.aloft.graphgrid.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NvidiaSmiOutputTest {

  static final String TWO_GPUS = """
      0, NVIDIA GeForce RTX 3090, 24576, 9337, 14923, 550.54.15, GPU-5c3f8a2e-1b7d-4f0e-9c61-0a4b2d8e7f11
      1, NVIDIA A100-SXM4-80GB, 81920, 4, 81042, 550.54.15, GPU-9e0d4c1a-77b2-4d3c-8f5e-2b6a1c9d0e33
      """;
  static final String APPS = """
      2417, 8012, GPU-5c3f8a2e-1b7d-4f0e-9c61-0a4b2d8e7f11
      3050, 1310, GPU-5c3f8a2e-1b7d-4f0e-9c61-0a4b2d8e7f11
      """;

  @Test
  void parsesDevicesWithUuids() {
    var devices = NvidiaSmiOutput.devices(TWO_GPUS);

    assertThat(devices).containsExactly(
        new GpuDevice(0, "NVIDIA GeForce RTX 3090", "GPU-5c3f8a2e-1b7d-4f0e-9c61-0a4b2d8e7f11", 24576, 9337, 14923,
            "550.54.15"),
        new GpuDevice(1, "NVIDIA A100-SXM4-80GB", "GPU-9e0d4c1a-77b2-4d3c-8f5e-2b6a1c9d0e33", 81920, 4, 81042,
            "550.54.15"));
  }

  @Test
  void parsesTheDocumentedSixColumnQueryAndNamesWithCommas() {
    var devices = NvidiaSmiOutput.devices("0, Tesla T4, rev 2, 15360, 0, 14912, 535.129.03\n");

    assertThat(devices).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("Tesla T4, rev 2");
      assertThat(d.uuid()).isEmpty();
      assertThat(d.freeMiB()).isEqualTo(14912);
      assertThat(d.driverVersion()).isEqualTo("535.129.03");
    });
  }

  @Test
  void unreportableValuesReadAsZero() {
    var devices = NvidiaSmiOutput.devices("0, NVIDIA GH200 480GB, [N/A], [N/A], [N/A], 560.35.03, GPU-1\n");

    assertThat(devices.getFirst().totalMiB()).isZero();
    assertThat(NvidiaSmiOutput.processes("77, [Not Supported], GPU-1\n", pid -> Optional.empty()))
        .containsExactly(new GpuProcess(77, 0, "GPU-1", Optional.empty()));
  }

  @Test
  void noDevicesIsAnEmptyList() {
    assertThat(NvidiaSmiOutput.devices("No devices were found\n")).isEmpty();
    assertThat(NvidiaSmiOutput.devices("")).isEmpty();
  }

  @Test
  void parsesComputeAppsAndAsksForTheirContainers() {
    var processes = NvidiaSmiOutput.processes(APPS, pid -> pid == 2417 ? Optional.of("abc123") : Optional.empty());

    assertThat(processes).containsExactly(
        new GpuProcess(2417, 8012, "GPU-5c3f8a2e-1b7d-4f0e-9c61-0a4b2d8e7f11", Optional.of("abc123")),
        new GpuProcess(3050, 1310, "GPU-5c3f8a2e-1b7d-4f0e-9c61-0a4b2d8e7f11", Optional.empty()));
    assertThat(NvidiaSmiOutput.processes("No running processes found\n", pid -> Optional.empty())).isEmpty();
  }

  @Test
  void aMalformedLineIsNamed() {
    assertThatThrownBy(() -> NvidiaSmiOutput.devices("garbage\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage");
  }
}
