package io.aloft.graphgrid.gpu;

import java.util.Objects;

/**
 * One GPU as seen at one moment.
 *
 * @param index the device index (as in {@code CUDA_VISIBLE_DEVICES} and nvidia-smi)
 * @param name the product name, e.g. {@code NVIDIA GeForce RTX 3090}
 * @param uuid the device UUID that compute processes refer to, or empty when the probe does not know it
 * @param totalMiB total memory in MiB
 * @param usedMiB memory in use in MiB
 * @param freeMiB memory free in MiB (not always total minus used: the driver reserves some)
 * @param driverVersion the driver version, e.g. {@code 550.54.15}
 */
public record GpuDevice(int index, String name, String uuid, long totalMiB, long usedMiB, long freeMiB,
                        String driverVersion) {

  public GpuDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(driverVersion, "driverVersion");
    if (index < 0 || totalMiB < 0 || usedMiB < 0 || freeMiB < 0) {
      throw new IllegalArgumentException("negative index or memory in " + name);
    }
  }
}
