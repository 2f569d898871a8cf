package io.aloft.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.Operator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeTaskContextTest {

  @Test
  void recordsLogLinesInOrderAndMasksSecrets() throws Exception {
    FakeTaskContext ctx = FakeTaskContext.forTask("dag", "task");
    Operator op =
        c -> {
          c.log().info("before s3cret");
          c.registerSecret("s3cret");
          c.log().output("token=s3cret");
          c.log().warn("careful");
          return "ok";
        };

    assertThat(op.execute(ctx)).isEqualTo("ok");

    assertThat(ctx.logLines())
        .extracting(FakeTaskContext.LogLine::message)
        .containsExactly("before s3cret", "token=***", "careful");
    assertThat(ctx.outputLines()).containsExactly("token=***");
  }

  @Test
  void recordsPushesAndAnswersPulls() {
    FakeTaskContext ctx = FakeTaskContext.forTask("dag", "task").withXCom("up", "return_value", 7);

    ctx.xcom().push("metrics", Map.of("f1", 0.9));

    assertThat(ctx.pushedXCom()).containsEntry("metrics", Map.of("f1", 0.9));
    assertThat(ctx.xcom().pull("up", "return_value")).contains(7);
    assertThat(ctx.xcom().pull("up", "other")).isEmpty();
  }

  @Test
  void manualClockMovesOnlyWhenTold() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    FakeTaskContext ctx = FakeTaskContext.forTask("dag", "task").withClock(clock);

    clock.advance(Duration.ofMinutes(5));

    assertThat(ctx.clock().instant()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
  }

  @Test
  void settingsPoolsAndCancellation() {
    FakeTaskContext ctx = FakeTaskContext.forTask("dag", "task").withSetting("docker_host", "tcp://h:2375");
    ctx.pools().set("gpu_pool", 2, "GPU");
    ctx.fakePools().setUsage("gpu_pool", 1, 0);

    assertThat(ctx.settings()).containsEntry("docker_host", "tcp://h:2375");
    assertThat(ctx.pools().get("gpu_pool").orElseThrow().open()).isEqualTo(1);
    assertThat(ctx.isCancelled()).isFalse();
    ctx.cancel();
    assertThat(ctx.isCancelled()).isTrue();
  }
}
