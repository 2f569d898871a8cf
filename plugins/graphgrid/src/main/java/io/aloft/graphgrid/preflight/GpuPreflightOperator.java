package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.graphgrid.docker.TrainingContainers;
import io.aloft.graphgrid.gpu.GpuNodes;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.graphgrid.peaks.PeakEstimator;
import io.aloft.graphgrid.peaks.PeakStores;
import io.aloft.graphgrid.peaks.Reservation;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code gpu_preflight_configuration}: admits this run's GPU session once it fits next to the sessions already
 * admitted, returning the {@code gpu_pool} size as its XCom and pushing {@code session_mib} (its reservation) and
 * {@code gpu_device} (the device it was placed on). The reservation is learned from the model's measured peaks
 * ({@link PeakEstimator}; the static table is the prior); placement and fairness are {@link AdmissionQueue}'s (best
 * fit, FIFO with backfill, held after {@code gpu_fair_wait}). While it does not fit, the poke waits on the
 * {@link AdmissionLedger}'s signal for up to {@code gpu_preflight_event_wait} and decides again the moment a GPU
 * session ends or its memory moves; after {@code gpu_preflight_limit} (default 8 h) of waiting it fails with what it
 * saw and what to change.
 *
 * <p>It is a sensor, to be run in {@code reschedule} mode: the document's preflight slept while holding the one
 * {@code gpu_preflight_pool} slot, which deadlocks as soon as a waiting preflight counts an admitted session whose
 * {@code gpu_pool_setup} needs that same slot to start. Between checks this one gives the slot back.
 *
 * <p>Admitted sessions are the {@code train_model_gpu} instances of other runs whose preflight succeeded and that
 * have not finished. Arguments: {@code model} (default the checked request's), {@code training_task_id}.
 */
public final class GpuPreflightOperator implements Sensor {

  static final Set<String> FINISHED = Set.of("success", "failed", "skipped", "upstream_failed", "removed");
  public static final String TASK_ID = "gpu_preflight_configuration";
  /** XCom key of the device the session was placed on (its container is pinned there). */
  public static final String GPU_DEVICE_KEY = "gpu_device";
  /** XCom key of the node the session was placed on (the training task confirms or moves it, see NodeAdmission). */
  public static final String GPU_NODE_KEY = "gpu_node";

  private final Map<String, Object> args;
  private final Function<TaskContext, TrainingContainers> containers;

  public GpuPreflightOperator(Map<String, Object> args, Function<TaskContext, TrainingContainers> containers) {
    this.args = args;
    this.containers = containers;
  }

  @Override
  public PokeResult poke(TaskContext ctx) throws Exception {
    GpuPools.ensure(ctx.pools());
    Map<String, String> settings = ctx.settings();
    TaskIdentity me = ctx.identity();
    String model = model(ctx);
    long datasetBytes = datasetBytes(ctx);
    Reservation reservation = PeakEstimator.fromSettings(settings)
        .reserve(model, datasetBytes, PeakStores.of(ctx));
    long mib = reservation.mib();
    GpuProbe probe = GpuProbes.fromSettings(settings);
    GpuPreflight preflight = GpuPreflight.fromSettings(settings);
    AdmissionQueue queue = AdmissionQueue.fromSettings(settings);
    PreflightWaitPolicy wait = PreflightWaitPolicy.fromSettings(settings);
    AdmissionLedger ledger = AdmissionLedger.shared();
    String myId = AdmissionLedger.waitingId(me.dagId(), me.runId());
    Instant pokeStarted = ctx.clock().instant();
    Instant since = ledger.waitingSince(me.dagId(), me.runId(), mib, pokeStarted);
    Optional<PluginDatabase> db = NodeAdmission.database(ctx);
    String node = GpuNodes.local(settings);
    db.ifPresent(d -> NodePublisher.ensure(d, node, probe, settings, ctx.clock()));
    while (true) {
      // Event-driven: read the generation before the GPU, so a change after the reading wakes the wait below.
      long generation = ledger.generation();
      Instant now = ctx.clock().instant();
      ledger.waitingSince(me.dagId(), me.runId(), mib, now);
      List<AdmittedSession> admitted = admitted(ctx);
      Verdict verdict = db.isPresent()
          ? acrossNodes(ctx, db.get(), node, probe, preflight, queue, admitted, mib, now)
          : onThisHost(node, probe, preflight, queue, admitted, mib, myId, now);
      if (verdict.device().isPresent()) {
        int device = verdict.device().getAsInt();
        ctx.log().info(model + " reserves " + mib + " MiB (" + reservation.explanation() + ") on " + probe.describe()
            + ", node " + verdict.node() + " GPU " + device + " (best fit): " + verdict.reason());
        ledger.record(me.dagId(), me.runId(), mib, OptionalInt.of(device));
        ctx.xcom().push("session_mib", mib);
        ctx.xcom().push(GPU_DEVICE_KEY, device);
        ctx.xcom().push(GPU_NODE_KEY, verdict.node());
        return PokeResult.done(verdict.poolSize());
      }
      if (!now.isBefore(since.plus(wait.limit()))) {
        ledger.forget(me.dagId(), me.runId());
        db.ifPresent(d -> NodeAdmission.release(d, me.dagId(), me.runId()));
        throw new TaskFailException(("GPU session for %s did not fit within %s (waiting since %s, via %s): %s. "
            + "Wait for running GPU trainings to finish, train on CPU (\"gpu\": false), lower the estimate (%s) or "
            + "raise the limit (%s, e.g. 12h).").formatted(model, human(wait.limit()), since, probe.describe(),
            verdict.reason(), MemoryEstimates.SETTING, PreflightWaitPolicy.LIMIT_SETTING));
      }
      String why = verdict.fits() ? "fits, but an earlier session has waited past " + AdmissionQueue.HOLD_AFTER_SETTING
          + " and holds that memory" : verdict.reason();
      Duration left = wait.eventWait().minus(Duration.between(pokeStarted, now));
      if (left.isNegative() || left.isZero() || !ledger.awaitChange(generation, left)) {
        ctx.log().info(model + " (" + mib + " MiB, " + reservation.explanation() + ") on " + probe.describe() + ": "
            + why + "; checking again when a GPU session ends or its memory changes (giving up at "
            + since.plus(wait.limit()) + ")");
        return PokeResult.notYet();
      }
    }
  }

  /** Where (if anywhere) this session starts now, and what the preflight saw. */
  private record Verdict(String node, OptionalInt device, int poolSize, boolean fits, String reason) {}

  /** One machine, no plugin tables (unit tests, a context without database): this host's GPU and the daemon's ledger. */
  private static Verdict onThisHost(String node, GpuProbe probe, GpuPreflight preflight, AdmissionQueue queue,
                                    List<AdmittedSession> admitted, long mib, String myId, Instant now)
      throws GpuUnavailableException {
    GpuSnapshot snapshot = probe.snapshot();
    PreflightDecision decision = preflight.decide(snapshot, mib, admitted);
    List<DeviceRoom> rooms = preflight.rooms(snapshot, admitted);
    OptionalInt device = queue.plan(rooms, AdmissionLedger.shared().waiting(now), now).stream()
        .filter(p -> p.id().equals(myId)).mapToInt(AdmissionQueue.Placement::device).findFirst();
    return new Verdict(node, device, Math.max(decision.poolSize(), admitted.size() + 1), decision.fits(),
        decision.reason());
  }

  /**
   * Several machines: this node's GPU read now and recorded, every node with a fresh reading considered, the
   * reservation recorded in the plugin's tables under the admission lock ({@link NodeAdmission#place}).
   */
  private static Verdict acrossNodes(TaskContext ctx, PluginDatabase db, String node, GpuProbe probe,
                                     GpuPreflight preflight, AdmissionQueue queue, List<AdmittedSession> admitted,
                                     long mib, Instant now) throws GpuUnavailableException {
    Optional<GpuSnapshot> local;
    GpuUnavailableException unreadable = null;
    try {
      local = Optional.of(probe.snapshot());
      NodePublisher.publish(db, node, probe, local.get(), ctx.clock());
    } catch (GpuUnavailableException e) {
      local = Optional.empty();
      unreadable = e;
    }
    NodeAdmission.Decision d = NodeAdmission.place(ctx, db, preflight, queue, node, local, admitted, mib,
        AdmissionLedger.shared().waiting(now), now);
    if (d.nodes().isEmpty() && unreadable != null) {
      throw unreadable; // no GPU here and none recorded elsewhere: say why at once, as on one machine
    }
    return new Verdict(d.mine().map(NodeRooms.Placement::node).orElse(node),
        d.mine().map(p -> OptionalInt.of(p.device())).orElse(OptionalInt.empty()), d.poolSize(),
        d.fits(), d.reason());
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** The size of the run's training data, from retrieve_resources' XCom; 0 when unknown. */
  public static long datasetBytes(TaskContext ctx) {
    Object retrieved = ctx.xcom().pull("retrieve_resources", "return_value").orElse(null);
    if (retrieved instanceof Map<?, ?> m && m.get("bytes") instanceof Number n) {
      return Math.max(0, n.longValue());
    }
    return 0;
  }

  private String model(TaskContext ctx) {
    Object m = args.get("model");
    if (m == null || m.toString().isBlank()) {
      Object checked = ctx.xcom().pull("check_request_body", "return_value").orElse(null);
      m = checked instanceof Map<?, ?> request ? request.get("model") : ctx.conf().get("model");
    }
    if (m == null || m.toString().isBlank()) {
      throw new TaskFailException("no model to estimate the GPU memory of: pass model=... or run check_request_body first");
    }
    return m.toString();
  }

  /** GPU sessions of other runs admitted and not finished, with what they declared and their container. */
  List<AdmittedSession> admitted(TaskContext ctx) {
    TaskIdentity me = ctx.identity();
    String trainingTask = String.valueOf(args.getOrDefault("training_task_id", "train_model_gpu"));
    Set<String> preflighted = new HashSet<>();
    for (TaskInstanceView ti : ctx.taskInstances(me.dagId(), me.taskId())) {
      if ("success".equals(ti.state()) && !ti.runId().equals(me.runId())) {
        preflighted.add(ti.runId());
      }
    }
    boolean simulated = GpuProbes.simulated(ctx.settings());
    List<AdmittedSession> out = new ArrayList<>();
    TrainingContainers docker = null;
    for (TaskInstanceView ti : ctx.taskInstances(me.dagId(), trainingTask)) {
      if (!preflighted.contains(ti.runId()) || (ti.state() != null && FINISHED.contains(ti.state()))) {
        continue;
      }
      long declared = AdmissionLedger.shared().declared(me.dagId(), ti.runId()).orElse(MemoryEstimates.FALLBACK_MIB);
      Optional<String> container;
      if (simulated) {
        container = Optional.of(GraphGridDockerOperator.simulatedOwner(
            new TaskIdentity(me.dagId(), ti.runId(), trainingTask, ti.mapIndex(), ti.tryNumber())));
      } else {
        if (docker == null) {
          docker = containers.apply(ctx);
        }
        container = docker.find(me.dagId(), ti.runId(), trainingTask, 0).map(TrainingContainers.Found::id);
      }
      out.add(new AdmittedSession(ti.runId(), declared, container,
          AdmissionLedger.shared().device(me.dagId(), ti.runId())));
    }
    return out;
  }
}
