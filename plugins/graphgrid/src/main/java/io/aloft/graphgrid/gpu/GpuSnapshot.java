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

  /**
   * The compute processes of one container. Ids match by prefix either way, as Docker prints 12-character ids
   * and cgroups carry 64; a blank id matches nothing.
   */
  public List<GpuProcess> processesOf(String container) {
    if (container.isBlank()) {
      return List.of();
    }
    return processes.stream()
        .filter(p -> p.container().filter(c -> c.startsWith(container) || container.startsWith(c)).isPresent())
        .toList();
  }

  /** GPU memory, in MiB, held by the processes of one container (see {@link #processesOf}). */
  public long usedByContainer(String container) {
    return processesOf(container).stream().mapToLong(GpuProcess::usedMiB).sum();
  }
}
