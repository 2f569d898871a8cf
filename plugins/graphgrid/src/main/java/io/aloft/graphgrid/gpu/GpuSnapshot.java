package io.aloft.graphgrid.gpu;

import java.util.List;
import java.util.Optional;

/**
 * The GPUs of a host and the compute processes on them, at one moment. Immutable.
 *
 * @param devices every GPU, in index order; empty when the host has none
 * @param processes every compute process on any of them
 */
public record GpuSnapshot(List<GpuDevice> devices, List<GpuProcess> processes) {

  public GpuSnapshot {
    devices = List.copyOf(devices);
    processes = List.copyOf(processes);
  }

  /** A snapshot of a host without GPUs. */
  public static GpuSnapshot empty() {
    return new GpuSnapshot(List.of(), List.of());
  }

  /** The driver version of the first device; empty when there is none. */
  public Optional<String> driverVersion() {
    return devices.stream().map(GpuDevice::driverVersion).filter(v -> !v.isBlank()).findFirst();
  }

  /** The compute processes running on one device. */
  public List<GpuProcess> processesOn(GpuDevice device) {
    return processes.stream().filter(p -> p.gpuUuid().equals(device.uuid())).toList();
  }

  /** GPU memory, in MiB, held by processes of one container (its id, or a prefix of it). */
  public long usedByContainer(String container) {
    return processes.stream()
        .filter(p -> p.container().filter(c -> c.startsWith(container) || container.startsWith(c)).isPresent())
        .mapToLong(GpuProcess::usedMiB)
        .sum();
  }
}
