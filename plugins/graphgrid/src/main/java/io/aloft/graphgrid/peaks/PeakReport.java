package io.aloft.graphgrid.peaks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code aloft gpu estimates} and the Models page show: per model, the static table's prior, the measured
 * samples and the reservation a new session gets now. Pure: the plugin command calls {@link #rows} or {@link #format}
 * with the shared history ({@link PeakStores#shared}) and {@link PeakEstimator#fromSettings}.
 */
public final class PeakReport {

  /**
   * One model's line.
   *
   * @param model the model type
   * @param priorMiB the static table's estimate
   * @param peaks measured peaks (sessions that did not run out of memory)
   * @param ooms sessions that died of GPU out-of-memory
   * @param lastPeaksMiB the latest measured peaks, oldest first (at most five)
   * @param reservation what a new session of unknown dataset size would reserve now
   */
  public record Row(String model, long priorMiB, int peaks, int ooms, List<Long> lastPeaksMiB,
                    Reservation reservation) {}

  private PeakReport() {}

  /** Every model of the table and of the history, sorted. */
  public static List<Row> rows(PeakEstimator estimator, PeakSamples samples) {
    Set<String> models = new TreeSet<>(estimator.prior().asMap().keySet());
    models.addAll(samples.models());
    List<Row> rows = new ArrayList<>();
    for (String model : models) {
      List<PeakSample> history = samples.of(model);
      List<Long> peaks = history.stream().filter(s -> !s.oom()).map(PeakSample::peakMiB).toList();
      rows.add(new Row(model, estimator.prior().mibFor(model), peaks.size(),
          (int) history.stream().filter(PeakSample::oom).count(),
          peaks.subList(Math.max(0, peaks.size() - 5), peaks.size()), estimator.reserve(model, 0, samples)));
    }
    return rows;
  }

  /** The rows as a fixed-width table, then one line per model saying how its reservation was reached. */
  public static String format(PeakEstimator estimator, PeakSamples samples) {
    List<Row> rows = rows(estimator, samples);
    StringBuilder out = new StringBuilder();
    out.append("%-32s %9s %6s %5s %11s  %s%n".formatted("MODEL", "PRIOR", "PEAKS", "OOMS", "RESERVE", "LAST PEAKS (MiB)"));
    for (Row r : rows) {
      out.append("%-32s %5d MiB %6d %5d %7d MiB  %s%n".formatted(r.model(), r.priorMiB(), r.peaks(), r.ooms(),
          r.reservation().mib(), r.lastPeaksMiB().isEmpty() ? "-" : r.lastPeaksMiB().toString()));
    }
    out.append(System.lineSeparator());
    for (Row r : rows) {
      out.append(r.model()).append(": ").append(r.reservation().explanation()).append(System.lineSeparator());
    }
    return out.toString();
  }
}
