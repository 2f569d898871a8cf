package io.aloft.graphgrid.peaks;

/**
 * How much GPU memory to reserve for one session, and why.
 *
 * @param mib the reservation, in MiB
 * @param priorMiB the static table's estimate for the model ({@code MemoryEstimates})
 * @param samples how many finished sessions of the model it learned from (out-of-memory ones included)
 * @param basis where the number comes from
 * @param explanation one line for the task log and {@code aloft gpu estimates}
 */
public record Reservation(long mib, long priorMiB, int samples, Basis basis, String explanation) {

  /** Where a reservation comes from. */
  public enum Basis {
    /** Too few samples: the static table (raised to a higher peak already seen). */
    PRIOR,
    /** A high percentile of the model's measured peaks plus a margin. */
    PERCENTILE,
    /** Peaks grow with the dataset: a linear fit at this dataset's size plus a percentile of its error and a margin. */
    SCALED
  }
}
