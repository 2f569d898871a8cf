package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A try ended by someone other than its own thread (the runtime's sweeper, or the daemon that ran it died): a fresh
 * DockerOperator, which never ran the try, stops the container the try recorded and removes it as the container's
 * auto_remove label says. The container is made here as the dead daemon's runner made it (labels, recorded id).
 */
class LeftContainerIT {

  private static final String DAG = "it_docker_left_container";
  /** Ends at SIGTERM within a second (a bare busybox sleep as PID 1 ignores it, and the stop would wait 10 s). */
  private static final String[] LOOP = {"sh", "-c", "trap 'exit 143' TERM; while true; do sleep 1; done"};

  @RegisterExtension final EngineTries engine = EngineTries.containers(DAG);
  private DockerClient docker;
  private FakeTaskContext ctx;

  @BeforeEach
  void setUp() {
    docker = engine.docker();
    ctx = engine.newTry();
  }

  /** A running container of {@code owner}'s try, as its runner creates one; its id recorded in {@code recordIn}. */
  private String leftRunning(TaskIdentity owner, String autoRemove, FakeTaskContext recordIn) {
    Map<String, String> labels = new HashMap<>(DockerTaskRunner.tryLabels(owner));
    labels.put(DockerTaskRunner.AUTO_REMOVE_LABEL, autoRemove);
    String id = docker.createContainerCmd(LocalDocker.BUSYBOX).withCmd(LOOP).withLabels(labels).exec().getId();
    recordIn.recordWork(id);
    docker.startContainerCmd(id).exec();
    return id;
  }

  private static Map<String, Object> args(String autoRemove) {
    return Map.of("image", LocalDocker.BUSYBOX, "command", "sleep 60", "auto_remove", autoRemove);
  }

  private List<Container> tryContainers() {
    return engine.containersOf(ctx);
  }

  @Test
  void aFreshOperatorStopsAndRemovesTheRecordedContainer() throws Exception {
    leftRunning(ctx.identity(), "success", ctx);

    new DockerOperator(args("success")).onKill(ctx);

    assertThat(LocalDocker.awaitGone(docker, DockerTaskRunner.tryLabels(ctx.identity()))).isEmpty();
    assertThat(ctx.logText()).contains("removed container");
  }

  @Test
  void theContainersOwnLabelDecidesAndNeverOnlyStopsIt() {
    // The task's arguments (unrendered, maybe changed since) say force; the container was made with never.
    leftRunning(ctx.identity(), "never", ctx);

    new DockerOperator(args("force")).onKill(ctx);

    assertThat(tryContainers()).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("exited"));
  }

  @Test
  void aRecordedIdWhoseLabelsNameAnotherTryIsLeftAlone() {
    TaskIdentity other = new TaskIdentity(DAG, ctx.identity().runId(), "task", -1, 2);
    String id = leftRunning(other, "force", ctx);

    new DockerOperator(args("force")).onKill(ctx);

    assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
    assertThat(ctx.logText()).contains("do not name this try");
  }

  @Test
  void aRecordedContainerAlreadyGoneIsNoError() {
    String id = leftRunning(ctx.identity(), "force", ctx);
    docker.removeContainerCmd(id).withForce(true).exec();

    new DockerOperator(args("force")).onKill(ctx);

    assertThat(ctx.logText()).contains("is gone already");
  }

  @Test
  void aTemplatedDockerUrlIsNoObstacleTheTryRecordedItsEngine() throws Exception {
    // The try ran with docker_url rendered ('{{ var.value.docker_host }}' was the local engine's socket)...
    Map<String, Object> rendered = new HashMap<>(args("force"));
    rendered.put("command", List.of(LOOP));
    rendered.put("docker_url", DockerEndpoint.DEFAULT_URL);
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
      try {
        return new DockerOperator(rendered).execute(ctx);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    EngineTries.await(() -> tryContainers().stream().anyMatch(c -> "running".equals(c.getState())), "the container");

    // ...and its thread is gone: the runtime builds a fresh operator from the task's unrendered arguments.
    Map<String, Object> unrendered = new HashMap<>(rendered);
    unrendered.put("docker_url", "{{ var.value.docker_host }}");
    new DockerOperator(unrendered).onKill(ctx);

    assertThat(LocalDocker.awaitGone(docker, DockerTaskRunner.tryLabels(ctx.identity()))).isEmpty();
    assertThat(ctx.logText()).contains("removed container");
    // The try's own runner sees its container end (stopped, then removed) and ends too.
    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
  }
}
