package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which engine an operator's runner is made for: the arguments' to run a try, the recorded one to stop it. */
class RunnerSlotTest {

  private final FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("d", "r", "t", -1, 1));
  private final List<DockerEndpoint> made = new ArrayList<>();
  private final RunnerSlot<DockerEndpoint> slot = new RunnerSlot<>(engine -> {
    made.add(engine);
    return engine;
  });

  @Test
  void aTryIsRunOnTheEngineOfItsRenderedArgumentsAndStoppedByTheSameRunner() {
    Map<String, Object> rendered = Map.of("docker_url", "tcp://build-host:2375");

    DockerEndpoint run = slot.forRun(ctx, rendered);

    assertThat(run.url()).isEqualTo("tcp://build-host:2375");
    assertThat(slot.forKill(ctx, Map.of("docker_url", "{{ var.value.docker_host }}"))).isSameAs(run);
    assertThat(made).hasSize(1);
  }

  @Test
  void anOperatorThatNeverRanTheTryStopsItOnTheRecordedEngine() {
    ctx.recordWork(new WorkRecord("abc", DockerEndpoint.of("tcp://build-host:2375")).encode());

    assertThat(slot.forKill(ctx, Map.of("docker_url", "{{ var.value.docker_host }}")).url())
        .isEqualTo("tcp://build-host:2375");
  }
}
