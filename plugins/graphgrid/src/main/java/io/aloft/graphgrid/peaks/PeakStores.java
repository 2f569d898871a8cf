package io.aloft.graphgrid.peaks;

import io.aloft.graphgrid.gpu.GpuProbes;
import java.util.Map;

/**
 * The peak history a task uses: on a real GPU the file under the home ({@link FilePeakSamples}), with the simulated
 * GPU one in-memory history per daemon (simulated peaks must not teach the estimates of a real GPU).
 */
public final class PeakStores {

  private static final PeakSamples SIMULATED = new InMemoryPeakSamples();

  private PeakStores() {}

  public static PeakSamples fromSettings(Map<String, String> settings) {
    return GpuProbes.simulated(settings) ? SIMULATED : FilePeakSamples.fromSettings(settings);
  }
}
