package io.aloft.graphgrid.peaks;

import java.time.Instant;
import java.util.Objects;

/**
 * What one finished GPU session of a model used: its highest per-process GPU memory reading, the size of its
 * dataset, and whether it died of GPU out-of-memory (then {@code peakMiB} is the reservation it was given, a lower
 * bound of what it needs).
 *
 * @param model the model type, e.g. {@code named_entity_recognition}
 * @param datasetBytes the size of its training data, 0 when unknown
 * @param peakMiB the highest reading of its process(es) on the GPU, or the reservation it overran when {@code oom}
 * @param oom whether the session died of GPU out-of-memory
 * @param at when it ended
 */
public record PeakSample(String model, long datasetBytes, long peakMiB, boolean oom, Instant at) {

  public PeakSample {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(at, "at");
    if (datasetBytes < 0 || peakMiB < 0) {
      throw new IllegalArgumentException("negative dataset size or peak for " + model);
    }
  }

  /** A session that finished (well or not, but not of out-of-memory) with this peak. */
  public static PeakSample peak(String model, long datasetBytes, long peakMiB, Instant at) {
    return new PeakSample(model, datasetBytes, peakMiB, false, at);
  }

  /** A session that died of GPU out-of-memory while it was given {@code reservedMiB}. */
  public static PeakSample outOfMemory(String model, long datasetBytes, long reservedMiB, Instant at) {
    return new PeakSample(model, datasetBytes, reservedMiB, true, at);
  }
}
