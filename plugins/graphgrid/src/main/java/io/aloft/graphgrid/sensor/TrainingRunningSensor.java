package io.aloft.graphgrid.sensor;

import io.aloft.graphgrid.docker.TrainingContainers;
import io.aloft.graphgrid.gpu.GpuNodes;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.graphgrid.preflight.NodeAdmission;
import io.aloft.graphgrid.preflight.PreflightWaitPolicy;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskInstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GraphGridTrainingRunningSensor}: done when every GPU training ({@code train_model_gpu} of the DAG, across
 * all runs) is in a valid state and every running one has a healthy container. In the document's analogy it tells
 * where every plane is: a task in transit (scheduled, queued, up for retry: "approaching the runway") blocks, a
 * running one blocks until its container's GPU healthcheck passes ("in the air"); one with no state yet, or
 * finished, does not — unless its run's preflight already admitted it: that plane is cleared for take-off, and a
 * new preflight must not decide before it is in the air, or it would count memory the session has not taken yet.
 * Run this sensor in {@code reschedule} mode: between pokes it must give the one {@code gpu_preflight_pool} slot
 * back to the admitted run's {@code gpu_pool_setup}. Within a poke it is event-driven like the preflight: while not
 * settled it waits on the {@link AdmissionLedger}'s signal (a session shows on the GPU, its reading moves, it ends,
 * a reservation is released) for up to {@code gpu_preflight_event_wait} and looks again at once.
 *
 * <p>Arguments: {@code training_task_id} (default {@code train_model_gpu}), {@code training_dag_id} (default this
 * DAG), {@code preflight_task_id} (default {@code gpu_preflight_configuration}). One instance per try; pokes are
 * short and read-only.
 */
public final class TrainingRunningSensor implements Sensor {

  /** States that block: the task is moving toward running, or about to run again. */
  static final Set<String> IN_TRANSIT =
      Set.of("scheduled", "queued", "up_for_retry", "up_for_reschedule", "restarting", "deferred");

  private final String dagId;
  private final String taskId;
  private final String preflightTaskId;
  private final Function<TaskContext, TrainingContainers> containers;

  public TrainingRunningSensor(Map<String, Object> args, Function<TaskContext, TrainingContainers> containers) {
    Object dag = args.get("training_dag_id");
    Object task = args.get("training_task_id");
    this.dagId = dag == null ? null : dag.toString();
    this.taskId = task == null ? "train_model_gpu" : task.toString();
    Object preflight = args.get("preflight_task_id");
    this.preflightTaskId = preflight == null ? "gpu_preflight_configuration" : preflight.toString();
    this.containers = containers;
  }

  @Override
  public PokeResult poke(TaskContext ctx) throws InterruptedException {
    AdmissionLedger ledger = AdmissionLedger.shared();
    Duration eventWait = PreflightWaitPolicy.fromSettings(ctx.settings()).eventWait();
    Instant started = ctx.clock().instant();
    while (true) {
      // Event-driven: take the generation before looking, so a session that starts, shows on the GPU or ends
      // meanwhile wakes the wait below at once instead of at the next poke.
      long generation = ledger.generation();
      List<String> waitingFor = new ArrayList<>();
      PokeResult result = check(ctx, waitingFor);
      if (result.done()) {
        return result;
      }
      Duration left = eventWait.minus(Duration.between(started, ctx.clock().instant()));
      if (left.isNegative() || left.isZero() || !ledger.awaitChange(generation, left)) {
        ctx.log().info("waiting for " + taskId + ": " + String.join("; ", waitingFor)
            + "; looking again when a GPU session starts, shows on the GPU or ends");
        return PokeResult.notYet();
      }
    }
  }

  private PokeResult check(TaskContext ctx, List<String> waitingFor) {
    String dag = dagId == null ? ctx.identity().dagId() : dagId;
    List<TaskInstanceView> trainings = ctx.taskInstances(dag, taskId);
    Set<String> admitted = new HashSet<>();
    for (TaskInstanceView p : ctx.taskInstances(dag, preflightTaskId)) {
      if ("success".equals(p.state()) && !p.runId().equals(ctx.identity().runId())) {
        admitted.add(p.runId());
      }
    }
    int running = 0;
    TrainingContainers docker = null;
    for (TaskInstanceView ti : trainings) {
      String state = ti.state() == null ? "none" : ti.state();
      if ("none".equals(state) && admitted.contains(ti.runId())) {
        waitingFor.add(ti.runId() + " was admitted by its preflight and has not started yet");
      } else if (IN_TRANSIT.contains(state)) {
        waitingFor.add(ti.runId() + " is " + state);
      } else if ("running".equals(state)) {
        running++;
        if (docker == null) {
          docker = containers.apply(ctx);
        }
        var found = docker.find(dag, ti.runId(), taskId, ti.tryNumber());
        if (found.isEmpty()) {
          // Not on this engine: on several machines its container may run on another node's, whose reading shows it.
          Optional<String> elsewhere = NodeAdmission.database(ctx).flatMap(db -> NodeAdmission.onGpuElsewhere(db,
              ctx.settings(), ctx.clock().instant(), dag, ti.runId(), GpuNodes.local(ctx.settings())));
          if (elsewhere.isEmpty()) {
            waitingFor.add(ti.runId() + " is running but has no container yet (none on this Docker engine, and no"
                + " other node's GPU reading shows it)");
          }
        } else if (!found.get().healthy()) {
          waitingFor.add(ti.runId() + " has container " + found.get().id().substring(0, Math.min(12, found.get().id().length()))
              + " with health " + found.get().health().orElse("(no healthcheck)"));
        }
      }
    }
    if (waitingFor.isEmpty()) {
      ctx.log().info("all " + taskId + " sessions are settled: " + running + " running with healthy containers, "
          + trainings.size() + " task instances in all");
      return PokeResult.done(Map.of("running", running));
    }
    return PokeResult.notYet();
  }
}
