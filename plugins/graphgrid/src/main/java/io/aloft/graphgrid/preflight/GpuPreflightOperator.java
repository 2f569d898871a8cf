package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.graphgrid.docker.TrainingContainers;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code gpu_preflight_configuration}: waits until this run's GPU session fits next to the sessions already admitted
 * ({@link GpuAdmission}), then returns the {@code gpu_pool} size as its XCom and pushes {@code session_mib}. Creates
 * {@code gpu_preflight_pool} and {@code gpu_pool} when missing (the SPI has no plugin-start hook with pools, so this
 * happens at first use).
 *
 * <p>Admitted sessions are the {@code train_model_gpu} instances of other runs whose preflight succeeded and that
 * have not finished. Arguments: {@code model} (default the checked request's), {@code training_task_id}.
 */
public final class GpuPreflightOperator implements Operator {

  static final Set<String> FINISHED = Set.of("success", "failed", "skipped", "upstream_failed", "removed");
  public static final String TASK_ID = "gpu_preflight_configuration";

  private final Map<String, Object> args;
  private final Function<TaskContext, TrainingContainers> containers;
  private final Sleeper sleeper;

  public GpuPreflightOperator(Map<String, Object> args, Function<TaskContext, TrainingContainers> containers,
                              Sleeper sleeper) {
    this.args = args;
    this.containers = containers;
    this.sleeper = sleeper;
  }

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    GpuPools.ensure(ctx.pools());
    Map<String, String> settings = ctx.settings();
    String model = model(ctx);
    long mib = MemoryEstimates.fromSettings(settings).mibFor(model);
    GpuProbe probe = GpuProbes.fromSettings(settings);
    ctx.log().info("preflight for " + model + ": " + mib + " MiB estimated; reading the GPU through " + probe.describe());
    GpuAdmission admission = new GpuAdmission(probe, GpuPreflight.fromSettings(settings),
        PreflightWaitPolicy.fromSettings(settings), ctx.clock(), sleeper, ctx.log()::info);
    PreflightDecision decision;
    try {
      decision = admission.await(model, mib, () -> admitted(ctx));
    } catch (PreflightTimeoutException e) {
      throw new TaskFailException(e.getMessage(), e);
    }
    AdmissionLedger.record(ctx.identity().dagId(), ctx.identity().runId(), mib);
    ctx.xcom().push("session_mib", mib);
    return decision.poolSize();
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
