package io.aloft.plugins.docker;

import static io.aloft.plugins.docker.EngineTries.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskSkipException;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** DockerOperator against the local engine, with the busybox image of scripts/build-images.sh. */
class DockerOperatorIT {

  private static final String DAG = "it_docker_operator";

  @RegisterExtension final EngineTries engine = EngineTries.containers(DAG);
  private DockerClient docker;
  private FakeTaskContext ctx;

  @BeforeEach
  void setUp() {
    docker = engine.docker();
    ctx = engine.newTry();
  }

  private Object run(Map<String, Object> args) throws Exception {
    return new DockerOperator(args).execute(ctx);
  }

  private void newTry() {
    ctx = engine.newTry();
  }

  private List<Container> awaitTryContainersGone() throws InterruptedException {
    return LocalDocker.awaitGone(docker, DockerTaskRunner.tryLabels(ctx.identity()));
  }

  private List<Container> tryContainers() {
    return engine.containersOf(ctx);
  }

  @Test
  void streamsStdoutAndStderrInOrderAndReturnsTheLastLine() throws Exception {
    Object xcom = run(args("command", List.of("sh", "-c", "echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three")));

    assertThat(ctx.outputLines()).containsExactly("one", "two", "three");
    assertThat(xcom).isEqualTo("three");
  }

  @Test
  void splitsAStringCommandAndReturnsAllLinesWithXcomAll() throws Exception {
    Object xcom = run(args("command", "sh -c 'echo \"hello world\"; echo bye'", "xcom_all", true));

    assertThat(xcom).isEqualTo(List.of("hello world", "bye"));
  }

  @Test
  void noOutputMeansNoXcom() throws Exception {
    assertThat(run(args("command", "true"))).isNull();
  }

  @Test
  void nonZeroExitFailsAndSkipCodesSkip() {
    assertThatThrownBy(() -> run(args("command", "sh -c 'echo bad; exit 3'")))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("exit code 3");
    assertThat(ctx.outputLines()).contains("bad");

    newTry();
    assertThatThrownBy(() -> run(args("command", "sh -c 'exit 99'", "skip_on_exit_code", 99)))
        .isInstanceOf(TaskSkipException.class);
  }

