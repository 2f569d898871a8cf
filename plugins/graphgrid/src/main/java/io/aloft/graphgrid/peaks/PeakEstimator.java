package io.aloft.graphgrid.peaks;

import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Learns a model's GPU memory reservation from its measured peaks. Pure code: history in, number out.
 *
 * <p>Without measured peaks the static table ({@link MemoryEstimates}) is the prior. With fewer than
 * {@code minSamples} it is the highest peak seen plus the margin; from then on a high percentile of the peaks plus
 * the margin, so a table that is too high stops wasting the GPU and one that is too low stops crashing it. The
 * margin is widened by {@code 10 % / samples} while there are few samples: they say little about the tail. When the peaks grow with
 * the dataset (a least-squares line through (size, peak) explains at least {@code minFit} of their variance, with
 * a positive slope), the line at this session's dataset size plus a percentile of the line's errors is used instead,
 * so a large dataset is not reserved like a small one. A session that died of GPU out-of-memory says its model
 * needs more than it was given: among the recent samples, each out-of-memory one sets a floor of what it was given
 * times {@code oomRaise}. Reservations are rounded up to 64 MiB. Immutable and thread-safe.
 */
public final class PeakEstimator {

  /** Settings keys (all optional): samples before learning, percentile, margin, raise after an OOM. */
  public static final String MIN_SAMPLES_SETTING = "gpu_peak_min_samples";
  public static final String PERCENTILE_SETTING = "gpu_peak_percentile";
  public static final String MARGIN_SETTING = "gpu_peak_margin";
  public static final String OOM_RAISE_SETTING = "gpu_oom_raise";

  static final int DEFAULT_MIN_SAMPLES = 3;
  static final double DEFAULT_PERCENTILE = 0.95;
  static final double DEFAULT_MARGIN = 0.05;
  static final double DEFAULT_OOM_RAISE = 1.5;
  /** Share of the peaks' variance the dataset size must explain before reservations scale with it. */
  static final double MIN_FIT = 0.6;
  /** Out-of-memory samples count as floors while they are among this many latest samples of their model. */
  static final int OOM_MEMORY = 10;
  private static final long ROUND_MIB = 64;
  /** The margin's widening with few samples: {@code margin + UNCERTAINTY / samples} (+10 % after one, +1 % after ten). */
  static final double UNCERTAINTY = 0.10;

  private final MemoryEstimates prior;
  private final int minSamples;
  private final double percentile;
  private final double margin;
  private final double oomRaise;

  public PeakEstimator(MemoryEstimates prior, int minSamples, double percentile, double margin, double oomRaise) {
    if (minSamples < 1 || percentile <= 0 || percentile > 1 || margin < 0 || oomRaise < 1) {
      throw new IllegalArgumentException("GPU peak estimator needs min samples >= 1, a percentile in (0, 1], a margin"
          + " >= 0 and an OOM raise >= 1; got %d, %s, %s, %s".formatted(minSamples, percentile, margin, oomRaise));
    }
    this.prior = prior;
    this.minSamples = minSamples;
    this.percentile = percentile;
    this.margin = margin;
    this.oomRaise = oomRaise;
  }

  /** The defaults: 3 samples, the 95th percentile, a 5 % margin, x1.5 after an out-of-memory death. */
  public static PeakEstimator withPrior(MemoryEstimates prior) {
    return new PeakEstimator(prior, DEFAULT_MIN_SAMPLES, DEFAULT_PERCENTILE, DEFAULT_MARGIN, DEFAULT_OOM_RAISE);
  }

