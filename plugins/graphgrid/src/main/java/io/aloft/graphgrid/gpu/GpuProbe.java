package io.aloft.graphgrid.gpu;

/**
 * Reads the GPUs of this host: devices, memory, driver and the compute processes using them.
 *
 * <p>Two implementations: {@link NvidiaSmiProbe} asks {@code nvidia-smi} on a real host, {@link SimulatedGpu}
 * models GPUs in memory for tests and for demos on machines without one. {@link GpuProbes#fromSettings}
 * picks one from the plugin settings. Implementations are thread-safe; each call takes a fresh snapshot.
 *
 * <pre>{@code
 * GpuSnapshot now = GpuProbes.fromSettings(ctx.settings()).snapshot();
 * long free = now.devices().stream().mapToLong(GpuDevice::freeMiB).max().orElse(0);
 * }</pre>
 */
public interface GpuProbe {

  /**
   * The GPUs and their compute processes now. A host without GPUs gives an empty snapshot.
   *
   * @throws GpuUnavailableException when the state cannot be read (no nvidia-smi, driver not loaded); the
   *     message carries the fix
   */
  GpuSnapshot snapshot() throws GpuUnavailableException;

  /** What this probe reads, for logs: {@code nvidia-smi} or {@code simulated 1x24576 MiB}. */
  String describe();
}
