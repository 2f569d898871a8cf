package io.aloft.graphgrid.peaks;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeakEstimatorTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final PeakEstimator estimator = PeakEstimator.withPrior(MemoryEstimates.defaults());

  private static PeakSample peak(long mib) {
    return PeakSample.peak("named_entity_recognition", 0, mib, T);
  }

  @Test
  void withoutSamplesTheStaticTableIsTheReservation() {
    Reservation r = estimator.reserve("named_entity_recognition", 0, List.of());

    assertThat(r.mib()).isEqualTo(6144);
    assertThat(r.basis()).isEqualTo(Reservation.Basis.PRIOR);
    assertThat(r.explanation()).contains("prior 6144 MiB");
  }

  @Test
  void aFewSamplesReserveTheHighestPeakWithAWideMargin() {
    // One peak (fewer than the 2 it takes to learn): 4000 + 5 % margin + 10 %/1 for having only one = 4600, rounded
    // up to 64 MiB.
    Reservation r = estimator.reserve("named_entity_recognition", 0, List.of(peak(4000)));

    assertThat(r.mib()).isEqualTo(4608);
    assertThat(r.basis()).isEqualTo(Reservation.Basis.PERCENTILE);
  }

  @Test
  void manySamplesReserveAHighPercentilePlusTheMargin() {
    List<PeakSample> history = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      history.add(peak(3000 + 10L * i));   // 3010 .. 3200; p95 (nearest rank 19 of 20) = 3190
    }
    Reservation r = estimator.reserve("named_entity_recognition", 0, history);

    // 3190 x (1 + 0.02 + 0.05/20) = 3261.8 -> 3264 (a multiple of 64): far below the table's 6144.
    assertThat(r.mib()).isEqualTo(3264);
    assertThat(r.explanation()).contains("p95 of 20 peaks");
  }

  @Test
  void peaksThatGrowWithTheDatasetScaleTheReservation() {
    List<PeakSample> history = new ArrayList<>();
    for (int mb = 50; mb <= 300; mb += 25) {
      history.add(PeakSample.peak("relation_extraction", mb * 1_000_000L, 4000 + 9L * mb, T));
    }
    Reservation small = estimator.reserve("relation_extraction", 60_000_000L, history);
    Reservation large = estimator.reserve("relation_extraction", 290_000_000L, history);

    assertThat(small.basis()).isEqualTo(Reservation.Basis.SCALED);
    assertThat(small.mib()).isBetween(4540L, 4540L * 112 / 100);   // 4000 + 9 x 60 = 4540 true
    assertThat(large.mib()).isBetween(6610L, 6610L * 112 / 100);   // 4000 + 9 x 290 = 6610 true
    // Without a size, or when the size does not explain the peaks, a percentile of all of them.
    assertThat(estimator.reserve("relation_extraction", 0, history).basis()).isEqualTo(Reservation.Basis.PERCENTILE);
  }

  @Test
  void anOutOfMemoryDeathRaisesTheReservationAboveWhatItHad() {
    List<PeakSample> history = new ArrayList<>(List.of(peak(3000), peak(3000), peak(3000)));
    long before = estimator.reserve("named_entity_recognition", 0, history).mib();
    history.add(PeakSample.outOfMemory("named_entity_recognition", 0, before, T));

    Reservation after = estimator.reserve("named_entity_recognition", 0, history);

    assertThat(after.mib()).isGreaterThanOrEqualTo((long) Math.ceil(before * 1.5));
    assertThat(after.explanation()).contains("ran out of GPU memory recently");
  }

  @Test
  void percentileIsNearestRank() {
    assertThat(PeakEstimator.percentile(new double[] {5, 1, 4, 2, 3}, 0.95)).isEqualTo(5);
    assertThat(PeakEstimator.percentile(new double[] {5, 1, 4, 2, 3}, 0.5)).isEqualTo(3);
  }

  @Test
  void aModelNotMeasuredYetHasItsPriorScaledByHowGenerousTheTableWasForTheOthers() {
    PeakSamples samples = new InMemoryPeakSamples();
    // Table: part_of_speech_tagging 4096, sentiment_analysis_binary 3072; they used at most 70 % of it.
    samples.add(PeakSample.peak("part_of_speech_tagging", 0, 2800, T));
    samples.add(PeakSample.peak("part_of_speech_tagging", 0, 2867, T));
    samples.add(PeakSample.peak("sentiment_analysis_binary", 0, 2150, T));

    Reservation r = estimator.reserve("named_entity_recognition", 0, samples);

    // 6144 x 0.70 x (1 + 5 % + 10 %) = 4945.9 -> 4992, instead of the whole 6144.
    assertThat(r.mib()).isEqualTo(4992);
    assertThat(r.basis()).isEqualTo(Reservation.Basis.PRIOR);
    assertThat(r.explanation()).contains("prior 6144 MiB x 0.70");

    // One model above its prior (or one out-of-memory death) and the table is trusted as it is.
    samples.add(PeakSample.outOfMemory("sentiment_analysis_binary", 0, 2048, T));
    assertThat(estimator.reserve("named_entity_recognition", 0, samples).mib()).isEqualTo(6144);
  }
}
