package io.aloft.graphgrid.peaks;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePeakSamplesTest {

  @TempDir
  Path home;

  @Test
  void samplesSurviveARestartAndTheReportShowsThem() {
    Path file = home.resolve(FilePeakSamples.FILE);
    FilePeakSamples store = FilePeakSamples.at(file);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    store.add(PeakSample.peak("translation", 1000, 9000, t));
    store.add(PeakSample.outOfMemory("translation", 1000, 9000, t.plusSeconds(60)));
    FilePeakSamples.closeAll();

    FilePeakSamples reopened = FilePeakSamples.at(file);

    assertThat(Files.exists(file)).isTrue();
    assertThat(reopened.of("translation")).containsExactly(PeakSample.peak("translation", 1000, 9000, t),
        PeakSample.outOfMemory("translation", 1000, 9000, t.plusSeconds(60)));
    String report = PeakReport.format(PeakEstimator.withPrior(MemoryEstimates.defaults()), reopened);
    assertThat(report).contains("translation", "12288 MiB", "[9000]", "ran out of GPU memory recently");
    assertThat(home.resolve("graphgrid").toFile().list()).containsExactly("gpu-peaks.json");
  }

  @Test
  void onlyTheLatestSamplesAreKept() {
    InMemoryPeakSamples store = new InMemoryPeakSamples();
    for (int i = 0; i < PeakSamples.KEPT + 5; i++) {
      store.add(PeakSample.peak("m", 0, i, Instant.EPOCH));
    }
    assertThat(store.of("m")).hasSize(PeakSamples.KEPT).first().extracting(PeakSample::peakMiB).isEqualTo(5L);
  }
}
