package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsParsingTest {

  @Test
  void waitPolicyReadsShortAndIsoDurations() {
    var policy = PreflightWaitPolicy.fromSettings(Map.of("gpu_preflight_interval", "45s", "gpu_preflight_limit", "PT12H"));

    assertThat(policy).isEqualTo(new PreflightWaitPolicy(Duration.ofSeconds(45), Duration.ofHours(12), PreflightWaitPolicy.DEFAULT_EVENT_WAIT));
    assertThat(PreflightWaitPolicy.fromSettings(Map.of("gpu_preflight_limit", "2d")).limit()).isEqualTo(Duration.ofDays(2));
    assertThat(PreflightWaitPolicy.fromSettings(Map.of())).isEqualTo(PreflightWaitPolicy.defaults());
    assertThatThrownBy(() -> PreflightWaitPolicy.fromSettings(Map.of("gpu_preflight_limit", "forever")))
        .hasMessageContaining("gpu_preflight_limit must be a duration");
  }

  @Test
  void memoryEstimatesHaveATablePerModelWithOverrides() {
    var estimates = MemoryEstimates.fromSettings(Map.of("gpu_memory_estimates", "translation=20000, custom_model=512"));

    assertThat(estimates.mibFor("named_entity_recognition")).isEqualTo(6144);
    assertThat(estimates.mibFor("translation")).isEqualTo(20000);
    assertThat(estimates.mibFor("custom_model")).isEqualTo(512);
    assertThat(estimates.mibFor("unheard_of")).isEqualTo(MemoryEstimates.FALLBACK_MIB);
    assertThat(MemoryEstimates.defaults().asMap()).hasSize(8);
    assertThatThrownBy(() -> MemoryEstimates.defaults().withOverrides("translation:20000"))
        .hasMessageContaining("model=MiB");
  }
}
