package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.graphgrid.gpu.SimulatedGpu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuAdmissionTest {

  private final ManualClock clock = new ManualClock();
  private final List<String> log = new ArrayList<>();
  private final SimulatedGpu gpu = SimulatedGpu.parse("1x16384");

  private GpuAdmission admission(Sleeper sleeper, PreflightWaitPolicy policy) {
    return new GpuAdmission(gpu, new GpuPreflight(1024), policy, clock, sleeper, log::add);
  }

  @Test
  void admitsAtOnceWhenItFits() throws Exception {
    PreflightDecision decision = admission(clock.sleeper(), PreflightWaitPolicy.defaults())
        .await("named_entity_recognition", 6144, List::of);

    assertThat(decision.poolSize()).isEqualTo(2);
    assertThat(log).singleElement().asString().startsWith("check 1: fits");
  }

  @Test
  void waitsAndRechecksUntilARunningSessionFinishes() throws Exception {
    gpu.allocate("run-1", 12000);
    List<AdmittedSession> admitted = new ArrayList<>(List.of(new AdmittedSession("run-1", 12000,
        Optional.of("run-1"))));
    Sleeper finishingAfterThreeChecks = duration -> {
      clock.advance(duration);
      if (log.size() == 3) {
        gpu.release("run-1");
        admitted.clear();
      }
    };

    PreflightDecision decision = admission(finishingAfterThreeChecks, PreflightWaitPolicy.defaults())
        .await("named_entity_recognition", 6144, () -> List.copyOf(admitted));

    assertThat(decision.fits()).isTrue();
    assertThat(log).hasSize(4);
    assertThat(log.getFirst()).contains("does not fit yet", "checking again in 30s");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-29T08:01:30Z"));
  }

  @Test
  void givesUpAfterTheLimitWithAClearMessage() {
    gpu.allocate("run-1", 12000);
    var policy = new PreflightWaitPolicy(Duration.ofMinutes(7), Duration.ofMinutes(20));

    assertThatThrownBy(() -> admission(clock.sleeper(), policy)
        .await("translation", 12288, () -> List.of(new AdmittedSession("run-1", 12000, Optional.of("run-1")))))
        .isInstanceOf(PreflightTimeoutException.class)
        .hasMessageContaining("GPU session for translation did not fit within 20m (4 checks via simulated 1x16384 MiB)")
        .hasMessageContaining("12288 MiB needed")
        .hasMessageContaining("gpu_preflight_limit");
    // 7 + 7 + 6 minutes: the last sleep is cut to the deadline
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-29T08:20:00Z"));
  }

  @Test
  void theDefaultLimitIsEightHours() {
    assertThat(PreflightWaitPolicy.defaults().limit()).isEqualTo(Duration.ofHours(8));
  }
}
