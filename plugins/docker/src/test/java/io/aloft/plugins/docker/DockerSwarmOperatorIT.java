package io.aloft.plugins.docker;

import static io.aloft.plugins.docker.EngineTries.args;
import static io.aloft.plugins.docker.EngineTries.await;
import static io.aloft.plugins.docker.EngineTries.recordedId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.aloft.sdk.TaskLostException;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DockerSwarmOperator against the local engine as a single-node swarm ({@link LocalSwarm} runs {@code docker swarm
 * init} when needed), with the local-only busybox image of scripts/build-images.sh: the service runs it by its
 * image ID, so Swarm never tries to pull it.
 */
class DockerSwarmOperatorIT {

  @RegisterExtension final EngineTries engine = EngineTries.services("it_docker_swarm");
  private DockerClient docker;
  private FakeTaskContext ctx;

  @BeforeEach
  void setUp() {
    docker = engine.docker();
    ctx = engine.newTry();
  }

  private int tryServices() {
    return LocalSwarm.services(docker, DockerTaskRunner.tryLabels(ctx.identity())).size();
  }

  @Test
  void successStreamsTheOutputIntoTheTryLogAndRemovesTheService() throws Exception {
    Object xcom = new DockerSwarmOperator(args(
        "command", List.of("sh", "-c", "echo one; echo two >&2; sleep 1; echo three; echo $GREETING"),
        "environment", Map.of("GREETING", "hello swarm"), "auto_remove", "success")).execute(ctx);

    assertThat(xcom).as("Airflow's DockerSwarmOperator pushes no XCom").isNull();
    // Swarm's log service orders lines by timestamp, and stdout and stderr written at once may come either way.
    assertThat(ctx.outputLines()).containsExactlyInAnyOrder("one", "two", "three", "hello swarm");
    assertThat(ctx.outputLines().subList(2, 4)).containsExactly("three", "hello swarm");
    assertThat(ctx.recordedWork()).isPresent();
    assertThat(ctx.logText()).contains("runs it by its ID");
    assertThat(tryServices()).as("service removed after the end").isZero();
  }

  @Test
  void nonZeroExitFailsWithTheEnginesErrorAndNeverKeepsTheService() {
    assertThatThrownBy(() -> new DockerSwarmOperator(args("command", "sh -c 'echo bad; exit 3'")).execute(ctx))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("failed")
        .hasMessageContaining("non-zero exit (3)")
        .satisfies(e -> assertThat(((DockerTaskException) e).exitCode()).hasValue(3));
    assertThat(ctx.outputLines()).containsExactly("bad");
    assertThat(tryServices()).as("auto_remove=never (Airflow's default) keeps it").isEqualTo(1);
  }

  @Test
  void forceRemovesAFailedService() {
    assertThatThrownBy(() -> new DockerSwarmOperator(args("command", "false", "auto_remove", "force")).execute(ctx))
        .isInstanceOf(DockerTaskException.class);
    assertThat(tryServices()).isZero();
  }

  @Test
  void resumedTryReattachesToItsServiceInsteadOfCreatingASecondOne() throws Exception {
    Map<String, Object> args = args("command", List.of("sh", "-c", "echo started; sleep 3; echo finished"),
        "auto_remove", "success");
    // The first process of the try: creates and records the service, then "dies" (its thread is interrupted, as
    // when the daemon stops; nothing removes the service).
    FakeTaskContext first = ctx;
    CompletableFuture<Object> dying = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        dying.complete(new DockerSwarmOperator(args).execute(first));
      } catch (Throwable e) {
        dying.completeExceptionally(e);
      }
    });
    await(() -> first.recordedWork().isPresent(), "the service to be recorded");
    t.interrupt();
    // Interrupted in a sleep or inside an engine call (then httpclient5 reports a cancellation): either way it ends.
    assertThatThrownBy(() -> dying.get(30, TimeUnit.SECONDS)).isInstanceOfAny(ExecutionException.class, CancellationException.class);
    String recorded = first.recordedWork().orElseThrow();
    assertThat(tryServices()).isEqualTo(1);

    // The daemon restarts and runs the same try again, with the recorded work.
    ctx = new FakeTaskContext(first.identity()).asResumed();
    ctx.recordWork(recorded);
    new DockerSwarmOperator(args).execute(ctx);

    assertThat(ctx.logText()).contains("re-attaching to Swarm service");
    assertThat(ctx.outputLines()).containsExactly("started", "finished");
    assertThat(ctx.recordedWork()).hasValue(recorded);
    assertThat(tryServices()).isZero();
  }

  @Test
  void resumedTryWhoseServiceWasRemovedIsLostNotStartedAgain() {
    ctx = new FakeTaskContext(ctx.identity()).asResumed();
    ctx.recordWork("0123456789abcdef01234567");

    assertThatThrownBy(() -> new DockerSwarmOperator(args("command", "true")).execute(ctx))
        .isInstanceOf(TaskLostException.class);
    assertThat(tryServices()).isZero();
  }

  @Test
  void aGpuReservationNoNodeHasWaitsWithSwarmsReasonAndKillRemovesTheService() throws Exception {
    DockerSwarmOperator op = new DockerSwarmOperator(args("command", "true",
        "container_resources", Map.of("generic_resources", Map.of("gpu", 1))));
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
      try {
        return op.execute(ctx);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    await(() -> ctx.logText().contains("no suitable node"), "Swarm to say why the task waits");
    assertThat(docker.inspectServiceCmd(recordedId(ctx)).exec().getSpec().getTaskTemplate()
        .getResources().getReservations()).isNotNull();

    op.onKill(ctx);

    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasMessageContaining("stopped");
    assertThat(tryServices()).isZero();
  }

  @Test
  void aServiceRemovedByHandFailsTheTryInsteadOfWaitingForever() throws Exception {
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
      try {
        return new DockerSwarmOperator(args("command", "sleep 60")).execute(ctx);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    await(() -> ctx.recordedWork().isPresent(), "the service to be recorded");
    docker.removeServiceCmd(recordedId(ctx)).exec();

    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasMessageContaining("is gone");
  }

  @Test
  void aFreshOperatorWithATemplatedDockerUrlRemovesTheServiceOnTheEngineTheTryRecorded() throws Exception {
    Map<String, Object> rendered = args("command", "sleep 60", "docker_url", DockerEndpoint.DEFAULT_URL);
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
      try {
        return new DockerSwarmOperator(rendered).execute(ctx);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    await(() -> ctx.recordedWork().isPresent(), "the service to be recorded");

    // The try's thread is gone; the runtime's operator has the unrendered arguments.
    Map<String, Object> unrendered = new HashMap<>(rendered);
    unrendered.put("docker_url", "{{ conn.swarm_manager.host }}");
    new DockerSwarmOperator(unrendered).onKill(ctx);

    assertThat(tryServices()).isZero();
    // The try's own runner sees its service go and ends too.
    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
  }
}