  @Test
  void labelsEveryContainerWithItsTry() throws Exception {
    run(args("command", "true", "labels", Map.of("team", "nlp")));

    List<Container> found = tryContainers();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).getLabels())
        .containsEntry("io.aloft.dag_id", DAG)
        .containsEntry("io.aloft.run_id", ctx.identity().runId())
        .containsEntry("io.aloft.task_id", "task")
        .containsEntry("io.aloft.try_number", "1")
        .containsEntry("team", "nlp");
  }

  @Test
  void autoRemoveDecidesWhatIsLeft() throws Exception {
    run(args("command", "true", "auto_remove", "never"));
    assertThat(tryContainers()).hasSize(1);

    newTry();
    run(args("command", "true", "auto_remove", "success"));
    assertThat(tryContainers()).isEmpty();

    newTry();
    assertThatThrownBy(() -> run(args("command", "false", "auto_remove", "force")));
    assertThat(awaitTryContainersGone()).isEmpty();
  }

  @Test
  void neverKeepsAFailedContainerAndSuccessRemovesItAsAirflowDoes() {
    assertThatThrownBy(() -> run(args("command", "sh -c 'exit 3'", "auto_remove", "never"))).hasMessageContaining("exit code 3");
    assertThat(tryContainers()).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("exited"));
    assertThat(docker.inspectContainerCmd(tryContainers().get(0).getId()).exec().getHostConfig().getAutoRemove())
        .isNotEqualTo(Boolean.TRUE);

    newTry();
    assertThatThrownBy(() -> run(args("command", "sh -c 'exit 3'", "auto_remove", "success"))).hasMessageContaining("exit code 3");
    assertThat(tryContainers()).isEmpty();
  }

  @Test
  void aNamedForceContainerIsGoneWhenItsTryEndsSoTheNextOneCanTakeTheName() throws Exception {
    String name = "aloft-it-named-" + UUID.randomUUID();
    assertThat(run(args("command", "echo one", "auto_remove", "force", "container_name", name))).isEqualTo("one");
    assertThat(tryContainers()).as("removed before the try ended").isEmpty();

    newTry();
    assertThat(run(args("command", "echo two", "auto_remove", "force", "container_name", name))).isEqualTo("two");
  }

  @Test
  void forceRemovesTheContainerOnceItsOutputAndExitCodeAreRead() throws Exception {
    assertThat(run(args("command", "sh -c 'echo first; echo second'", "auto_remove", "force"))).isEqualTo("second");
    assertThat(ctx.outputLines()).containsExactly("first", "second");
    assertThat(awaitTryContainersGone()).isEmpty();

    newTry();
    assertThatThrownBy(() -> run(args("command", "sh -c 'echo bad >&2; exit 7'", "auto_remove", "force")))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("exit code 7");
    assertThat(ctx.outputLines()).containsExactly("bad");
    assertThat(awaitTryContainersGone()).isEmpty();

    newTry();
    assertThatThrownBy(() -> run(args("command", "sh -c 'exit 99'", "auto_remove", "force", "skip_on_exit_code", 99)))
        .isInstanceOf(TaskSkipException.class);
    assertThat(awaitTryContainersGone()).isEmpty();
  }

  @Test
  void forceWithAnOutputFileCopiesItOutBeforeRemoving() throws Exception {
    Object xcom = run(args(
        "command", List.of("sh", "-c", "echo '[1, 2]' > /tmp/out.json"),
        "retrieve_output", true, "retrieve_output_path", "/tmp/out.json", "auto_remove", "force"));

    assertThat(xcom).isEqualTo(List.of(1, 2));
    assertThat(tryContainers()).isEmpty();
  }

  @Test
  void waitsForTheExitWhenTheOutputClosesFirst() {
    assertThatThrownBy(() -> run(args("command", List.of("sh", "-c", "echo bye; exec >&- 2>&-; sleep 1; exit 5"),
            "auto_remove", "force")))
        .hasMessageContaining("exit code 5");
    assertThat(ctx.outputLines()).containsExactly("bye");
  }

  @Test
  void passesEnvironmentAndMasksPrivateValues() throws Exception {
    Object xcom = run(args(
        "command", List.of("sh", "-c", "echo $GREETING $TOKEN"),
        "environment", Map.of("GREETING", "hello"),
        "private_environment", Map.of("TOKEN", "t0ps3cret")));

    assertThat(ctx.outputLines()).containsExactly("hello ***");
    assertThat(ctx.logText()).doesNotContain("t0ps3cret");
    assertThat(xcom).isEqualTo("hello t0ps3cret");
  }

  @Test
  void retrievesAnOutputFileAsJson() throws Exception {
    Object xcom = run(args(
        "command", List.of("sh", "-c", "echo '{\"f1\": 0.91}' > /tmp/result.json; echo written"),
        "retrieve_output", true, "retrieve_output_path", "/tmp/result.json"));

    assertThat(xcom).isEqualTo(Map.of("f1", 0.91));
  }

  @Test
  void bindMountsAndTheTemporaryFolder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("in.txt"), "from host\n");
    Object xcom = run(args(
        "command", List.of("sh", "-c", "cat /data/in.txt; touch $AIRFLOW_TMP_DIR/x && echo tmp:$AIRFLOW_TMP_DIR"),
        "mounts", List.of(Map.of("target", "/data", "source", dir.toString(), "type", "bind", "read_only", true))));

    assertThat(ctx.outputLines()).containsExactly("from host", "tmp:/tmp/airflow");
    assertThat(xcom).isEqualTo("tmp:/tmp/airflow");
  }

  @Test
  void killStopsAndRemovesTheContainer() throws Exception {
    killARunningTry("success");
    assertThat(tryContainers()).isEmpty();
  }

  @Test
  void killStopsAndRemovesAForceContainer() throws Exception {
    killARunningTry("force");
    assertThat(awaitTryContainersGone()).isEmpty();
  }

  @Test
  void killKeepsANeverContainerStopped() throws Exception {
    killARunningTry("never");
    assertThat(tryContainers()).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("exited"));
  }

  private void killARunningTry(String autoRemove) throws Exception {
    DockerOperator op = new DockerOperator(args("command", "sleep 60", "auto_remove", autoRemove));
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
      try {
        return op.execute(ctx);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (tryContainers().stream().noneMatch(c -> "running".equals(c.getState())) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    long start = System.nanoTime();
    op.onKill(ctx);

    assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).hasMessageContaining("stopped");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void reattachesToTheRunningContainerOfThisTryInsteadOfStartingAnother() throws Exception {
    ctx.asResumed();
    String id = docker.createContainerCmd(LocalDocker.BUSYBOX)
        .withLabels(DockerTaskRunner.tryLabels(ctx.identity()))
        .withCmd("sh", "-c", "echo started; sleep 1; echo finished")
        .exec().getId();
    docker.startContainerCmd(id).exec();

    Object xcom = run(args("command", "echo should-not-run"));

    assertThat(xcom).isEqualTo("finished");
    assertThat(ctx.outputLines()).containsExactly("started", "finished");
    assertThat(ctx.logText()).contains("re-attaching");
    assertThat(tryContainers()).extracting(Container::getId).containsExactly(id);
  }

  @Test
  void readsTheExitCodeAndLogsOfAContainerThatFinishedMeanwhile() throws Exception {
    ctx.asResumed();
    String id = docker.createContainerCmd(LocalDocker.BUSYBOX)
        .withLabels(DockerTaskRunner.tryLabels(ctx.identity()))
        .withCmd("sh", "-c", "echo partial; exit 4")
        .exec().getId();
    docker.startContainerCmd(id).exec();
    docker.waitContainerCmd(id).start().awaitStatusCode();

    assertThatThrownBy(() -> run(args("command", "echo should-not-run")))
        .hasMessageContaining("exit code 4");
    assertThat(ctx.outputLines()).containsExactly("partial");
    assertThat(tryContainers()).hasSize(1);
  }

  @Test
  void reattachesToARunningContainerThatTheEngineRemovesAtItsExit() throws Exception {
    ctx.asResumed();
    String id = docker.createContainerCmd(LocalDocker.BUSYBOX)
        .withLabels(DockerTaskRunner.tryLabels(ctx.identity()))
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withAutoRemove(true))
        .withCmd("sh", "-c", "echo started; sleep 1; echo finished; exit 3")
        .exec().getId();
    docker.startContainerCmd(id).exec();

    assertThatThrownBy(() -> run(args("command", "echo should-not-run", "auto_remove", "force")))
        .hasMessageContaining("exit code 3");
    assertThat(ctx.outputLines()).containsExactly("started", "finished");
    assertThat(awaitTryContainersGone()).isEmpty();
  }

  @Test
  void aResumedTryThatNeverRecordedAContainerStartsIt() throws Exception {
    ctx.asResumed();

    assertThat(run(args("command", "echo first", "auto_remove", "force"))).isEqualTo("first");
    assertThat(ctx.logText()).contains("was never started");
    assertThat(ctx.recordedWork()).as("recorded before the start").isPresent();
  }

  @Test
  void aResumedTryWhoseContainerFinishedWhileTheDaemonWasDownReadsItsOutputAndRemovesIt() throws Exception {
    long since = System.currentTimeMillis() / 1000 - 1;
    // As the first process of the try did before it was killed: create (the runner's own request, so no engine
    // removal), record, start; the container then runs to its end while no daemon watches.
    ContainerSpec spec = ContainerSpec.builder(LocalDocker.BUSYBOX).command("sh", "-c", "echo ran; echo result").build();
    String id = ContainerCreation.command(docker, spec, RunOptions.defaults().withAutoRemove(AutoRemove.FORCE),
        DockerTaskRunner.tryLabels(ctx.identity()), null).exec().getId();
    ctx.recordWork(id);
    docker.startContainerCmd(id).exec();
    docker.waitContainerCmd(id).start().awaitStatusCode();
    assertThat(tryContainers()).as("kept after its exit for the try to read").hasSize(1);
    ctx.asResumed();

    Object xcom = run(args("command", "echo should-not-run", "auto_remove", "force"));

    assertThat(xcom).as("its output, read from the finished container").isEqualTo("result");
    assertThat(ctx.outputLines()).containsExactly("ran", "result");
    assertThat(startsOfThisTry(since)).as("started once, never again").isEqualTo(1);
    assertThat(tryContainers()).as("removed once read (auto_remove='force')").isEmpty();
  }

  @Test
  void aRetryRemovesTheFinishedContainerOfAnEarlierTryLeftBehind() throws Exception {
    TaskIdentity first = ctx.identity();
    ContainerSpec spec = ContainerSpec.builder(LocalDocker.BUSYBOX).command("true").build();
    String force = ContainerCreation.command(docker, spec, RunOptions.defaults().withAutoRemove(AutoRemove.FORCE),
        DockerTaskRunner.tryLabels(first), null).exec().getId();
    TaskIdentity second = new TaskIdentity(first.dagId(), first.runId(), first.taskId(), -1, 2);
    String never = ContainerCreation.command(docker, spec, RunOptions.defaults(), DockerTaskRunner.tryLabels(second), null)
        .exec().getId();
    ctx = new FakeTaskContext(new TaskIdentity(first.dagId(), first.runId(), first.taskId(), -1, 3));

    assertThat(run(args("command", "echo third"))).isEqualTo("third");

    List<String> left = LocalDocker.containers(docker, DockerTaskRunner.taskLabels(first.dagId(), first.runId(),
        first.taskId(), -1)).stream().map(Container::getId).toList();
    assertThat(left).as("try 1 said force, try 2 never; try 3's own is kept (never)").doesNotContain(force)
        .contains(never);
  }

  @Test
  void aResumedTryWhoseFinishedContainerTheEngineRemovedIsNotStartedAgain() throws Exception {
    long since = System.currentTimeMillis() / 1000 - 1;
    // As the first process of the try did before it was killed: create, record, start (engine removal).
    String id = docker.createContainerCmd(LocalDocker.BUSYBOX)
        .withLabels(DockerTaskRunner.tryLabels(ctx.identity()))
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withAutoRemove(true))
        .withCmd("sh", "-c", "echo ran; exit 5")
        .exec().getId();
    ctx.recordWork(id);
    docker.startContainerCmd(id).exec();
    assertThat(awaitTryContainersGone()).as("finished and removed while the daemon was down").isEmpty();
    ctx.asResumed();

    assertThatThrownBy(() -> run(args("command", "echo should-not-run", "auto_remove", "force")))
        .hasMessageContaining("exit code 5");
    assertThat(ctx.logText()).contains("ran to its end while the daemon was stopped");
    assertThat(startsOfThisTry(since)).as("started once, never again").isEqualTo(1);
  }

  @Test
  void aResumedTryWhoseContainerAndItsEventsAreGoneIsLostNotStartedAgain() throws Exception {
    long since = System.currentTimeMillis() / 1000 - 1;
    ctx.recordWork("0000000000000000000000000000000000000000000000000000000000000000");
    ctx.asResumed();

    assertThatThrownBy(() -> run(args("command", "echo should-not-run", "auto_remove", "force")))
        .isInstanceOf(io.aloft.sdk.TaskLostException.class)
        .hasMessageContaining("the try is lost");
    assertThat(startsOfThisTry(since)).isZero();
  }

  /** How many containers of this try the engine started since {@code since}, from its event log. */
  private int startsOfThisTry(long since) throws Exception {
    Process p = new ProcessBuilder("docker", "events", "--since", Long.toString(since),
        "--until", Long.toString(System.currentTimeMillis() / 1000 + 1), "--filter", "event=start",
        "--filter", "label=" + DockerTaskRunner.RUN_LABEL + "=" + ctx.identity().runId(), "--format", "{{.ID}}")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return (int) out.lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void aRetryStopsTheContainerOfAnEarlierTryLeftRunning() throws Exception {
    TaskIdentity first = ctx.identity();
    String old = docker.createContainerCmd(LocalDocker.BUSYBOX)
        .withLabels(DockerTaskRunner.tryLabels(first))
        .withCmd("sh", "-c", "trap 'exit 0' TERM; sleep 60 & wait")
        .exec().getId();
    docker.startContainerCmd(old).exec();
    ctx = new FakeTaskContext(new TaskIdentity(first.dagId(), first.runId(), first.taskId(), -1, 2));

    assertThat(run(args("command", "echo second"))).isEqualTo("second");

    assertThat(docker.inspectContainerCmd(old).exec().getState().getRunning()).isFalse();
    assertThat(ctx.logText()).contains("of try 1, still running");
  }

  @Test
  void hostSettingsReachTheContainer() throws Exception {
    run(args(
        "command", "true", "mem_limit", "64m", "shm_size", "16m", "cpus", 0.5, "cap_add", List.of("NET_ADMIN"),
        "dns", List.of("10.0.0.53"), "extra_hosts", Map.of("db", "10.0.0.2"), "privileged", false, "user", "nobody",
        "working_dir", "/tmp", "tty", true, "network_mode", "none", "hostname", "trainer",
        "container_name", "aloft-it-" + UUID.randomUUID(), "entrypoint", "sh -c"));

    var inspect = docker.inspectContainerCmd(tryContainers().get(0).getId()).exec();
    var host = inspect.getHostConfig();
    assertThat(host.getMemory()).isEqualTo(64L << 20);
    assertThat(host.getShmSize()).isEqualTo(16L << 20);
    assertThat(host.getCpuShares()).isEqualTo(512);
    assertThat(host.getCapAdd()).extracting(Enum::name).containsExactly("NET_ADMIN");
    assertThat(host.getDns()).containsExactly("10.0.0.53");
    assertThat(host.getExtraHosts()).containsExactly("db:10.0.0.2");
    assertThat(host.getNetworkMode()).isEqualTo("none");
    assertThat(inspect.getConfig().getUser()).isEqualTo("nobody");
    assertThat(inspect.getConfig().getWorkingDir()).isEqualTo("/tmp");
    assertThat(inspect.getConfig().getTty()).isTrue();
    assertThat(inspect.getConfig().getHostName()).isEqualTo("trainer");
    assertThat(inspect.getConfig().getEntrypoint()).containsExactly("sh", "-c");
    assertThat(inspect.getName()).startsWith("/aloft-it-");
  }

  @Test
  void aGpuRequestWithoutAGpuRuntimeSaysWhatToInstallAndAutoRemoveApplies() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        String.valueOf(docker.infoCmd().exec().getRuntimes()).contains("nvidia"), "this Docker host has a GPU runtime");

    List<Map<String, Object>> gpu = List.of(Map.of("driver", "nvidia", "count", -1, "capabilities", List.of(List.of("gpu"))));
    assertThatThrownBy(() -> run(args("command", "true", "device_requests", gpu)))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("NVIDIA Container Toolkit");
    assertThat(tryContainers()).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("created"));

    newTry();
    assertThatThrownBy(() -> run(args("command", "true", "device_requests", gpu, "auto_remove", "success")));
    assertThat(tryContainers()).isEmpty();
  }

  @Test
  void unreachableDockerSaysToStartItOrSetDockerHost() {
    ctx.withSetting("docker_host", "unix:///nonexistent/docker.sock");

    assertThatThrownBy(() -> run(args("command", "true")))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("unix:///nonexistent/docker.sock")
        .hasMessageContaining("start Docker")
        .hasMessageContaining("DOCKER_HOST");
  }

  @Test
  void dockerHostSettingIsHonoured() throws Exception {
    ctx.withSetting("docker_host", "unix://var/run/docker.sock");

    assertThat(run(args("command", "echo via-setting"))).isEqualTo("via-setting");
  }

  @Test
  void missingImageSaysHowToBuildIt() {
    assertThatThrownBy(() -> run(args("image", "aloft/does-not-exist:1", "command", "true")))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("aloft/does-not-exist:1")
        .hasMessageContaining("scripts/build-images.sh")
        .hasMessageContaining("docker build");
  }

  @Test
  void missingMountSourceSaysToCreateThePath() {
    assertThatThrownBy(() -> run(args("command", "true",
            "mounts", List.of(Map.of("target", "/data", "source", "/nonexistent/aloft-data", "type", "bind")))))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("/nonexistent/aloft-data")
        .hasMessageContaining("create the path");
  }
}
