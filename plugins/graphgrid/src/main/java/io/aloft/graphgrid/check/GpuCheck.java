package io.aloft.graphgrid.check;

import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import java.io.IOException;
import java.util.Optional;

/**
 * The compatibility check behind {@code aloft gpu check}: reads the GPUs through a {@link GpuProbe} and the
 * Docker runtimes through a {@link DockerInfoSource}, never failing itself, so that every problem ends up in
 * the report with its fix. {@link GpuCheckFormatter} turns the report into text.
 *
 * <pre>{@code
 * GpuProbe probe = GpuProbes.fromSettings(settings);
 * GpuCheckReport report = new GpuCheck(probe, DockerInfoSource.cli(CommandRunner.system())).run();
 * System.out.print(GpuCheckFormatter.format(report));
 * System.exit(report.gpuTrainingPossible() ? 0 : 1);
 * }</pre>
 */
public final class GpuCheck {

  private final GpuProbe probe;
  private final DockerInfoSource docker;

  public GpuCheck(GpuProbe probe, DockerInfoSource docker) {
    this.probe = probe;
    this.docker = docker;
  }

  /** Probes both and reports; interrupts are restored and reported as a problem. */
  public GpuCheckReport run() {
    Optional<GpuSnapshot> gpus = Optional.empty();
    Optional<String> gpuProblem = Optional.empty();
    try {
      gpus = Optional.of(probe.snapshot());
    } catch (GpuUnavailableException e) {
      gpuProblem = Optional.of(e.getMessage());
    }
    Optional<DockerRuntimes> runtimes = Optional.empty();
    Optional<String> dockerProblem = Optional.empty();
    try {
      runtimes = Optional.of(DockerRuntimes.parse(docker.dockerInfoJson()));
    } catch (IOException | IllegalArgumentException e) {
      dockerProblem = Optional.of(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dockerProblem = Optional.of("interrupted while asking Docker");
    }
    return new GpuCheckReport(probe.describe(), probe instanceof SimulatedGpu, gpus, gpuProblem, runtimes,
        dockerProblem);
  }
}
