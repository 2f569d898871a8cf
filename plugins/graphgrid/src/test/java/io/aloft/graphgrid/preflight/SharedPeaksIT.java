package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.graphgrid.PluginSchemaDatabase;
import io.aloft.graphgrid.peaks.DatabasePeakSamples;
import io.aloft.graphgrid.peaks.FilePeakSamples;
import io.aloft.graphgrid.peaks.InMemoryPeakSamples;
import io.aloft.graphgrid.peaks.PeakEstimator;
import io.aloft.graphgrid.peaks.PeakReport;
import io.aloft.graphgrid.peaks.PeakSample;
import io.aloft.graphgrid.peaks.PeakSamples;
import io.aloft.graphgrid.peaks.PeakStores;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import io.aloft.sdk.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learned GPU peaks shared across machines through the plugin's table {@code gpu_peak} (one embedded PostgreSQL,
 * two simulated nodes in one process): a peak that node b's training records is what node a's preflight reserves
 * from; a machine's former {@code gpu-peaks.json} is imported once, and real and simulated histories stay apart.
 */
class SharedPeaksIT {

  @RegisterExtension
  static final PluginSchemaDatabase db = new PluginSchemaDatabase();
  private static final String DAG = "nlp";
  private static final String MODEL = "sentiment_analysis_binary";

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final ManualClock clock = new ManualClock(Instant.parse("2032-01-01T00:00:00Z"));

  @TempDir
  Path home;

  private static DataSource pluginSchema() {
    return db.pluginSchema();
  }

  private FakeTaskContext on(String node, String run, String task) {
    return new FakeTaskContext(new TaskIdentity(DAG, run, task, -1, 1))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", "1x16384").withSetting("gpu_node", node)
        .withSetting("gpu_preflight_event_wait", "0s").withSetting("gpu_preflight_limit", "5m")
        .withSetting("gpu_node_publish_interval", "1d")
        .withXCom("check_request_body", "return_value", Map.of("model", MODEL))
        .withClock(clock).withDatabase(pluginSchema());
  }

  @Test
  void aPeakRecordedByNodeBsTrainingIsWhatNodeAsPreflightReservesFrom() throws Exception {
    String nodeA = "a-" + suffix;
    String nodeB = "b-" + suffix;
    PeakEstimator estimator = PeakEstimator.fromSettings(on(nodeA, "x", "t").settings());
    long prior = estimator.prior().mibFor(MODEL);

    // Node b's training tries record their peaks where GraphGridDockerOperator does: the task's history.
    List<PeakSample> measured = List.of(PeakSample.peak(MODEL, 0, 900, clock.instant()),
        PeakSample.peak(MODEL, 0, 1000, clock.instant().plusSeconds(60)));
    for (int i = 0; i < measured.size(); i++) {
      PeakSamples onB = PeakStores.of(on(nodeB, "r" + i + "-" + suffix, "train_model_gpu"));
      assertThat(onB).isInstanceOf(DatabasePeakSamples.class);
      onB.add(measured.get(i));
    }

    // Node a's preflight, another process on another machine as far as it can tell, reserves from them.
    FakeTaskContext preflight = on(nodeA, "p-" + suffix, GpuPreflightOperator.TASK_ID);
    preflight.withTaskInstances(DAG, "train_model_gpu", List.of());
    preflight.withTaskInstances(DAG, GpuPreflightOperator.TASK_ID, List.of());
    PokeResult result = new GpuPreflightOperator(Map.of(), c -> (d, r, t, n) -> Optional.empty()).poke(preflight);

    assertThat(result.done()).isTrue();
    InMemoryPeakSamples local = new InMemoryPeakSamples();
    measured.forEach(local::add);
    long learned = estimator.reserve(MODEL, 0, local).mib();
    assertThat(learned).isLessThan(prior);
    assertThat(preflight.pushedXCom()).containsEntry("session_mib", learned);
    assertThat(PeakReport.format(estimator, PeakStores.of(on(nodeA, "y", "t"))))
        .as("aloft gpu estimates reads the same table").contains("[900, 1000]");
    AdmissionLedger.shared().forget(DAG, "p-" + suffix);
    NodeAdmission.release(preflight.pluginDatabase(), DAG, "p-" + suffix);
  }

  @Test
  void aMachinesFormerPeakFileIsImportedOnceAndRealAndSimulatedHistoriesStayApart() throws Exception {
    String model = "translation-" + suffix;
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    FilePeakSamples file = FilePeakSamples.at(home.resolve(FilePeakSamples.FILE));
    file.add(PeakSample.peak(model, 1000, 9000, t));
    file.add(PeakSample.outOfMemory(model, 1000, 9500, t.plusSeconds(60)));

    // A real-GPU task with the plugin's database and this home: the file's samples move into the table.
    FakeTaskContext real = new FakeTaskContext(new TaskIdentity(DAG, "r-" + suffix, "train_model_gpu", -1, 1))
        .withSetting("home", home.toString()).withSetting("gpu_node", "c-" + suffix).withClock(clock)
        .withDatabase(pluginSchema());
    PeakSamples shared = PeakStores.of(real);

    List<PeakSample> expected = List.of(PeakSample.peak(model, 1000, 9000, t),
        PeakSample.outOfMemory(model, 1000, 9500, t.plusSeconds(60)));
    assertThat(shared.of(model)).containsExactlyElementsOf(expected);
    assertThat(real.logText()).contains("imported 2 GPU peak sample(s) from " + home.resolve(FilePeakSamples.FILE));

    // Importing again (another process, or the file read twice) adds nothing; a new sample is kept once.
    DatabasePeakSamples table = new DatabasePeakSamples(real.pluginDatabase(), DatabasePeakSamples.Gpu.REAL, "c");
    assertThat(table.importAll(FilePeakSamples.read(home.resolve(FilePeakSamples.FILE)), "again")).isZero();
    table.add(PeakSample.peak(model, 1000, 8800, t.plusSeconds(120)));
    assertThat(PeakStores.of(real).of(model)).hasSize(3);

    // The simulated GPU's history does not see the real one's.
    assertThat(PeakStores.of(on("c-" + suffix, "s", "t")).of(model)).isEmpty();

    // At most KEPT per model, the oldest dropped.
    List<PeakSample> many = new ArrayList<>();
    for (int i = 0; i < PeakSamples.KEPT + 3; i++) {
      many.add(PeakSample.peak(model, 1000, 7000 + i, t.plusSeconds(1000 + i)));
    }
    table.importAll(many, "bulk");
    assertThat(table.of(model)).hasSize(PeakSamples.KEPT).first().extracting(PeakSample::peakMiB).isEqualTo(7003L);
  }
}
