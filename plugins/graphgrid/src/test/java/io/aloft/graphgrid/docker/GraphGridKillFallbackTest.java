package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.StopContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import io.aloft.plugins.docker.DockerEndpoint;
import io.aloft.plugins.docker.DockerTaskRunner;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphGridDockerOperator#onKill} on an operator that never ran the try (the runtime ends a try whose thread is
 * gone: its sweeper, or a scheduler after the worker that ran it was lost) stops the container the try recorded, and
 * only when that container's labels name this very try. The engine is a stand-in that answers only what these cases
 * need and records every call, as in the docker plugin's KillFallbackTest.
 */
class GraphGridKillFallbackTest {

  private static final DockerEndpoint ENDPOINT = DockerEndpoint.of(DockerEndpoint.DEFAULT_URL);
  private static final String CONTAINER = "0123456789abcdef";

  private final List<String> calls = new ArrayList<>();
  private final TaskIdentity me = new TaskIdentity("nlp_model_training", "r1", "train_model_gpu", -1, 2);
  private final FakeTaskContext ctx = new FakeTaskContext(me);

  private static <T> T command(Class<T> type, java.util.function.Supplier<Object> exec) {
    return type.cast(Proxy.newProxyInstance(GraphGridKillFallbackTest.class.getClassLoader(), new Class<?>[] {type},
        (p, m, a) -> switch (m.getName()) {
          case "exec" -> exec.get();
          case "withTimeout" -> p;
          default -> throw new AssertionError("unexpected " + m.getName());
        }));
  }

  private static InspectContainerResponse withLabels(Map<String, String> labels) {
    try {
      return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .readValue(new ObjectMapper().writeValueAsString(Map.of("Config", Map.of("Labels", labels))),
              InspectContainerResponse.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** An engine whose one container (when {@code labels} is not null) carries {@code labels}. */
  private DockerClient engine(Map<String, String> labels) {
    return (DockerClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DockerClient.class},
        (p, m, a) -> {
          calls.add(m.getName() + (a == null ? "" : List.of(a)));
          return switch (m.getName()) {
            case "inspectContainerCmd" -> command(InspectContainerCmd.class, () -> {
              if (labels == null || !CONTAINER.equals(a[0])) {
                throw new NotFoundException("No such container");
              }
              return withLabels(labels);
            });
            case "stopContainerCmd" -> command(StopContainerCmd.class, () -> null);
            default -> throw new AssertionError("unexpected engine call " + m.getName());
          };
        });
  }

  private GraphGridDockerOperator operator(DockerClient engine) {
    return new GraphGridDockerOperator(Map.of("image", "aloft/nlp-trainer", "gpu", true),
        c -> ContainerRunner.docker(engine, ENDPOINT));
  }

  @Test
  void aTryThatRecordedNoContainerAsksTheEngineNothing() {
    operator(engine(null)).onKill(ctx);

    assertThat(calls).isEmpty();
    assertThat(ctx.logText()).contains("recorded no container");
  }

  @Test
  void theRecordedContainerOfThisTryIsStopped() {
    ctx.recordWork(CONTAINER);
    Map<String, String> labels = new LinkedHashMap<>(DockerTaskRunner.tryLabels(me));
    labels.put(DockerTaskRunner.AUTO_REMOVE_LABEL, "never");

    operator(engine(labels)).onKill(ctx);

    assertThat(calls).containsExactly("inspectContainerCmd[" + CONTAINER + "]", "stopContainerCmd[" + CONTAINER + "]");
    assertThat(ctx.logText()).contains("stopping container 0123456789ab");
  }

  @Test
  void aRecordedContainerWhoseLabelsNameAnotherTryIsLeftAlone() {
    ctx.recordWork(CONTAINER);
    Map<String, String> labels = DockerTaskRunner.tryLabels(new TaskIdentity(me.dagId(), me.runId(), me.taskId(), -1, 1));

    operator(engine(labels)).onKill(ctx);

    assertThat(calls).containsExactly("inspectContainerCmd[" + CONTAINER + "]");
    assertThat(ctx.logText()).contains("its labels do not name this try");
  }

  @Test
  void aRecordedContainerThatIsGoneIsNotStopped() {
    ctx.recordWork("fedcba9876543210");

    operator(engine(Map.of())).onKill(ctx);

    assertThat(calls).containsExactly("inspectContainerCmd[fedcba9876543210]");
    assertThat(ctx.logText()).contains("is gone already");
  }
}
