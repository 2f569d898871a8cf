package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.graphgrid.docker.TrainingContainers;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code gpu_preflight_configuration}: admits this run's GPU session once it fits next to the sessions already
 * admitted ({@link GpuPreflight#decide}), returning the {@code gpu_pool} size as its XCom and pushing
 * {@code session_mib}. While it does not fit, it re-checks; after {@code gpu_preflight_limit} (default 8 h) of
 * waiting it fails with what it saw and what to change.
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
    long mib = MemoryEstimates.fromSettings(settings).mibFor(model);
    GpuProbe probe = GpuProbes.fromSettings(settings);
    PreflightDecision decision =
        GpuPreflight.fromSettings(settings).decide(probe.snapshot(), mib, admitted(ctx));
    Instant now = ctx.clock().instant();
    Instant since = AdmissionLedger.waitingSince(me.dagId(), me.runId(), now);
    if (decision.fits()) {
      ctx.log().info(model + " (" + mib + " MiB) on " + probe.describe() + ": " + decision.reason());
      AdmissionLedger.record(me.dagId(), me.runId(), mib);
      ctx.xcom().push("session_mib", mib);
      return PokeResult.done(decision.poolSize());
    }
    Duration limit = PreflightWaitPolicy.fromSettings(settings).limit();
    if (!now.isBefore(since.plus(limit))) {
      AdmissionLedger.forget(me.dagId(), me.runId());
      throw new TaskFailException(("GPU session for %s did not fit within %s (waiting since %s, via %s): %s. "
          + "Wait for running GPU trainings to finish, train on CPU (\"gpu\": false), lower the estimate (%s) or "
          + "raise the limit (%s, e.g. 12h).").formatted(model, limit.toString().substring(2).toLowerCase(Locale.ROOT),
          since, probe.describe(), decision.reason(), MemoryEstimates.SETTING, PreflightWaitPolicy.LIMIT_SETTING));
    }
    ctx.log().info(model + " (" + mib + " MiB) on " + probe.describe() + ": " + decision.reason()
        + "; checking again (giving up at " + since.plus(limit) + ")");
    return PokeResult.notYet();
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
      long declared = AdmissionLedger.declared(me.dagId(), ti.runId()).orElse(MemoryEstimates.FALLBACK_MIB);
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
      out.add(new AdmittedSession(ti.runId(), declared, container));
    }
    return out;
  }
}