  /** The settings' table as the prior and the settings' tuning, defaults for what is missing. */
  public static PeakEstimator fromSettings(Map<String, String> settings) {
    try {
      return new PeakEstimator(MemoryEstimates.fromSettings(settings),
          Integer.parseInt(settings.getOrDefault(MIN_SAMPLES_SETTING, "" + DEFAULT_MIN_SAMPLES).strip()),
          Double.parseDouble(settings.getOrDefault(PERCENTILE_SETTING, "" + DEFAULT_PERCENTILE).strip()),
          Double.parseDouble(settings.getOrDefault(MARGIN_SETTING, "" + DEFAULT_MARGIN).strip()),
          Double.parseDouble(settings.getOrDefault(OOM_RAISE_SETTING, "" + DEFAULT_OOM_RAISE).strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a GPU peak setting is not a number (" + e.getMessage() + "): "
          + MIN_SAMPLES_SETTING + "=3, " + PERCENTILE_SETTING + "=0.95, " + MARGIN_SETTING + "=0.1, "
          + OOM_RAISE_SETTING + "=1.5", e);
    }
  }

  public MemoryEstimates prior() {
    return prior;
  }

  /** The reservation for a session of {@code model} on {@code datasetBytes} (0: unknown) given its history. */
  public Reservation reserve(String model, long datasetBytes, List<PeakSample> history) {
    long priorMiB = prior.mibFor(model);
    List<PeakSample> peaks = history.stream().filter(s -> !s.oom()).toList();
    double base;
    Reservation.Basis basis;
    String why;
    int n = peaks.size();
    // Few samples say little about the tail: the margin starts wide and narrows as they accumulate.
    double factor = 1 + margin + UNCERTAINTY / Math.max(1, n);
    String plus = "+ %d%%".formatted(pct(factor - 1));
    if (n == 0) {
      base = priorMiB;
      basis = Reservation.Basis.PRIOR;
      why = "prior %d MiB (no peaks measured yet)".formatted(priorMiB);
    } else if (n < minSamples) {
      long highest = peaks.stream().mapToLong(PeakSample::peakMiB).max().orElse(0);
      base = highest * factor;
      basis = Reservation.Basis.PERCENTILE;
      why = "highest of %d peaks %d MiB %s (prior %d MiB)".formatted(n, highest, plus, priorMiB);
    } else {
      double[] fit = datasetBytes > 0 ? fit(peaks) : null;
      if (fit != null) {
        double mb = datasetBytes / 1e6;
        double[] errors = peaks.stream().mapToDouble(s -> s.peakMiB() - (fit[0] + fit[1] * s.datasetBytes() / 1e6))
            .toArray();
        double line = fit[0] + fit[1] * mb;
        double error = Math.max(0, percentile(errors, percentile));
        base = (line + error) * factor;
        basis = Reservation.Basis.SCALED;
        why = "%.0f MiB + %.1f MiB/MB x %.0f MB (fit of %d peaks) + p%d error %.0f MiB %s".formatted(fit[0],
            fit[1], mb, n, pct(percentile), error, plus);
      } else {
        double p = percentile(peaks.stream().mapToDouble(PeakSample::peakMiB).toArray(), percentile);
        base = p * factor;
        basis = Reservation.Basis.PERCENTILE;
        why = "p%d of %d peaks %.0f MiB %s".formatted(pct(percentile), n, p, plus);
      }
    }
    long floor = history.subList(Math.max(0, history.size() - OOM_MEMORY), history.size()).stream()
        .filter(PeakSample::oom).mapToLong(s -> (long) Math.ceil(s.peakMiB() * oomRaise)).max().orElse(0);
    if (floor > base) {
      base = floor;
      why += "; raised to %d MiB: it ran out of GPU memory recently (x%s what it had)".formatted(floor, oomRaise);
    }
    long mib = Math.max(ROUND_MIB, (long) Math.ceil(base / ROUND_MIB) * ROUND_MIB);
    return new Reservation(mib, priorMiB, history.size(), basis, why + " -> " + mib + " MiB");
  }

  /** {intercept MiB, slope MiB per MB} of peaks over dataset size, or null when size does not explain them. */
  static double[] fit(List<PeakSample> peaks) {
    if (peaks.stream().anyMatch(s -> s.datasetBytes() <= 0)) {
      return null;
    }
    int n = peaks.size();
    double mx = peaks.stream().mapToDouble(s -> s.datasetBytes() / 1e6).sum() / n;
    double my = peaks.stream().mapToDouble(PeakSample::peakMiB).sum() / n;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (PeakSample s : peaks) {
      double dx = s.datasetBytes() / 1e6 - mx;
      double dy = s.peakMiB() - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    if (sxx == 0 || syy == 0 || sxy <= 0) {
      return null;
    }
    double r2 = sxy * sxy / (sxx * syy);
    if (r2 < MIN_FIT) {
      return null;
    }
    double slope = sxy / sxx;
    return new double[] {my - slope * mx, slope};
  }

  /** Nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static int pct(double fraction) {
    return (int) Math.round(fraction * 100);
  }
}
