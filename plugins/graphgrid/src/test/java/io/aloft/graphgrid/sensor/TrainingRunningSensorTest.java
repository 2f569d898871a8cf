package io.aloft.graphgrid.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.graphgrid.docker.TrainingContainers;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.testing.FakeTaskContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingRunningSensorTest {

  private final Map<String, TrainingContainers.Found> containers = new ConcurrentHashMap<>();
  private final TrainingContainers fake = (dag, run, task, tryNumber) -> Optional.ofNullable(containers.get(run));
  private final TrainingRunningSensor sensor = new TrainingRunningSensor(Map.of(), ctx -> fake);

  private static TaskInstanceView ti(String run, String state) {
    return new TaskInstanceView("nlp", run, "train_model_gpu", -1, 1, state, "host");
  }

  private static FakeTaskContext ctx(TaskInstanceView... tis) {
    // No in-poke wait by default: these tests look at one decision each.
    return FakeTaskContext.forTask("nlp", "gpu_training_sensor").withSetting("gpu_preflight_event_wait", "0s")
        .withTaskInstances("nlp", "train_model_gpu", List.of(tis));
  }

  @Test
  void noTrainingsOrOnlyNoStateAndFinishedOnesPass() throws Exception {
    assertThat(sensor.poke(ctx()).done()).isTrue();
    assertThat(sensor.poke(ctx(ti("a", null), ti("b", "success"), ti("c", "skipped"))).done()).isTrue();
  }

  @Test
  void aQueuedTrainingBlocks() throws Exception {
    FakeTaskContext ctx = ctx(ti("a", "queued"));
    assertThat(sensor.poke(ctx).done()).isFalse();
    assertThat(ctx.logText()).contains("a is queued");
  }

  @Test
  void aRunningTrainingBlocksUntilItsContainerIsHealthy() throws Exception {
    FakeTaskContext ctx = ctx(ti("a", "running"));
    assertThat(sensor.poke(ctx).done()).isFalse();
    assertThat(ctx.logText()).contains("no container yet");

    containers.put("a", new TrainingContainers.Found("0123456789abcdef", "running", Optional.of("starting")));
    assertThat(sensor.poke(ctx).done()).isFalse();
    assertThat(ctx.logText()).contains("health starting");

    containers.put("a", new TrainingContainers.Found("0123456789abcdef", "running", Optional.of("healthy")));
    assertThat(sensor.poke(ctx).done()).isTrue();
  }

  @Test
  void aContainerWithoutHealthcheckNeverCountsAsHealthy() throws Exception {
    containers.put("a", new TrainingContainers.Found("0123456789abcdef", "running", Optional.empty()));
    assertThat(sensor.poke(ctx(ti("a", "running"))).done()).isFalse();
  }

  @Test
  void aSessionAdmittedByItsPreflightBlocksUntilItRuns() throws Exception {
    FakeTaskContext ctx = ctx(ti("a", null)).withTaskInstances("nlp", "gpu_preflight_configuration",
        List.of(new TaskInstanceView("nlp", "a", "gpu_preflight_configuration", -1, 1, "success", "h")));
    assertThat(sensor.poke(ctx).done()).isFalse();
    assertThat(ctx.logText()).contains("a was admitted by its preflight and has not started yet");
  }

  @Test
  void aWaitingPokeLooksAgainAtOnceWhenTheLedgerSignals() throws Exception {
    FakeTaskContext ctx = ctx(ti("a", "running")).withSetting("gpu_preflight_event_wait", "20s");
    containers.put("a", new TrainingContainers.Found("0123456789abcdef", "running", Optional.of("starting")));
    Thread healthy = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      containers.put("a", new TrainingContainers.Found("0123456789abcdef", "running", Optional.of("healthy")));
      AdmissionLedger.shared().signal(); // what a session's first GPU reading does
    });
    long start = System.nanoTime();

    assertThat(sensor.poke(ctx).done()).isTrue();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    healthy.join();
  }
}
