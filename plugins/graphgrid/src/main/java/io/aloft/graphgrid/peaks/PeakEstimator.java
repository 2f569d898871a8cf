package io.aloft.graphgrid.peaks;

import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Learns a model's GPU memory reservation from its measured peaks. Pure code: history in, number out.
 *
 * <p>Without measured peaks the static table ({@link MemoryEstimates}) is the prior, scaled down when the table proved
 * generous for every other model measured ({@link #tableRatio}). With fewer than {@code minSamples} it is the highest
 * peak seen plus a wide margin ({@code 5 % + 10 % / samples}: few samples say little about the tail, and may come from
 * smaller datasets); from then on a high percentile of the peaks plus the margin ({@code margin + 5 % / samples}), so a
 * table that is too high stops wasting the GPU and one that is too low stops crashing it. When the peaks grow with
 * the dataset (a least-squares line through (size, peak) explains at least {@code minFit} of their variance, with
 * a positive slope), the line at this session's dataset size plus a percentile of the line's errors is used instead,
 * so a large dataset is not reserved like a small one. A session that died of GPU out-of-memory says its model
 * needs more than it was given: among the recent samples, each out-of-memory one sets a floor of what it was given
 * times {@code oomRaise}. Reservations are rounded up to 64 MiB. Immutable and thread-safe.
 *
 * <p>The defaults were tuned on {@code scripts/bench gpu} (README, "GPU admission"): they keep zero out-of-memory kills
 * there with waits below the document's preflight.
 */
public final class PeakEstimator {

  /** Settings keys (all optional): samples before learning, percentile, margin, raise after an OOM. */
  public static final String MIN_SAMPLES_SETTING = "gpu_peak_min_samples";
  public static final String PERCENTILE_SETTING = "gpu_peak_percentile";
  public static final String MARGIN_SETTING = "gpu_peak_margin";
  public static final String OOM_RAISE_SETTING = "gpu_oom_raise";

  static final int DEFAULT_MIN_SAMPLES = 2;
  static final double DEFAULT_PERCENTILE = 0.95;
  static final double DEFAULT_MARGIN = 0.02;
  static final double DEFAULT_OOM_RAISE = 1.5;
  /** Share of the peaks' variance the dataset size must explain before reservations scale with it. */
  static final double MIN_FIT = 0.6;
  /** Out-of-memory samples count as floors while they are among this many latest samples of their model. */
  static final int OOM_MEMORY = 10;
  private static final long ROUND_MIB = 64;
  /** The margin's widening with few samples: {@code margin + UNCERTAINTY / samples} (+2.5 % after two, +0.5 % after ten). */
  static final double UNCERTAINTY = 0.05;
  /**
   * Below {@code minSamples} the highest peak stands for the model: it may come from a smaller dataset than this
   * session's, so the margin is wider, {@code FEW_MARGIN + FEW_UNCERTAINTY / samples} (+15 % after one, +10 % after
   * two).
   */
  static final double FEW_MARGIN = 0.05;
  static final double FEW_UNCERTAINTY = 0.10;

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

  /** The defaults: 2 samples, the 95th percentile, a 2 % margin (wider while samples are few), x1.5 after an OOM. */
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
          + MIN_SAMPLES_SETTING + "=2, " + PERCENTILE_SETTING + "=0.95, " + MARGIN_SETTING + "=0.1, "
          + OOM_RAISE_SETTING + "=1.5", e);
    }
  }

  public MemoryEstimates prior() {
    return prior;
  }

  /**
   * The reservation for a session of {@code model} on {@code datasetBytes} (0: unknown) from everything measured: its
   * own history, and for a model never measured, how far the static table over-estimated the models that were
   * ({@link #tableRatio}).
   */
  public Reservation reserve(String model, long datasetBytes, PeakSamples samples) {
    return reserve(model, datasetBytes, samples.of(model), tableRatio(model, samples.all()));
  }

  /** The reservation for a session of {@code model} on {@code datasetBytes} (0: unknown) given its history. */
  public Reservation reserve(String model, long datasetBytes, List<PeakSample> history) {
    return reserve(model, datasetBytes, history, OptionalDouble.empty());
  }

  /**
   * How much of the static table the measured models really used: the highest peak / prior among the other models'
   * peaks, when there are at least {@code minSamples} of them from two models or more and every one stayed below its
   * prior. A table that is uniformly generous on this host (other GPUs, other frameworks) is then scaled for the
   * models not measured yet, instead of wasting the GPU during warm-up; one model above its prior turns it off.
   */
  public OptionalDouble tableRatio(String model, Map<String, List<PeakSample>> all) {
    double highest = 0;
    int peaks = 0;
    int models = 0;
    for (Map.Entry<String, List<PeakSample>> e : all.entrySet()) {
      if (e.getKey().equals(model)) {
        continue;
      }
      long priorMiB = prior.mibFor(e.getKey());
      int before = peaks;
      for (PeakSample s : e.getValue()) {
        double ratio = s.oom() ? Double.POSITIVE_INFINITY : (double) s.peakMiB() / priorMiB;
        highest = Math.max(highest, ratio);
        peaks++;
      }
      models += peaks > before ? 1 : 0;
    }
    return peaks >= minSamples && models >= 2 && highest < 1 ? OptionalDouble.of(highest) : OptionalDouble.empty();
  }

  private Reservation reserve(String model, long datasetBytes, List<PeakSample> history, OptionalDouble tableRatio) {
    long priorMiB = prior.mibFor(model);
    List<PeakSample> peaks = history.stream().filter(s -> !s.oom()).toList();
    double base;
    Reservation.Basis basis;
    String why;
    int n = peaks.size();
    // Few samples say little about the tail: the margin starts wide and narrows as they accumulate.
    double factor = n < minSamples
        ? 1 + FEW_MARGIN + FEW_UNCERTAINTY / Math.max(1, n)
        : 1 + margin + UNCERTAINTY / n;
    String plus = "+ %d%%".formatted(pct(factor - 1));
    if (n == 0 && tableRatio.isPresent()) {
      base = Math.min(priorMiB, priorMiB * tableRatio.getAsDouble() * factor);
      basis = Reservation.Basis.PRIOR;
      why = "prior %d MiB x %.2f (no peaks of its own yet; the other models measured used at most %.0f%% of theirs)"
          .formatted(priorMiB, tableRatio.getAsDouble(), tableRatio.getAsDouble() * 100) + " " + plus;
    } else if (n == 0) {
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
