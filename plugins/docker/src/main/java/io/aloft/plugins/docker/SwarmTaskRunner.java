package io.aloft.plugins.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.transport.DockerHttpClient;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskLog;
import io.aloft.sdk.TaskLostException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one task try as a Docker Swarm service to its end: creates the service (one replica, restart policy
 * none) or finds the one an earlier daemon created for this very try (by its labels), streams its task's output
 * into the try's log, waits until its Swarm task is terminal ({@code complete} is success; {@code failed},
 * {@code rejected}, {@code shutdown}, {@code orphaned} fail the try with the engine's error) and removes the
 * service as {@code auto_remove} says. {@link #kill} removes the service from another thread (Airflow's
 * {@code on_kill}), which stops its container.
 *
 * <p>Exactly once per try, as {@link DockerTaskRunner}: the service's id and engine are recorded ({@link WorkRecord})
 * right after its creation. The service's name is derived from the try (prefix and a hash of dag, run, task, map
 * index, try number), so that even a create racing another for the same try is refused by the engine as a name
 * conflict, and the try then attaches to the existing service. A resumed try whose service is gone (removed by
 * hand) is lost ({@link TaskLostException}): Swarm keeps no record of how a removed service's task ended.
 *
 * <p>Local images: the manager does not pull an image referenced by its ID or by a digest it has, so an image
 * that exists on this engine is passed by its registry digest (pullable by other nodes), else by its ID (only
 * nodes that have it can run it). Other images are passed by name, and each node pulls them.
 *
 * <p>One instance per try: {@link #run} on the try's thread, {@link #kill} from any other.
 */
public final class SwarmTaskRunner {

  /**
   * Polling the task list (Swarm has no event for a task's end): fast at first, every 250 ms for the first 30 s
   * (a short task should not wait a second for its end to be seen), then once a second.
   */
  private static final long FIRST_POLL_MS = 50;
  private static final long SHORT_POLL_MS = 250;
  private static final long MAX_POLL_MS = 1000;
  private static final long SHORT_POLL_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(30);
  /** How long the final, non-following read of a finished service's logs may take. */
  private static final long CATCH_UP_SECONDS = 30;
  private static final Set<TaskState> TERMINAL = Set.of(
      TaskState.COMPLETE, TaskState.FAILED, TaskState.REJECTED, TaskState.SHUTDOWN, TaskState.ORPHANED, TaskState.REMOVE);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker;
  private final DockerHttpClient http;
  private final DockerEndpoint endpoint;
  private volatile String serviceId;
  private volatile boolean killed;
  /** Whether {@link #run} was called on this runner: if not, {@link #kill} ends a try some other runner ran. */
  private volatile boolean ran;

  public SwarmTaskRunner(DockerEndpoint endpoint) {
    this(DockerClients.get(endpoint), endpoint);
  }

  public SwarmTaskRunner(DockerClient docker, DockerEndpoint endpoint) {
    this.docker = docker;
    this.endpoint = endpoint;
    this.http = DockerClients.http(docker, endpoint);
  }

  /** The id of this try's service once it exists. */
  public Optional<String> serviceId() {
    return Optional.ofNullable(serviceId);
  }

  /** The service name of a try: the prefix and a hash of its labels (Swarm names: 63 characters at most). */
  static String serviceName(String prefix, Map<String, String> tryLabels) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(String.join("\u0000", tryLabels.values()).getBytes(StandardCharsets.UTF_8));
      return prefix + "-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the try's service to its end. Returns nothing, as Airflow's DockerSwarmOperator does (no XCom).
   *
   * @throws DockerTaskException when the service's task fails or Docker refuses, with what to do about it
   * @throws InterruptedException when the try's thread is interrupted (the runtime then calls {@link #kill})
   */
  public Object run(TaskContext ctx, Map<String, Object> args, SwarmArguments.SwarmOptions options)
      throws InterruptedException {
    ran = true;
    Map<String, String> tryLabels = DockerTaskRunner.tryLabels(ctx.identity());
    Map<String, String> labels = new LinkedHashMap<>(CommonArguments.labels(args));
    labels.putAll(tryLabels);
    labels.put(DockerTaskRunner.AUTO_REMOVE_LABEL, options.autoRemove().name().toLowerCase(Locale.ROOT));
    CommonArguments.privateEnvironment(args).values().forEach(ctx::registerSecret);
    String name = serviceName(options.servicePrefix(), tryLabels);
    boolean ended = false;
    boolean complete = false;
    try {
      Optional<Service> earlier =
          ctx.identity().tryNumber() <= 1 && !ctx.resumed() ? Optional.empty() : findService(ctx, tryLabels);
      if (earlier.isPresent()) {
        serviceId = earlier.get().getId();
        ctx.log().info("re-attaching to Swarm service " + earlier.get().getSpec().getName() + " (" + shortId(serviceId)
            + ") that an earlier start of the daemon created for this try; its output from the start follows");
      } else if (ctx.resumed() && WorkRecord.recorded(ctx).isPresent()) {
        throw new TaskLostException("this try's Swarm service " + shortId(WorkRecord.recorded(ctx).get().id()) + " was created"
            + " before the daemon stopped and is gone (removed), and Swarm keeps no record of how its task ended: the"
            + " try is lost (the task runs again under a new try number, which does not use up a retry)");
      } else {
        String image = serviceImage(ctx, args.get("image").toString(), options.forcePull());
        Map<String, Object> spec = SwarmArguments.serviceSpec(args, name, image, labels);
        ctx.log().info("Starting docker service " + name + " from image " + args.get("image"));
        serviceId = create(ctx, spec, tryLabels);
        if (killed) {
          removeQuietly(serviceId);
          throw new DockerTaskException("the try was stopped before its Swarm service started");
        }
        try {
          ctx.recordWork(new WorkRecord(serviceId, endpoint).encode());
        } catch (RuntimeException e) {
          removeQuietly(serviceId);
          throw new DockerTaskException("cannot record Swarm service " + shortId(serviceId) + " in the store ("
              + e.getMessage() + "); it was removed", e);
        }
        ctx.log().info("Service started: " + shortId(serviceId));
      }
      List<Task> tasks = follow(ctx, serviceId, options.enableLogging());
      ended = true;
      Task failed = tasks.stream().filter(t -> t.getStatus().getState() != TaskState.COMPLETE).findFirst().orElse(null);
      if (failed == null) {
        complete = true;
        ctx.log().info("Service status before exiting: complete");
        return null;
      }
      throw failure(failed);
    } catch (NotFoundException e) {
      if (killed) {
        throw new DockerTaskException("the Swarm service was removed while the try was being stopped", e);
      }
      throw new DockerTaskException("the Swarm service " + shortId(String.valueOf(serviceId)) + " is gone (removed by"
          + " hand?): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (DockerErrors.isUnreachable(e)) {
        throw DockerErrors.unreachable(endpoint, e);
      }
      throw e;
    } finally {
      if (ended && !killed && serviceId != null) {
        AutoRemove mode = options.autoRemove();
        // As Airflow's: "success" removes a completed service only, "force" any.
        if (mode == AutoRemove.FORCE || (mode == AutoRemove.SUCCESS && complete)) {
          remove(ctx, serviceId);
        }
      }
    }
  }

  /**
   * Removes the try's service (Airflow's on_kill does, whatever auto_remove says): Swarm stops its container
   * (SIGTERM, then SIGKILL after the grace period). Safe from any thread, before, during or after {@link #run}.
   */
  public void kill(TaskContext ctx) {
    killed = true;
    String id = serviceId;
    if (id == null && !ran) {
      // The try was ended without its thread (the runtime's sweeper, or its daemon died): its recorded service, when
      // it still exists and its labels name this very try.
      id = recordedService(ctx).orElse(null);
      if (id == null) {
        return;
      }
    }
    if (id == null) {
      ctx.log().info("stopping: no Swarm service was created yet");
      return;
    }
    ctx.log().info("Removing docker service: " + shortId(id));
    removeQuietly(id);
  }

  private Optional<String> recordedService(TaskContext ctx) {
    Optional<String> work = WorkRecord.recorded(ctx).map(WorkRecord::id);
    if (work.isEmpty()) {
      ctx.log().info("stopping: this try recorded no Swarm service");
      return Optional.empty();
    }
    Map<String, String> labels;
    try {
      var spec = docker.inspectServiceCmd(work.get()).exec().getSpec();
      labels = spec == null || spec.getLabels() == null ? Map.of() : spec.getLabels();
    } catch (NotFoundException gone) {
      ctx.log().info("stopping: this try's Swarm service " + shortId(work.get()) + " is gone already");
      return Optional.empty();
    }
    if (!labels.entrySet().containsAll(DockerTaskRunner.tryLabels(ctx.identity()).entrySet())) {
      ctx.log().warn("not removing Swarm service " + shortId(work.get()) + ": its labels do not name this try " + labels);
      return Optional.empty();
    }
    return work;
  }

  /**
   * Waits until every task of the service is terminal, streaming their output meanwhile, and returns them.
   * The engine's follow stream does not end when the task does (a service may get new tasks), so it is closed
   * once the task is terminal, and what it had not delivered yet is read once more without following. Both reads
   * carry the engine's timestamps (nanoseconds), and a line is written once per timestamp and text: the two reads
   * may interleave stdout and stderr differently, so lines cannot be skipped by count.
   */
  private List<Task> follow(TaskContext ctx, String id, boolean logging) throws InterruptedException {
    Set<String> written = ConcurrentHashMap.newKeySet();
    OutputPump pump = null;
    String lastStatus = null;
    long pollMs = FIRST_POLL_MS;
    long since = System.nanoTime();
    long lastHeartbeat = since;
    try {
      while (true) {
        if (killed) {
          throw new DockerTaskException("the try was stopped: its Swarm service " + shortId(id) + " was removed");
        }
        List<Task> tasks = docker.listTasksCmd().withServiceFilter(id).exec();
        if (tasks.isEmpty()) {
          // Not scheduled yet, or the service was removed (by hand): the task list of a removed service is empty,
          // and only the inspect tells (NotFoundException).
          docker.inspectServiceCmd(id).exec();
        }
        boolean started = tasks.stream().anyMatch(t -> t.getStatus() != null && t.getStatus().getContainerStatus() != null
            && t.getStatus().getContainerStatus().getContainerID() != null);
        if (logging && started && (pump == null || pump.awaitCompletion(0, TimeUnit.MILLISECONDS))) {
          // (Re)open the follow stream: one opened before the container existed ends at once, empty.
          closeQuietly(pump);
          pump = logs(ctx, id, true, written);
        }
        String status = describe(tasks);
        if (!status.equals(lastStatus)) {
          // Shows why a task waits (e.g. "no suitable node (insufficient resources on 1 node)" for a GPU).
          ctx.log().info("Swarm task: " + status);
          lastStatus = status;
        }
        if (!tasks.isEmpty() && tasks.stream().allMatch(t -> t.getStatus() != null && TERMINAL.contains(t.getStatus().getState()))) {
          if (logging && started) {
            closeQuietly(pump);
            pump = null;
            catchUp(ctx, id, written);
          }
          return tasks;
        }
        if (System.nanoTime() - lastHeartbeat > TimeUnit.SECONDS.toNanos(5)) {
          ctx.heartbeat();
          lastHeartbeat = System.nanoTime();
        }
        if (ctx.isCancelled() && !killed) {
          kill(ctx);
        }
        Thread.sleep(pollMs);
        pollMs = Math.min(System.nanoTime() - since < SHORT_POLL_PERIOD_NANOS ? SHORT_POLL_MS : MAX_POLL_MS, pollMs * 2);
      }
    } finally {
      closeQuietly(pump);
    }
  }

  private OutputPump logs(TaskContext ctx, String id, boolean follow, Set<String> written) {
    return docker.logServiceCmd(id).withFollow(follow).withTimestamps(true).withStdout(true).withStderr(true)
        .exec(new OutputPump(once(ctx.log(), written), false));
  }

  private void catchUp(TaskContext ctx, String id, Set<String> written) throws InterruptedException {
    OutputPump rest = logs(ctx, id, false, written);
    try {
      if (!rest.awaitCompletion(CATCH_UP_SECONDS, TimeUnit.SECONDS)) {
        ctx.log().warn("the service's last output did not arrive within " + CATCH_UP_SECONDS + " s; it may be incomplete");
      }
    } finally {
      closeQuietly(rest);
    }
  }

  /**
   * A log for timestamped lines ({@code 2026-01-02T03:04:05.123456789Z text}): writes each line's text once,
   * remembering the whole line in {@code written}.
   */
  static TaskLog once(TaskLog log, Set<String> written) {
    return new TaskLog() {
      @Override
      public void info(String message) {
        log.info(message);
      }

      @Override
      public void warn(String message) {
        log.warn(message);
      }

      @Override
      public void error(String message) {
        log.error(message);
      }

      @Override
      public void output(String line) {
        int space = line.indexOf(' ');
        boolean stamped = space > 4 && line.charAt(space - 1) == 'Z' && line.charAt(4) == '-';
        if (!stamped) {
          log.output(line); // A piece of a line longer than OutputPump writes at once: no timestamp of its own.
        } else if (written.add(line)) {
          log.output(line.substring(space + 1));
        }
      }
    };
  }

  private static String describe(List<Task> tasks) {
    if (tasks.isEmpty()) {
      return "not scheduled yet";
    }
    StringBuilder out = new StringBuilder();
    for (Task t : tasks) {
      if (!out.isEmpty()) {
        out.append("; ");
      }
      TaskState state = t.getStatus() == null ? null : t.getStatus().getState();
      out.append(state == null ? "unknown" : state.getValue());
      String message = t.getStatus() == null ? null : t.getStatus().getErr() != null ? t.getStatus().getErr() : t.getStatus().getMessage();
      if (message != null && !message.isBlank() && (state == null || !message.equals(state.getValue()))) {
        out.append(" (").append(message).append(')');
      }
    }
    return out.toString();
  }

  private static DockerTaskException failure(Task t) {
    TaskState state = t.getStatus().getState();
    String err = Objects.requireNonNullElse(t.getStatus().getErr(), t.getStatus().getMessage());
    Integer exit = t.getStatus().getContainerStatus() == null ? null : t.getStatus().getContainerStatus().getExitCode();
    String hint = state == TaskState.REJECTED && err != null && err.contains("No such image")
        ? ": the node has no such image and could not pull it; push it to a registry the nodes reach, or build it on the"
            + " node that runs the service (see placement)"
        : "";
    String message = "Service did not complete: its Swarm task is " + state.getValue() + (err == null ? "" : ": " + err)
        + hint + " (service " + shortId(t.getServiceId()) + ", see its output above)";
    return exit != null && exit != 0 ? new DockerTaskException(message, exit, List.of()) : new DockerTaskException(message);
  }

  /**
   * This try's service, if an earlier start of the daemon created it. Services of earlier tries of the same task
   * are removed first (their daemon died; the runtime moved on), so that one task never runs twice at once.
   */
  private Optional<Service> findService(TaskContext ctx, Map<String, String> tryLabels) {
    Map<String, String> taskLabels = new LinkedHashMap<>(tryLabels);
    String tryNumber = taskLabels.remove(DockerTaskRunner.TRY_LABEL);
    Service mine = null;
    for (Service s : docker.listServicesCmd().withLabelFilter(taskLabels).exec()) {
      Map<String, String> labels = s.getSpec() == null || s.getSpec().getLabels() == null ? Map.of() : s.getSpec().getLabels();
      if (tryNumber.equals(labels.get(DockerTaskRunner.TRY_LABEL))) {
        mine = s;
        continue;
      }
      String mode = labels.get(DockerTaskRunner.AUTO_REMOVE_LABEL);
      boolean running = docker.listTasksCmd().withServiceFilter(s.getId()).exec().stream()
          .anyMatch(t -> t.getStatus() != null && !TERMINAL.contains(t.getStatus().getState()));
      if (running || (mode != null && AutoRemove.parse(mode) != AutoRemove.NEVER)) {
        ctx.log().warn("removing Swarm service " + s.getSpec().getName() + " of try " + labels.get(DockerTaskRunner.TRY_LABEL)
            + (running ? ", still running after its daemon stopped" : ", left behind when its daemon stopped (auto_remove=" + mode + ")"));
        removeQuietly(s.getId());
      }
    }
    return Optional.ofNullable(mine);
  }

  /** The image reference the service runs; see the class comment on local images. */
  private String serviceImage(TaskContext ctx, String image, boolean forcePull) {
    if (forcePull || image.startsWith("sha256:") || image.contains("@")) {
      return image;
    }
    InspectImageResponse local;
    try {
      local = docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      return image; // The nodes pull it.
    }
    String repository = image.replaceFirst(":[^:/]+$", "");
    List<String> digests = local.getRepoDigests() == null ? List.of() : local.getRepoDigests();
    for (String digest : digests) {
      if (digest.startsWith(repository + "@") || digest.startsWith("docker.io/" + repository + "@")) {
        return digest;
      }
    }
    ctx.log().info("image " + image + " is only on this engine (no registry digest): the service runs it by its ID "
        + DockerTaskRunner.shortId(local.getId().replace("sha256:", "")) + ", so Swarm does not try to pull it; only"
        + " nodes that have this image can run the service");
    return local.getId();
  }

  /** POST /services/create with the spec as JSON; a name conflict means this try's service exists already. */
  private String create(TaskContext ctx, Map<String, Object> spec, Map<String, String> tryLabels) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(spec);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.POST)
        .path("/services/create")
        .putHeader("Content-Type", "application/json")
        .bodyBytes(body)
        .build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      JsonNode answer = read(response.getBody());
      int status = response.getStatusCode();
      if (status >= 200 && status < 300) {
        String warning = answer.path("Warning").asText("");
        if (!warning.isBlank()) {
          ctx.log().warn("Docker: " + warning);
        }
        return answer.path("ID").asText();
      }
      String message = answer.path("message").asText(answer.toString());
      if (status == 409) {
        Optional<Service> existing = findService(ctx, tryLabels);
        if (existing.isPresent()) {
          ctx.log().info("this try's Swarm service exists already: attaching to it");
          return existing.get().getId();
        }
      }
      if (status == 503 && message.contains("not a swarm manager")) {
        throw new DockerTaskException("the Docker engine is not a Swarm manager (" + message + "): run `docker swarm"
            + " init` on it (a single-node swarm) or point docker_url at a manager of your swarm");
      }
      throw new DockerTaskException("creating the Swarm service failed (HTTP " + status + "): " + message
          + ": check the DockerSwarmOperator arguments");
    }
  }

  private static JsonNode read(InputStream in) {
    try (in) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (IOException e) {
      throw new DockerException("reading the engine's answer failed: " + e.getMessage(), 500);
    }
  }

  private void remove(TaskContext ctx, String id) {
    try {
      docker.removeServiceCmd(id).exec();
      ctx.log().info("removed Swarm service " + shortId(id));
    } catch (NotFoundException gone) {
      // Removed already.
    } catch (RuntimeException e) {
      ctx.log().warn("could not remove Swarm service " + shortId(id) + ": " + e.getMessage());
    }
  }

  private void removeQuietly(String id) {
    try {
      docker.removeServiceCmd(id).exec();
    } catch (RuntimeException e) {
      // Gone already, or the caller is already reporting a failure.
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing a stream that ended.
    }
  }

  private static String shortId(String id) {
    return DockerTaskRunner.shortId(id);
  }
}
