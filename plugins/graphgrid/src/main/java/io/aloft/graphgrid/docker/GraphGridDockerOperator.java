package io.aloft.graphgrid.docker;

import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuNodes;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import io.aloft.graphgrid.peaks.InMemoryPeakSamples;
import io.aloft.graphgrid.peaks.PeakEstimator;
import io.aloft.graphgrid.peaks.PeakSample;
import io.aloft.graphgrid.peaks.PeakSamples;
import io.aloft.graphgrid.peaks.PeakStores;
import io.aloft.graphgrid.peaks.Reservation;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.graphgrid.preflight.GpuPreflight;
import io.aloft.graphgrid.preflight.GpuPreflightOperator;
import io.aloft.graphgrid.preflight.NodeAdmission;
import io.aloft.graphgrid.preflight.NodePublisher;
import io.aloft.graphgrid.preflight.PreflightWaitPolicy;
import io.aloft.graphgrid.trainer.TrainerImage;
import io.aloft.graphgrid.trainer.TrainerSources;
import io.aloft.plugins.docker.ContainerSpec;
import io.aloft.plugins.docker.DockerArguments;
import io.aloft.plugins.docker.DockerClients;
import io.aloft.plugins.docker.DockerEndpoint;
import io.aloft.plugins.docker.DockerTaskException;
import io.aloft.plugins.docker.DockerTaskRunner;
import io.aloft.plugins.docker.RunOptions;
import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * GraphGrid's {@code GraphgridDockerOperator}: the Docker operator plus labels, GPU passthrough, SDK credentials
 * and a GPU healthcheck (see {@link GraphGridContainers}). The container runs through the docker plugin's
 * {@link DockerTaskRunner}, or with {@code swarm=True} as a Swarm service through its {@code SwarmTaskRunner}
 * ({@link GraphGridSwarm}: placed on the preflight's node, one GPU generic resource), or with {@code kubernetes=True}
 * as a pod through the kubernetes plugin's {@code KubernetesPodOperator} ({@link GraphGridKubernetes}: pinned to the
 * preflight's node, one GPU as a resource limit), so it carries the try labels, streams its log, and is re-attached
 * after a daemon restart (hence resumable: a resumed try holds its simulated GPU memory again under the same owner).
 * The trainer image is built on first use (not for a pod: the cluster's nodes pull it). One instance per try; {@link #onKill} from another thread.
 *
 * <p>A GPU session ({@code gpu=True}) is measured and recovers from GPU out-of-memory:
 * <ul>
 *   <li>while it runs, the GPU probe's per-process readings of its container are sampled
 *       ({@link SessionPeakSampler}); each reading goes to the {@link AdmissionLedger} (a large move wakes waiting
 *       preflights) and at its end the highest is recorded as the model's {@link PeakSample}, which the
 *       {@link PeakEstimator} learns its next reservation from;</li>
 *   <li>a container that dies of GPU out-of-memory ({@link GpuOutOfMemory#evidence}: non-zero exit and a CUDA OOM
 *       line) is recorded as an out-of-memory sample (raising the model's reservation), logged, and run again under
 *       the same try with the raised reservation ({@link GpuOutOfMemory#after}), at most {@code gpu_oom_retries}
 *       times; then the try fails with what to change, without task retries (never a loop).</li>
 * </ul>
 */
public final class GraphGridDockerOperator implements ResumableOperator {

  private final Map<String, Object> arguments;
  private final RunOptions options;
  private final Function<TaskContext, ContainerRunner> runners;
  /** {@code swarm=True}: the container runs as a Swarm service placed on the preflight's node. */
  private final boolean swarm;
  /** {@code kubernetes=True}: the container runs as a Kubernetes pod pinned to the preflight's node. */
  private final boolean kubernetes;
  private volatile ContainerRunner runner;
  private volatile boolean killed;
  private volatile String simulatedOwner;
  private volatile SimulatedGpu simulatedGpu;

  /** Reads and checks the arguments now, so a bad value fails before any container exists. */
  public GraphGridDockerOperator(Map<String, Object> arguments) {
    this(arguments, null);
  }

  /** With another container runner per container (unit tests); {@code null} for Docker's. */
  GraphGridDockerOperator(Map<String, Object> arguments, Function<TaskContext, ContainerRunner> runners) {
    this.arguments = arguments;
    DockerArguments.containerSpec(arguments);
    GraphGridArguments.flag(arguments, "gpu");
    this.options = DockerArguments.runOptions(arguments);
    this.swarm = GraphGridArguments.flag(arguments, "swarm");
    this.kubernetes = GraphGridArguments.flag(arguments, "kubernetes");
    if (swarm && kubernetes) {
      throw new IllegalArgumentException("swarm=True and kubernetes=True: a container runs on one of them, pick one");
    }
    this.runners = runners != null ? runners : ctx -> kubernetes
        ? new KubernetesRunner(spec -> GraphGridKubernetes.arguments(arguments, spec, ctx.settings(), reservedNode(ctx)),
            GraphGridKubernetes.cluster(arguments))
        : swarm
        ? ContainerRunner.swarm(DockerClients.get(endpoint(ctx)), endpoint(ctx),
            spec -> GraphGridSwarm.arguments(arguments, spec, ctx.settings(), reservedNode(ctx)))
        : ContainerRunner.docker(endpoint(ctx));
  }

  /** The container runs on another node's engine (Swarm, Kubernetes), not on this worker's. */
  private boolean remote() {
    return swarm || kubernetes;
  }

  /** The node the preflight placed this run's GPU session on (its XCom), if it ran. */
  static Optional<String> reservedNode(TaskContext ctx) {
    return ctx.xcom().pull(GpuPreflightOperator.TASK_ID, GpuPreflightOperator.GPU_NODE_KEY)
        .map(String::valueOf).filter(n -> !n.isBlank());
  }

  /** The owner key of a GPU session on the simulated GPU: one per try's task of a run. */
  public static String simulatedOwner(TaskIdentity id) {
    return id.dagId() + "/" + id.runId() + "/" + id.taskId();
  }

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    OptionalInt device = ctx.xcom().pull(GpuPreflightOperator.TASK_ID, GpuPreflightOperator.GPU_DEVICE_KEY)
        .filter(Number.class::isInstance).map(n -> OptionalInt.of(((Number) n).intValue()))
        .orElse(OptionalInt.empty());
    ContainerPlan plan = GraphGridContainers.plan(arguments, ctx.settings(), ctx.identity(), device);
    boolean gpu = GraphGridArguments.flag(arguments, "gpu");
    Optional<PluginDatabase> db = gpu ? NodeAdmission.database(ctx) : Optional.empty();
    if (swarm) {
      // Swarm starts the container on the node its placement names, not on this worker's: the preflight's
      // reservation (node and memory) is authoritative, and nothing is re-admitted here.
      Optional<String> node = reservedNode(ctx);
      ctx.log().info("Docker Swarm service: " + node.map(n -> "placed on node " + n + " (node.hostname == " + n
          + "), where the GPU preflight reserved this session").orElse(gpu
          ? "no GPU preflight placed this session (no " + GpuPreflightOperator.GPU_NODE_KEY + " XCom): Swarm picks"
              + " any node with a free GPU resource" : "no placement (no GPU preflight ran)"));
    } else if (kubernetes) {
      // Likewise: the pod runs on the node its selector names, and the preflight's reservation there is authoritative.
      Optional<String> node = reservedNode(ctx);
      ctx.log().info("Kubernetes pod: " + node.map(n -> "pinned to node " + n + " (" + GraphGridKubernetes.HOSTNAME_LABEL
          + "=" + n + "), where the GPU preflight reserved this session").orElse(gpu
          ? "no GPU preflight placed this session (no " + GpuPreflightOperator.GPU_NODE_KEY + " XCom): the scheduler"
              + " picks any node with a free GPU" : "no node pinned (no GPU preflight ran)"));
    } else if (db.isPresent()) {
      // Several machines: this worker's engine runs the container, so the session must be admitted on this node.
      OptionalInt here = confirmOnThisNode(ctx, db.get(), plan, device);
      if (here.isPresent() && !here.equals(device)) {
        device = here;
        plan = GraphGridContainers.plan(arguments, ctx.settings(), ctx.identity(), device);
      }
    }
    plan.notes().forEach(ctx.log()::info);
    // Not for a pod: its node pulls the image or has it loaded, and the cluster does not see this worker's engine.
    if (!kubernetes && TrainerSources.IMAGE.equals(plan.spec().image())) {
      TrainerImage.ensure(DockerClients.get(endpoint(ctx)), ctx.log()::info);
    }
    if (!gpu) {
      return newRunner(ctx).run(ctx, plan.spec(), options);
    }
    try {
      return runGpuSession(ctx, plan, device, db);
    } finally {
      releaseSimulated(ctx);
      db.ifPresent(d -> releaseReservation(ctx, d));
      // The session's memory is free: waiting preflights look again now rather than at their next poke.
      AdmissionLedger.shared().signal();
    }
  }

  /**
   * Confirms (or takes) the session's GPU reservation on this worker's node before its container starts
   * ({@link NodeAdmission#confirm}); a resumed try keeps the device it had, since its container may be running here
   * already and a fresh check would count the session's own memory against it.
   */
  private OptionalInt confirmOnThisNode(TaskContext ctx, PluginDatabase db, ContainerPlan plan, OptionalInt device)
      throws InterruptedException {
    Map<String, String> settings = ctx.settings();
    String node = GpuNodes.local(settings);
    GpuProbe probe = GpuProbes.fromSettings(settings);
    long mib = Long.parseLong(plan.spec().environment().get(GraphGridContainers.MEMORY_ENV).strip());
    Optional<String> owner = GpuProbes.simulated(settings) ? Optional.of(simulatedOwner(ctx.identity()))
        : Optional.empty();
    NodePublisher.ensure(db, node, probe, settings, ctx.clock());
    if (ctx.resumed() && device.isPresent()) {
      NodeAdmission.raise(db, ctx.identity(), node, device.getAsInt(), mib, owner, ctx.clock().instant());
      return device;
    }
    OptionalInt here = NodeAdmission.confirm(ctx, db, GpuPreflight.fromSettings(settings), probe, node, mib, owner,
        PreflightWaitPolicy.fromSettings(settings));
    if (here.isEmpty()) {
      ctx.log().warn("GPU room on node " + node + " was not checked (its GPU cannot be read here): the container"
          + " starts as on a single machine and its own allocation will tell");
    }
    return here;
  }

  /** The session's first reading on the GPU: its container goes on its reservation row, with this node's reading. */
  private static void announceOnGpu(TaskContext ctx, PluginDatabase db, GpuProbe probe, Optional<String> container) {
    if (container.isEmpty()) {
      return;
    }
    try {
      NodeAdmission.attach(db, ctx.identity(), GpuNodes.local(ctx.settings()), container.get(), probe,
          probe.snapshot(), ctx.clock());
    } catch (GpuUnavailableException | RuntimeException e) {
      // Only a sensor on another machine misses it: it then waits for this session's end instead of its start.
      ctx.log().warn("could not record that this session runs on the GPU: " + e.getMessage());
    }
  }

  private void releaseReservation(TaskContext ctx, PluginDatabase db) {
    try {
      NodeAdmission.release(db, ctx.identity().dagId(), ctx.identity().runId());
    } catch (RuntimeException e) {
      // The row only holds memory back while its training task is live: a finished try stops counting anyway.
      ctx.log().warn("could not drop this session's GPU reservation: " + e.getMessage());
    }
  }

  /** Runs the GPU container, measuring its peak, and again with a raised reservation after a GPU out-of-memory. */
  private Object runGpuSession(TaskContext ctx, ContainerPlan plan, OptionalInt device, Optional<PluginDatabase> db)
      throws InterruptedException {
    Map<String, String> settings = ctx.settings();
    TaskIdentity id = ctx.identity();
    ContainerSpec spec = plan.spec();
    String model = spec.environment().getOrDefault(GraphGridContainers.MODEL_ENV, "").strip();
    long datasetBytes = GpuPreflightOperator.datasetBytes(ctx);
    long mib = Long.parseLong(spec.environment().get(GraphGridContainers.MEMORY_ENV).strip());
    PeakSamples samples = peakSamples(ctx);
    int maxRetries = retries(settings);
    boolean simulated = GpuProbes.simulated(settings);
    GpuProbe probe = GpuProbes.fromSettings(settings);
    Duration interval = PreflightWaitPolicy.duration(settings, SessionPeakSampler.INTERVAL_SETTING,
        SessionPeakSampler.DEFAULT_INTERVAL);
    AdmissionLedger ledger = AdmissionLedger.shared();
    for (int ooms = 0; ; ) {
      if (simulated) {
        holdSimulated(ctx, mib, ooms > 0);
      } else if (ooms > 0) {
        awaitRoom(ctx, probe, device, mib);
      }
      ContainerRunner r = newRunner(ctx);
      String owner = simulatedOwner(id);
      AtomicBoolean shown = new AtomicBoolean();
      try (SessionPeakSampler sampler = SessionPeakSampler.start(probe,
          simulated ? () -> Optional.of(owner) : r::containerId, interval,
          reading -> {
            ledger.observe(id.dagId(), id.runId(), reading);
            // Not for a Swarm service or a pod: it runs on the reserved node, and this worker's reading is not that node's.
            if (db.isPresent() && !remote() && reading > 0 && shown.compareAndSet(false, true)) {
              announceOnGpu(ctx, db.get(), probe, simulated ? Optional.of(owner) : r.containerId());
            }
          })) {
        Object result;
        try {
          result = r.run(ctx, spec, options);
        } catch (DockerTaskException e) {
          Optional<String> evidence = killed || e.exitCode().isEmpty() ? Optional.empty()
              : GpuOutOfMemory.evidence(e.exitCode().getAsInt(), e.outputTail());
          if (evidence.isEmpty()) {
            recordPeak(ctx, samples, model, datasetBytes, sampler, mib);
            throw e;
          }
          ooms++;
          ctx.log().error("GPU out of memory (exit code " + e.exitCode().getAsInt() + ", " + mib + " MiB reserved, highest"
              + " reading " + sampler.peakMiB() + " MiB): " + evidence.get());
          samples.add(PeakSample.outOfMemory(model, datasetBytes, mib, ctx.clock().instant()));
          Reservation raised = PeakEstimator.fromSettings(settings).reserve(model, datasetBytes, samples);
          GpuOutOfMemory.Next next =
              GpuOutOfMemory.after(model, ooms, mib, raised, capacityMiB(probe, device), maxRetries);
          if (next instanceof GpuOutOfMemory.GiveUp giveUp) {
            ctx.log().error(giveUp.message());
            throw new TaskFailException(model + ": " + giveUp.message(), e);
          }
          GpuOutOfMemory.Retry retry = (GpuOutOfMemory.Retry) next;
          ctx.log().warn(retry.logLine());
          r.discard(ctx);
          releaseSimulated(ctx);
          mib = retry.mib();
          ledger.record(id.dagId(), id.runId(), mib, device);
          if (db.isPresent() && device.isPresent()) {
            // A Swarm service or a pod holds its raised reservation on the reserved node, not on this worker's.
            String node = remote() ? reservedNode(ctx).orElse(GpuNodes.local(settings)) : GpuNodes.local(settings);
            NodeAdmission.raise(db.get(), id, node, device.getAsInt(), mib,
                simulated ? Optional.of(owner) : r.containerId(), ctx.clock().instant());
          }
          spec = spec.toBuilder().env(GraphGridContainers.MEMORY_ENV, Long.toString(mib)).build();
          continue;
        }
        recordPeak(ctx, samples, model, datasetBytes, sampler, mib);
        return result;
      }
    }
  }

  /**
   * The model's peak history; when it cannot be opened (no Aloft home in the settings, an unreadable file) the session
   * still runs and learns within this try only, and the log says why nothing is kept.
   */
  private static PeakSamples peakSamples(TaskContext ctx) {
    try {
      return PeakStores.of(ctx);
    } catch (RuntimeException e) {
      ctx.log().warn("GPU peaks of this session are not kept for later reservations: " + e.getMessage());
      return new InMemoryPeakSamples();
    }
  }

  /** Records the session's measured peak (not for a killed try: its reading may stop short of the peak). */
  private void recordPeak(TaskContext ctx, PeakSamples samples, String model, long datasetBytes,
                          SessionPeakSampler sampler, long reservedMiB) {
    if (killed) {
      return;
    }
    long peak = sampler.peakMiB();
    if (peak <= 0 || model.isEmpty()) {
      ctx.log().info("no GPU peak recorded" + (model.isEmpty() ? " (no " + GraphGridContainers.MODEL_ENV
          + " to record it for)" : " (the GPU probe never showed this container's processes"
          + sampler.problem().map(p -> ": " + p).orElse("") + ")"));
      return;
    }
    samples.add(PeakSample.peak(model, datasetBytes, peak, ctx.clock().instant()));
    ctx.log().info("GPU peak of " + model + ": " + peak + " MiB over " + sampler.readings() + " readings ("
        + reservedMiB + " MiB reserved); recorded for its next reservation");
  }

  /** Takes the session's memory on the simulated GPU; after an out-of-memory death it waits for room first. */
  private void holdSimulated(TaskContext ctx, long mib, boolean retrying) throws InterruptedException {
    SimulatedGpu gpu = GpuProbes.simulatedGpu(ctx.settings());
    String owner = simulatedOwner(ctx.identity());
    Instant since = ctx.clock().instant();
    Duration limit = PreflightWaitPolicy.fromSettings(ctx.settings()).limit();
    while (true) {
      long generation = AdmissionLedger.shared().generation();
      if (gpu.allocate(owner, mib).isPresent()) {
        simulatedGpu = gpu;
        simulatedOwner = owner;
        return;
      }
      if (!retrying) {
        throw new TaskFailException("the simulated GPU " + gpu.describe() + " has no room for " + mib + " MiB: "
            + "the session was started without the preflight's admission (run it in gpu_pool after gpu_pool_setup)");
      }
      waitForChange(ctx, generation, since, limit, mib, gpu.describe());
    }
  }

  /** Before a retry on a real GPU: waits until its device has the raised reservation free. */
  private void awaitRoom(TaskContext ctx, GpuProbe probe, OptionalInt device, long mib) throws InterruptedException {
    Instant since = ctx.clock().instant();
    Duration limit = PreflightWaitPolicy.fromSettings(ctx.settings()).limit();
    while (true) {
      long generation = AdmissionLedger.shared().generation();
      try {
        GpuSnapshot snapshot = probe.snapshot();
        long free = snapshot.devices().stream()
            .filter(d -> device.isEmpty() || d.index() == device.getAsInt())
            .mapToLong(GpuDevice::freeMiB).max().orElse(Long.MAX_VALUE);
        if (free >= mib) {
          return;
        }
      } catch (GpuUnavailableException e) {
        return; // cannot read the GPU: the container's own allocation will tell
      }
      waitForChange(ctx, generation, since, limit, mib, probe.describe());
    }
  }

  private void waitForChange(TaskContext ctx, long generation, Instant since, Duration limit, long mib, String gpu)
      throws InterruptedException {
    Instant now = ctx.clock().instant();
    if (!now.isBefore(since.plus(limit))) {
      throw new TaskFailException("the retry after GPU out-of-memory needs " + mib + " MiB on " + gpu + " and it did"
          + " not free up within " + limit + ": run it again when fewer GPU trainings run, or train on CPU (\"gpu\":"
          + " false)");
    }
    ctx.log().info("retry waits for " + mib + " MiB on " + gpu + " (running sessions hold the rest)");
    AdmissionLedger.shared().awaitChange(generation, Duration.ofSeconds(30));
  }

  /** The most one session can hold on its device (its total memory); unbounded when the GPU cannot be read. */
  private static long capacityMiB(GpuProbe probe, OptionalInt device) {
    try {
      return probe.snapshot().devices().stream()
          .filter(d -> device.isEmpty() || d.index() == device.getAsInt())
          .mapToLong(GpuDevice::totalMiB).max().orElse(Long.MAX_VALUE);
    } catch (GpuUnavailableException e) {
      return Long.MAX_VALUE;
    }
  }

  static int retries(Map<String, String> settings) {
    String value = settings.getOrDefault(GpuOutOfMemory.RETRIES_SETTING, "" + GpuOutOfMemory.DEFAULT_RETRIES).strip();
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(GpuOutOfMemory.RETRIES_SETTING + " must be a whole number >= 0 (retries after"
        + " GPU out-of-memory, default 2), not '" + value + "'");
  }

  /**
   * Stops the try's container. On the operator that runs the try, that is the container its runner started. On a
   * fresh operator (the runtime ends a try whose thread is gone: its sweeper, or the scheduler after the worker that
   * ran it was lost) no runner ran anything here, so a fresh runner stops the container the try recorded
   * ({@link io.aloft.sdk.TaskContext#recordedWork}), and only when that container's labels name this very try; a try
   * that recorded none asks the engine nothing. The try's simulated GPU memory, if this process holds it, is given
   * back, its reservation in the plugin's tables is dropped and waiting preflights are woken: the session is over
   * either way.
   */
  @Override
  public void onKill(TaskContext ctx) {
    killed = true;
    ContainerRunner r = runner;
    if (r == null) {
      // Nothing ran on this instance: the container (if any) is the recorded one, which DockerTaskRunner.kill finds,
      // checks against this try's labels and stops, as the docker plugin's DockerOperator does.
      r = runners.apply(ctx);
    }
    r.kill(ctx);
    releaseSimulated(ctx);
    if (simulatedOwner == null && GraphGridArguments.flag(arguments, "gpu") && GpuProbes.simulated(ctx.settings())) {
      // A try ended from outside its thread (in this process): its simulated memory is still held under its owner.
      if (GpuProbes.simulatedGpu(ctx.settings()).release(simulatedOwner(ctx.identity()))) {
        ctx.log().info("released the simulated GPU memory of " + simulatedOwner(ctx.identity()));
      }
    }
    if (GraphGridArguments.flag(arguments, "gpu")) {
      NodeAdmission.database(ctx).ifPresent(d -> releaseReservation(ctx, d));
    }
    AdmissionLedger.shared().signal();
  }

  private ContainerRunner newRunner(TaskContext ctx) {
    ContainerRunner r = runners.apply(ctx);
    runner = r;
    return r;
  }

  private void releaseSimulated(TaskContext ctx) {
    SimulatedGpu gpu = simulatedGpu;
    String owner = simulatedOwner;
    if (gpu != null && owner != null && gpu.release(owner)) {
      ctx.log().info("released the simulated GPU memory of " + owner);
    }
  }

  private DockerEndpoint endpoint(TaskContext ctx) {
    return DockerArguments.endpoint(arguments, ctx.settings());
  }
}
