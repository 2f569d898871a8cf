package io.aloft.graphgrid.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.testing.FakeTaskContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuCheckOperatorTest {

  @Test
  void reportsTheSimulatedGpuAsTextWithAVerdict() {
    FakeTaskContext ctx = FakeTaskContext.forTask("aloft_cli", "gpu_check").withSetting("gpu", "simulated")
        .withSetting("gpu_simulated", "1x8192");
    Map<?, ?> result = (Map<?, ?>) new GpuCheckOperator().execute(ctx);
    assertThat(result.get("report").toString()).contains("simulated 1x8192").contains("8,192 MiB total");
    assertThat(result.get("ok")).isInstanceOf(Boolean.class);
  }
}
