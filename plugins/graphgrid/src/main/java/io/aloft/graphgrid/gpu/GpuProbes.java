package io.aloft.graphgrid.gpu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the GPU probe from the plugin settings ({@code TaskContext.settings()}): {@code gpu} is
 * {@code simulated} (from {@code ALOFT_GPU=simulated}) or anything else for nvidia-smi; {@code gpu_simulated}
 * sizes the simulated devices (default {@value #DEFAULT_SIMULATED}).
 *
 * <p>A simulated GPU is shared by every task of the daemon (one per node and spec), as a real GPU is shared by every
 * container on the host: the training task that allocates and the preflight that reads must see one state. Tasks
 * whose settings name another {@link GpuNodes#NODE} see another simulated machine, so one process can stand in for
 * several GPU machines in tests.
 */
public final class GpuProbes {

  /** Settings key selecting the probe. */
  public static final String GPU = "gpu";
  /** Settings key sizing the simulated devices. */
  public static final String GPU_SIMULATED = "gpu_simulated";
  /** One device of 24 GiB, a common training card. */
  public static final String DEFAULT_SIMULATED = "1x24576";

  private static final Map<String, SimulatedGpu> SIMULATED = new ConcurrentHashMap<>();

  private GpuProbes() {}

  /** True when the settings ask for the simulated GPU. */
  public static boolean simulated(Map<String, String> settings) {
    return "simulated".equalsIgnoreCase(settings.getOrDefault(GPU, "").strip());
  }

  /** The probe the settings ask for. */
  public static GpuProbe fromSettings(Map<String, String> settings) {
    return simulated(settings) ? simulatedGpu(settings) : new NvidiaSmiProbe();
  }

  /** The daemon-wide simulated GPU of these settings' node and spec. */
  public static SimulatedGpu simulatedGpu(Map<String, String> settings) {
    String spec = settings.getOrDefault(GPU_SIMULATED, DEFAULT_SIMULATED).strip();
    String node = settings.getOrDefault(GpuNodes.NODE, "").strip();
    String key = spec.isEmpty() ? DEFAULT_SIMULATED : spec;
    return SIMULATED.computeIfAbsent(node + "\u0000" + key, k -> SimulatedGpu.parse(key));
  }
}
