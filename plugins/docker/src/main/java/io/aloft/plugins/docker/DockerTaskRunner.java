package io.aloft.plugins.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskLostException;
import io.aloft.sdk.TaskSkipException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one task try's container to its end: finds the container an earlier daemon started for this very try
 * (by its labels) or creates and starts one, streams its output into the try's log, waits for the exit
 * code, turns it into success, skip or failure, returns the XCom value and removes the container as
 * {@link AutoRemove} says. {@link #kill} stops it from another thread.
 *
 * <p>Exactly once per try: the container's id and engine are recorded in the store ({@link WorkRecord}) after
 * its creation and before its start. A resumed try re-attaches to the container if it is still there, running or
 * finished (then its output and exit code are read from it). The engine is never asked to remove a container as
 * it exits ({@code HostConfig.AutoRemove}), not even for {@code auto_remove="force"}: the try removes it itself
 * once it has read the output and the exit code, so a container that finishes while the daemon is down keeps its
 * output for the resumed try. If it is gone all the same (removed by hand, or by an older Aloft that let the
 * engine remove it), the exit code comes from the engine's event log, and when even that is gone the try ends as
 * lost ({@link TaskLostException}: the runtime retries it under a new try number) — it never starts a second
 * container. Containers of this task's earlier tries that are left behind (their daemon died between their exit
 * and their removal) are removed by the next try, as their {@link #AUTO_REMOVE_LABEL} says.
 *
 * <p>One instance per try: {@link #run} on the try's thread, {@link #kill} from any other. Other plugins
 * (GraphGrid's) build a {@link ContainerSpec} of their own and run it here.
 *
 * <pre>{@code
 * DockerTaskRunner runner = new DockerTaskRunner(DockerEndpoint.of("unix:///var/run/docker.sock"));
 * Object lastLine = runner.run(ctx, ContainerSpec.builder("aloft/busybox").command("echo", "hi").build(),
 *     RunOptions.defaults());
 * }</pre>
 */
public final class DockerTaskRunner {

  /** Labels every task container carries; together they name the try. */
  public static final String DAG_LABEL = "io.aloft.dag_id";
  public static final String RUN_LABEL = "io.aloft.run_id";
  public static final String TASK_LABEL = "io.aloft.task_id";
  public static final String MAP_INDEX_LABEL = "io.aloft.map_index";
  public static final String TRY_LABEL = "io.aloft.try_number";
  /**
   * The try's {@code auto_remove} ({@code never}, {@code success}, {@code force}): a later try of the task removes
   * an exited container of an earlier one that was left behind unless it says {@code never}.
   */
  public static final String AUTO_REMOVE_LABEL = "io.aloft.auto_remove";

  private static final int STOP_TIMEOUT_SECONDS = 10;

  private final DockerClient docker;
  private final DockerHttpClient http;
  private final DockerEndpoint endpoint;
  private volatile String containerId;
  private volatile boolean killed;
  /** Whether {@link #run} was called on this runner: if not, {@link #kill} ends a try some other runner ran. */
  private volatile boolean ran;
  private volatile AutoRemove autoRemove = AutoRemove.NEVER;

  public DockerTaskRunner(DockerEndpoint endpoint) {
    this(DockerClients.get(endpoint), endpoint);
  }

  public DockerTaskRunner(DockerClient docker, DockerEndpoint endpoint) {
    this.docker = docker;
    this.endpoint = endpoint;
    this.http = DockerClients.http(docker, endpoint);
  }

  /** The labels that identify a try's container. */
  public static Map<String, String> tryLabels(TaskIdentity id) {
    Map<String, String> labels = taskLabels(id.dagId(), id.runId(), id.taskId(), id.mapIndex());
    labels.put(TRY_LABEL, Integer.toString(id.tryNumber()));
    return labels;
  }

  /** The labels shared by every try's container of one task instance (all but the try number). */
  public static Map<String, String> taskLabels(String dagId, String runId, String taskId, int mapIndex) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(DAG_LABEL, dagId);
    labels.put(RUN_LABEL, runId);
    labels.put(TASK_LABEL, taskId);
    labels.put(MAP_INDEX_LABEL, Integer.toString(mapIndex));
    return labels;
  }

  /** The id of this try's container once it exists. */
  public Optional<String> containerId() {
    return Optional.ofNullable(containerId);
  }

  /**
   * Runs the try's container to its end and returns the XCom value: the retrieved file, every line, or the
   * last line of output ({@code null} when there was none).
   *
   * @throws TaskSkipException when the exit code is one of {@code skipOnExitCodes}
   * @throws DockerTaskException when the container fails or Docker refuses, with what to do about it
   * @throws InterruptedException when the try's thread is interrupted (the runtime then calls {@link #kill})
   */
  public Object run(TaskContext ctx, ContainerSpec spec, RunOptions options) throws InterruptedException {
    ran = true;
    autoRemove = options.autoRemove();
    spec.privateEnvironment().values().forEach(ctx::registerSecret);
    Map<String, String> tryLabels = tryLabels(ctx.identity());
    Path hostTmp = null;
    boolean exited = false;
    boolean nothingLeft = false;
    String id = null;
    try {
      // A fresh first try has no container anywhere: skip the engine round trip on the common path.
      Optional<Container> earlier =
          ctx.identity().tryNumber() <= 1 && !ctx.resumed() ? Optional.empty() : findContainer(ctx, tryLabels);
      hostTmp = options.tmpDir() != null && endpoint.isLocal() ? hostTmpDir(options, tryLabels) : null;
      Ran ran;
      Optional<String> recorded =
          earlier.isEmpty() && ctx.resumed() ? WorkRecord.recorded(ctx).map(WorkRecord::id) : Optional.empty();
      if (earlier.isPresent()) {
        id = earlier.get().getId();
        containerId = id;
        ran = reattach(ctx, earlier.get(), options);
      } else if (recorded.isPresent()) {
        id = recorded.get();
        containerId = id;
        ran = gone(ctx, id, options);
        nothingLeft = true; // nothing is left to remove or inspect
      } else {
        if (options.tmpDir() != null && hostTmp == null) {
          ctx.log().warn("not mounting a temporary folder at " + options.tmpDir() + ": the engine " + endpoint.url()
              + " is not on this machine (set mount_tmp_dir=False to silence this)");
        }
        if (ctx.resumed()) {
          // No container and no record: the daemon stopped before this try's container was created and
          // recorded, so none was ever started for it.
          ctx.log().info("this try's container was never started (the daemon stopped before): starting it now");
        }
        id = create(ctx, spec, options, tryLabels, hostTmp);
        containerId = id;
        if (killed) {
          removeQuietly(id);
          throw new DockerTaskException("the try was stopped before its container started");
        }
        try {
          ctx.recordWork(new WorkRecord(id, endpoint).encode());
        } catch (RuntimeException e) {
          removeQuietly(id); // unrecorded, a crash could start it twice: better not start it at all
          throw new DockerTaskException("cannot record container " + shortId(id) + " in the store before its start ("
              + e.getMessage() + "); it was not started", e);
        }
        ran = launch(ctx, id, spec.image(), options);
      }
      exited = true;
      return result(ctx, id, ran.exitCode(), ran.output(), options, nothingLeft);
    } catch (DockerException e) {
      throw e instanceof NotFoundException && killed
          ? new DockerTaskException("the container was removed while the try was being stopped", e)
          : e;
    } catch (RuntimeException e) {
      if (DockerErrors.isUnreachable(e)) {
        throw DockerErrors.unreachable(endpoint, e);
      }
      throw e;
    } finally {
      if (exited && !killed && !nothingLeft) {
        // Only now, with the output and the exit code read: a daemon that dies before this line finds the finished
        // container when the try resumes, and reads them again from it.
        removeAfterExit(ctx, id, options.autoRemove());
      }
      if (hostTmp != null && (exited || killed)) {
        deleteTree(hostTmp);
      }
    }
  }

  /** How a container ended: its output and exit code. */
  private record Ran(OutputPump output, int exitCode) {}

  /**
   * Stops the try's container (Docker sends SIGTERM, then SIGKILL after 10 s) and removes it unless
   * {@code auto_remove} is {@code never}. Safe to call from any thread, before, during or after {@link #run}.
   *
   * <p>On a runner that never ran the try (the runtime ends a try whose thread is gone: its sweeper, or a daemon or
   * worker that died), the container is the one the try recorded ({@link WorkRecord}); it is only
   * touched when its labels name this very try, and its own {@link #AUTO_REMOVE_LABEL} says whether to remove it.
   */
  public void kill(TaskContext ctx) {
    killed = true;
    String id = containerId;
    AutoRemove mode = autoRemove;
    if (id == null && !ran) {
      Optional<Recorded> recorded = recorded(ctx);
      if (recorded.isEmpty()) {
        return;
      }
      id = recorded.get().id();
      mode = recorded.get().autoRemove();
    }
    if (id == null) {
      ctx.log().info("stopping: no container was started yet");
      return;
    }
    ctx.log().info("stopping container " + shortId(id));
    try {
      docker.stopContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    } catch (NotModifiedException | NotFoundException alreadyStopped) {
      // Nothing to stop.
    }
    if (mode != AutoRemove.NEVER) {
      removeQuietly(id);
      ctx.log().info("removed container " + shortId(id) + " (auto_remove=" + mode.name().toLowerCase(Locale.ROOT) + ")");
    }
  }

  /** A container the try recorded, still there, and what its label says about removing it. */
  private record Recorded(String id, AutoRemove autoRemove) {}

  /**
   * The container this try recorded, if it still exists and carries this try's labels (a recorded id never names
   * another try's container, but the check is cheap and a wrong removal is not undone).
   */
  private Optional<Recorded> recorded(TaskContext ctx) {
    Optional<WorkRecord> work = WorkRecord.recorded(ctx);
    if (work.isEmpty()) {
      ctx.log().info("stopping: this try recorded no container");
      return Optional.empty();
    }
    String id = work.get().id();
    Map<String, String> labels;
    try {
      labels = docker.inspectContainerCmd(id).exec().getConfig().getLabels();
    } catch (NotFoundException gone) {
      ctx.log().info("stopping: this try's container " + shortId(id) + " is gone already");
      return Optional.empty();
    }
    Map<String, String> own = labels == null ? Map.of() : labels;
    if (!own.entrySet().containsAll(tryLabels(ctx.identity()).entrySet())) {
      ctx.log().warn("not stopping container " + shortId(id) + ": its labels do not name this try " + own);
      return Optional.empty();
    }
    String mode = own.get(AUTO_REMOVE_LABEL);
    // Without the label (made before it existed) it is stopped, not removed: its output stays for inspection.
    return Optional.of(new Recorded(id, mode == null ? AutoRemove.NEVER : AutoRemove.parse(mode)));
  }

  /**
   * This try's container, if an earlier start of the daemon created it. Containers of earlier tries of the
   * same task still running (their daemon stopped, and the runtime moved on to a retry) are stopped first, so
   * that one task never runs twice at once.
   */
  private Optional<Container> findContainer(TaskContext ctx, Map<String, String> tryLabels) {
    Map<String, String> taskLabels = new LinkedHashMap<>(tryLabels);
    String tryNumber = taskLabels.remove(TRY_LABEL);
    List<Container> ofTask = docker.listContainersCmd().withShowAll(true).withLabelFilter(taskLabels).exec();
    for (Container c : ofTask) {
      if (tryNumber.equals(c.getLabels().get(TRY_LABEL))) {
        continue;
      }
      boolean running = "running".equals(c.getState());
      if (running) {
        ctx.log().warn("stopping container " + name(c) + " (" + shortId(c.getId()) + ") of try "
            + c.getLabels().get(TRY_LABEL) + ", still running after its daemon stopped");
        try {
          docker.stopContainerCmd(c.getId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
          // Stopped meanwhile.
        }
      }
      // That try has ended (this one follows it): what its auto_remove asked for, which its daemon did not live
      // to do. Containers without the label (made before it existed) are left alone.
      String mode = c.getLabels().get(AUTO_REMOVE_LABEL);
      if (mode != null && AutoRemove.parse(mode) != AutoRemove.NEVER) {
        ctx.log().info("removing container " + name(c) + " (" + shortId(c.getId()) + ") of try "
            + c.getLabels().get(TRY_LABEL) + ", left behind when its daemon stopped (auto_remove=" + mode + ")");
        removeQuietly(c.getId());
      }
    }
    return ofTask.stream()
        .filter(c -> tryNumber.equals(c.getLabels().get(TRY_LABEL)))
        .max(Comparator.comparing(Container::getCreated));
  }

  /**
   * This try's container was started by an earlier process of the daemon and is gone: its exit code comes
   * from the engine's event log (its output went with it); without one the try is lost. Never started again.
   */
  private Ran gone(TaskContext ctx, String id, RunOptions options) {
    Optional<Integer> code = options.retrieveOutputPath() != null ? Optional.empty() : ExitWait.pastExitCode(http, id);
    if (code.isEmpty()) {
      throw new TaskLostException("this try's container " + shortId(id) + " was started before the daemon stopped and"
          + " is gone, and the engine's event log no longer says how it ended: the try is lost (the task runs again"
          + " under a new try number, which does not use up a retry; the container is not started again under this"
          + " try)");
    }
    ctx.log().warn("this try's container " + shortId(id) + " ran to its end while the daemon was stopped and was"
        + " removed (by hand, or by the engine for an older Aloft): exit code " + code.get() + " from the engine's"
        + " event log; its output, and so its XCom value, went with it");
    return new Ran(new OutputPump(ctx.log(), options.xcomAll()), code.get());
  }

  private Ran reattach(TaskContext ctx, Container c, RunOptions options) throws InterruptedException {
    String state = c.getState() == null ? "unknown" : c.getState();
    ctx.log().info("re-attaching to container " + name(c) + " (" + shortId(c.getId()) + ", " + state
        + ") that an earlier start of the daemon created for this try; its output from the start follows");
    if ("created".equals(state)) {
      return launch(ctx, c.getId(), c.getImage(), options);
    }
    // The wait first: a container the engine removes as it exits (made by an older Aloft) still reports its exit
    // code to it. A finished one answers at once, and its logs are all there.
    try (ExitWait exit = ExitWait.open(http, c.getId(), ExitWait.Condition.NOT_RUNNING)) {
      OutputPump output = awaitOutput(ctx,
          docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).withFollowStream(true)
              .exec(new OutputPump(ctx.log(), options.xcomAll())));
      return new Ran(output, awaitExit(ctx, exit));
    }
  }

  /**
   * Starts a created container the way {@code docker run} does: the output stream (an attach) and the exit wait
   * are open before the start, so no output is missed and nothing is asked of the engine after the exit.
   */
  private Ran launch(TaskContext ctx, String id, String image, RunOptions options) throws InterruptedException {
    OutputPump pump = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
        .exec(new OutputPump(ctx.log(), options.xcomAll()));
    ExitWait exit = null;
    try {
      try {
        // Meanwhile docker-java opens the attach. The die event gives the exit code before the engine's clean-up.
        exit = ExitWait.open(http, id, ExitWait.Condition.NEXT_EXIT, true);
        pump.awaitOpen();
        start(image, id);
      } catch (RuntimeException | InterruptedException e) {
        // As after an exit: auto_remove decides; with "never" it stays (state "created") for inspection.
        if (options.autoRemove() != AutoRemove.NEVER) {
          removeQuietly(id);
        }
        throw e;
      }
      awaitOutput(ctx, pump);
      return new Ran(pump, awaitExit(ctx, exit));
    } finally {
      closeQuietly(pump);
      if (exit != null) {
        exit.close();
      }
    }
  }

  private String create(
      TaskContext ctx, ContainerSpec spec, RunOptions options, Map<String, String> tryLabels, Path hostTmp) {
    if (options.forcePull()) {
      ImagePuller.pull(docker, ctx, spec.image());
    }
    ctx.log().info("Starting docker container from image " + spec.image());
    try {
      return ContainerCreation.command(docker, spec, options, tryLabels, hostTmp).exec().getId();
    } catch (NotFoundException e) {
      if (!String.valueOf(e.getMessage()).contains("No such image")) {
        throw DockerErrors.createFailed(spec.image(), e);
      }
      ImagePuller.pull(docker, ctx, spec.image());
      try {
        return ContainerCreation.command(docker, spec, options, tryLabels, hostTmp).exec().getId();
      } catch (DockerException again) {
        throw DockerErrors.createFailed(spec.image(), again);
      }
    } catch (DockerException e) {
      throw DockerErrors.createFailed(spec.image(), e);
    }
  }

  private void start(String image, String id) {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException alreadyRunning) {
      // Started meanwhile: fine.
    } catch (DockerException e) {
      throw DockerErrors.createFailed(image, e);
    }
  }

  /** Waits for the output stream's end, heartbeating; stops the container if the try is cancelled meanwhile. */
  private OutputPump awaitOutput(TaskContext ctx, OutputPump pump) throws InterruptedException {
    try {
      while (!pump.awaitCompletion(5, TimeUnit.SECONDS)) {
        heartbeat(ctx);
      }
    } finally {
      closeQuietly(pump);
    }
    return pump;
  }

  /** Waits for the exit code, heartbeating: the output may end before the container does. */
  private int awaitExit(TaskContext ctx, ExitWait exit) throws InterruptedException {
    Integer code;
    while ((code = exit.statusCode(5, TimeUnit.SECONDS)) == null) {
      heartbeat(ctx);
    }
    return code;
  }

  private void heartbeat(TaskContext ctx) {
    ctx.heartbeat();
    if (ctx.isCancelled() && !killed) {
      kill(ctx);
    }
  }

  private Object result(TaskContext ctx, String id, int exitCode, OutputPump output, RunOptions options, boolean nothingLeft) {
    if (options.skipOnExitCodes().contains(exitCode)) {
      throw new TaskSkipException("Docker container exited with code " + exitCode + " (skip_on_exit_code): skipping");
    }
    if (exitCode != 0) {
      String why = killed ? " because the try was stopped" : oomHint(id, exitCode, nothingLeft);
      throw new DockerTaskException("Docker container failed: exit code " + exitCode + why
          + " (container " + shortId(id) + ", see its output above)", exitCode, output.tail());
    }
    if (options.retrieveOutputPath() != null) {
      return OutputFile.read(docker, ctx, id, options.retrieveOutputPath());
    }
    if (output.lineCount() == 0) {
      return null;
    }
    return options.xcomAll() ? output.lines() : output.lastLine();
  }

  private String oomHint(String id, int exitCode, boolean nothingLeft) {
    String outOfMemory = ": it ran out of memory; raise mem_limit or make the job smaller";
    if (!nothingLeft) {
      try {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
        return Boolean.TRUE.equals(state.getOOMKilled()) ? outOfMemory : "";
      } catch (RuntimeException e) {
        return "";
      }
    }
    // The container is gone, and the record of an out-of-memory kill with it: 137 is SIGKILL, what the kernel's
    // OOM killer sends.
    return exitCode == 137 ? ": it was killed (SIGKILL), as when it runs out of memory: then raise mem_limit or make"
        + " the job smaller" : "";
  }

  private void removeAfterExit(TaskContext ctx, String id, AutoRemove mode) {
    if (mode == AutoRemove.NEVER || id == null) {
      return;
    }
    try {
      // Forced for both modes: it has exited, but the engine may still be cleaning up after the exit (the try took
      // the exit code from the die event), when an unforced removal is refused.
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException gone) {
      // Removed already.
    } catch (ConflictException e) {
      if (!String.valueOf(e.getMessage()).contains("already in progress")) { // else the engine is removing it
        ctx.log().warn("could not remove container " + shortId(id) + ": " + e.getMessage());
      }
    } catch (RuntimeException e) {
      ctx.log().warn("could not remove container " + shortId(id) + ": " + e.getMessage());
    }
  }

  private void removeQuietly(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException gone) {
      // Removed already.
    } catch (RuntimeException e) {
      // Best effort: the caller is already reporting a failure.
    }
  }

  /** One folder per try, named from its labels, so a re-attached try finds and removes the same folder. */
  private static Path hostTmpDir(RunOptions options, Map<String, String> tryLabels) {
    Path base = options.hostTmpDir() != null ? options.hostTmpDir() : Path.of(System.getProperty("java.io.tmpdir"));
    String key = String.join("\u0000", tryLabels.values());
    Path dir = base.resolve("airflowtmp-aloft-" + Integer.toHexString(key.hashCode()) + "-" + Integer.toHexString(key.length()));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DockerTaskException("cannot create the temporary folder " + dir + " mounted at " + options.tmpDir()
          + ": " + e.getMessage() + ": fix host_tmp_dir or set mount_tmp_dir=False", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temporary folder is harmless.
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing a finished stream.
    }
  }

  private static String name(Container c) {
    String[] names = c.getNames();
    return names == null || names.length == 0 ? shortId(c.getId()) : names[0].replaceFirst("^/", "");
  }

  static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
