package io.aloft.graphgrid.gpu;

import java.util.Objects;
import java.util.Optional;

/**
 * A compute process holding GPU memory.
 *
 * @param pid the process id in the host's PID namespace
 * @param usedMiB GPU memory it holds, in MiB
 * @param gpuUuid the UUID of the device it runs on (see {@link GpuDevice#uuid()})
 * @param container the Docker container it runs in, when known (full or short id, or a simulated session)
 */
public record GpuProcess(long pid, long usedMiB, String gpuUuid, Optional<String> container) {

  public GpuProcess {
    Objects.requireNonNull(gpuUuid, "gpuUuid");
    Objects.requireNonNull(container, "container");
  }
}
