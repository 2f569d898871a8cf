package io.aloft.graphgrid.check;

import io.aloft.graphgrid.gpu.GpuSnapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code aloft gpu check} found.
 *
 * @param probe the probe used ({@code nvidia-smi} or {@code simulated ...})
 * @param simulated whether that probe is the simulated GPU
 * @param gpus the GPUs, or empty when they could not be read
 * @param gpuProblem why they could not be read, with the fix
 * @param docker Docker's runtimes, or empty when Docker could not be asked
 * @param dockerProblem why Docker could not be asked, with the fix
 */
public record GpuCheckReport(String probe, boolean simulated, Optional<GpuSnapshot> gpus, Optional<String> gpuProblem,
                             Optional<DockerRuntimes> docker, Optional<String> dockerProblem) {

  public GpuCheckReport {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(gpus, "gpus");
    Objects.requireNonNull(gpuProblem, "gpuProblem");
    Objects.requireNonNull(docker, "docker");
    Objects.requireNonNull(dockerProblem, "dockerProblem");
  }

  /** Whether at least one GPU was found. */
  public boolean hasGpu() {
    return gpus.map(s -> !s.devices().isEmpty()).orElse(false);
  }

  /**
   * Whether {@code nlp_model_training} can take its GPU branch here: a GPU and Docker's NVIDIA runtime, or the
   * simulated GPU (which runs its containers without a device request).
   */
  public boolean gpuTrainingPossible() {
    if (simulated) {
      return hasGpu();
    }
    return hasGpu() && docker.map(DockerRuntimes::hasNvidia).orElse(false);
  }
}
