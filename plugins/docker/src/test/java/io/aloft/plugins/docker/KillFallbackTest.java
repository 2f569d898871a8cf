package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerCmd;
import com.github.dockerjava.api.command.InspectServiceCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DockerTaskRunner#kill} (and {@link SwarmTaskRunner#kill}) on a runner that never ran the try (the runtime ends a try whose thread is gone) falls
 * back to the container the try recorded, and asks the engine nothing when there is none. The engine is a stand-in
 * that answers only what these cases need and records every call.
 */
class KillFallbackTest {

  private final List<String> calls = new ArrayList<>();
  private final FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("d", "r", "t", -1, 1));

  /** An inspect command whose answer is 404. */
  private <T> T notFound(Class<T> command) {
    return command.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {command}, (p, m, a) -> {
      if (m.getName().equals("exec")) {
        throw new NotFoundException("No such object");
      }
      throw new AssertionError("unexpected " + m.getName());
    }));
  }

  /** An engine that knows no container and no service: inspecting answers 404, anything else fails the test. */
  private DockerClient engineWithoutContainers() {
    return (DockerClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DockerClient.class},
        (p, m, a) -> {
          calls.add(m.getName() + (a == null ? "" : List.of(a)));
          return switch (m.getName()) {
            case "inspectContainerCmd" -> notFound(InspectContainerCmd.class);
            case "inspectServiceCmd" -> notFound(InspectServiceCmd.class);
            default -> throw new AssertionError("unexpected engine call " + m.getName());
          };
        });
  }

  @Test
  void aTryThatRecordedNoContainerAsksTheEngineNothing() {
    new DockerTaskRunner(engineWithoutContainers(), LocalDocker.ENDPOINT).kill(ctx);

    assertThat(calls).isEmpty();
    assertThat(ctx.logText()).contains("recorded no container");
  }

  @Test
  void aRecordedContainerIsLookedUpByItsIdAndNothingIsStoppedWhenItIsGone() {
    ctx.recordWork("0123456789abcdef");

    new DockerTaskRunner(engineWithoutContainers(), LocalDocker.ENDPOINT).kill(ctx);

    assertThat(calls).containsExactly("inspectContainerCmd[0123456789abcdef]");
    assertThat(ctx.logText()).contains("0123456789ab is gone already");
  }

  @Test
  void aSwarmTryThatRecordedNoServiceAsksTheEngineNothing() {
    new SwarmTaskRunner(engineWithoutContainers(), LocalDocker.ENDPOINT).kill(ctx);

    assertThat(calls).isEmpty();
    assertThat(ctx.logText()).contains("recorded no Swarm service");
  }

  @Test
  void aRecordedSwarmServiceIsLookedUpByItsIdAndNothingIsRemovedWhenItIsGone() {
    ctx.recordWork("svc0123456789abcdef");

    new SwarmTaskRunner(engineWithoutContainers(), LocalDocker.ENDPOINT).kill(ctx);

    assertThat(calls).containsExactly("inspectServiceCmd[svc0123456789abcdef]");
    assertThat(ctx.logText()).contains("is gone already");
  }
}
