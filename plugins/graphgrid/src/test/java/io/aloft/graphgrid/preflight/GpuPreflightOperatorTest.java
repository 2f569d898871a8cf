package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.testing.FakeTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The preflight and pool-setup operators over the simulated GPU: one session admitted at a time, never over-committed. */
class GpuPreflightOperatorTest {

  // A spec of its own per test: simulated GPUs are shared daemon-wide by spec.
  private final String spec = "1x" + (16384 + Math.abs(UUID.randomUUID().hashCode() % 1000));
  private final io.aloft.sdk.testing.ManualClock clock = new io.aloft.sdk.testing.ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private FakeTaskContext ctx(String run, TaskInstanceView... trainings) {
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("nlp", run, "gpu_preflight_configuration", -1, 1))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", spec)
        .withSetting("gpu_preflight_interval", "30s").withSetting("gpu_preflight_limit", "5m")
        .withSetting("gpu_preflight_event_wait", "0s")
        .withXCom("check_request_body", "return_value", Map.of("model", "named_entity_recognition"))
        .withClock(clock);
    ctx.withTaskInstances("nlp", "train_model_gpu", List.of(trainings));
    return ctx;
  }

  private GpuPreflightOperator operator() {
    return new GpuPreflightOperator(Map.of(), c -> (dag, run, task, t) -> Optional.empty());
  }

  @Test
  void aFirstSessionFitsAndTheOperatorCreatesThePools() throws Exception {
    FakeTaskContext ctx = ctx("run-a");
    var result = operator().poke(ctx);

    // 16 GiB+ less a 1 GiB margin holds two 6 GiB NER sessions.
    assertThat(result.done()).isTrue();
    assertThat(result.xcomValue()).isEqualTo(2);
    assertThat(ctx.pushedXCom()).containsEntry("session_mib", 6144L);
    assertThat(ctx.fakePools().get("gpu_preflight_pool")).map(p -> p.slots()).hasValue(1);
    assertThat(ctx.fakePools().get("gpu_pool")).isPresent();
  }

  @Test
  void admittedSessionsThatAreNotOnTheGpuYetStillCount() throws Exception {
    FakeTaskContext b = ctx("run-b", new TaskInstanceView("nlp", "run-a", "train_model_gpu", -1, 0, null, null));
    b.withTaskInstances("nlp", "gpu_preflight_configuration",
        List.of(new TaskInstanceView("nlp", "run-a", "gpu_preflight_configuration", -1, 1, "success", "h")));
    AdmissionLedger.shared().record("nlp", "run-a", 6144, java.util.OptionalInt.empty());

    assertThat(operator().poke(b).xcomValue()).isEqualTo(2);
    assertThat(b.logText()).contains("1 admitted + 1 more fit");
  }

  @Test
  void aSessionThatDoesNotFitWaitsThenFailsWithTheFix() throws Exception {
    SimulatedGpu gpu = GpuProbes.simulatedGpu(Map.of("gpu_simulated", spec));
    String owner = GraphGridDockerOperator.simulatedOwner(new TaskIdentity("nlp", "run-x", "train_model_gpu", -1, 1));
    gpu.allocate(owner, 12000);
    String run = "run-y-" + UUID.randomUUID();
    try {
      FakeTaskContext ctx = ctx(run);
      assertThat(operator().poke(ctx).done()).isFalse();
      assertThat(ctx.logText()).contains("does not fit yet").contains("checking again");
      clock.advance(Duration.ofMinutes(4));
      assertThat(operator().poke(ctx).done()).isFalse();
      clock.advance(Duration.ofMinutes(1));
      assertThatThrownBy(() -> operator().poke(ctx))
          .isInstanceOf(TaskFailException.class)
          .hasMessageContaining("did not fit within 5m")
          .hasMessageContaining("gpu_preflight_limit");
    } finally {
      gpu.release(owner);
    }
  }

  @Test
  void onceTheMemoryIsFreeAWaitingSessionIsAdmitted() throws Exception {
    SimulatedGpu gpu = GpuProbes.simulatedGpu(Map.of("gpu_simulated", spec));
    String owner = GraphGridDockerOperator.simulatedOwner(new TaskIdentity("nlp", "run-x", "train_model_gpu", -1, 1));
    gpu.allocate(owner, 12000);
    FakeTaskContext ctx = ctx("run-z-" + UUID.randomUUID());
    assertThat(operator().poke(ctx).done()).isFalse();
    gpu.release(owner);
    assertThat(operator().poke(ctx).done()).isTrue();
  }

  @Test
  void poolSetupSizesGpuPoolToThePreflightsAnswer() {
    FakeTaskContext ctx = ctx("run-a").withXCom("gpu_preflight_configuration", "return_value", 3);
    Object set = new GpuPoolSetupOperator(Map.of()).execute(ctx);
    assertThat(set).isEqualTo(3);
    assertThat(ctx.fakePools().get("gpu_pool")).map(p -> p.slots()).hasValue(3);
  }

  @Test
  void poolSetupNeverShrinksBelowRunningTrainings() {
    FakeTaskContext ctx = ctx("run-a").withXCom("gpu_preflight_configuration", "return_value", 1);
    ctx.fakePools().set("gpu_pool", 3, "");
    ctx.fakePools().setUsage("gpu_pool", 2, 0);
    assertThat(new GpuPoolSetupOperator(Map.of()).execute(ctx)).isEqualTo(2);
  }

  @Test
  void poolSetupWithoutAPreflightAnswerFails() {
    assertThatThrownBy(() -> new GpuPoolSetupOperator(Map.of()).execute(ctx("run-a")))
        .isInstanceOf(TaskFailException.class).hasMessageContaining("no pool size from gpu_preflight_configuration");
  }
}
