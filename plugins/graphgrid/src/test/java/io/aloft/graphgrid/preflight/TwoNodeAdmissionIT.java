package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.graphgrid.PluginSchemaDatabase;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import io.aloft.graphgrid.sensor.TrainingRunningSensor;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.testing.FakeTaskContext;
import io.aloft.sdk.testing.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GPU admission over two machines, simulated in one process: two nodes with a simulated 16 GiB GPU each (node a
 * mostly taken by another program), one PostgreSQL holding the plugin's tables as every worker would share it. The
 * preflight (running on node a) admits on the node with room, never past either node's memory; the training task on
 * the worker that claimed the try confirms room on its own node before its container starts, and moves the
 * reservation there; a training sensor on one node sees a session running on the other node's GPU; released
 * reservations make room again.
 */
class TwoNodeAdmissionIT {

  @RegisterExtension
  static final PluginSchemaDatabase db = new PluginSchemaDatabase();
  private static final String DAG = "nlp";

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String nodeA = "a-" + suffix;
  private final String nodeB = "b-" + suffix;
  // Far after the other tests' clocks: their waiters in the daemon-wide ledger are stale here and leave the queue.
  private final ManualClock clock = new ManualClock(Instant.parse("2031-01-01T00:00:00Z"));

  private static DataSource pluginSchema() {
    return db.pluginSchema();
  }

  private FakeTaskContext on(String node, String run, String task, List<TaskInstanceView> trainings,
                             List<TaskInstanceView> preflights) {
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity(DAG, run, task, -1, 1))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", "1x16384").withSetting("gpu_node", node)
        .withSetting("gpu_preflight_event_wait", "0s").withSetting("gpu_preflight_limit", "5m")
        .withSetting("gpu_node_publish_interval", "1d")
        .withXCom("check_request_body", "return_value", Map.of("model", "named_entity_recognition"))
        .withClock(clock).withDatabase(pluginSchema());
    ctx.withTaskInstances(DAG, "train_model_gpu", trainings);
    ctx.withTaskInstances(DAG, GpuPreflightOperator.TASK_ID, preflights);
    return ctx;
  }

  private static TaskInstanceView training(String run, String state) {
    return new TaskInstanceView(DAG, run, "train_model_gpu", -1, 1, state, null);
  }

  private static TaskInstanceView admitted(String run) {
    return new TaskInstanceView(DAG, run, GpuPreflightOperator.TASK_ID, -1, 1, "success", "h:1");
  }

  private static SimulatedGpu gpuOf(FakeTaskContext ctx) {
    return GpuProbes.simulatedGpu(ctx.settings());
  }

  private PokeResult preflight(String run, List<String> admittedRuns) throws Exception {
    FakeTaskContext ctx = on(nodeA, run, GpuPreflightOperator.TASK_ID,
        admittedRuns.stream().map(r -> training(r, "running")).toList(),
        admittedRuns.stream().map(TwoNodeAdmissionIT::admitted).toList());
    PokeResult result = new GpuPreflightOperator(Map.of(), c -> (d, r, t, n) -> Optional.empty()).poke(ctx);
    if (result.done()) {
      assertThat(ctx.pushedXCom()).containsKey(GpuPreflightOperator.GPU_NODE_KEY);
    }
    return result;
  }

  private Optional<String> reservedNode(String run) throws Exception {
    try (Connection c = pluginSchema().getConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT node FROM gpu_reservation WHERE dag_id = 'nlp' AND run_id = '" + run + "'")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  @Test
  void admitsOnTheNodeWithRoomNeverOverCommitsAndTheTrainingNodeConfirms() throws Exception {
    String r1 = "r1-" + suffix;
    String r2 = "r2-" + suffix;
    String r3 = "r3-" + suffix;
    // Node a: 12000 of 16384 MiB taken by another program. Node b: idle; its worker recorded its reading.
    FakeTaskContext onA = on(nodeA, "x", "train_model_gpu", List.of(), List.of());
    gpuOf(onA).allocate("someone-else", 12000).orElseThrow();
    FakeTaskContext onB = on(nodeB, "x", "train_model_gpu", List.of(), List.of());
    NodePublisher.publish(onB.pluginDatabase(), nodeB, gpuOf(onB), gpuOf(onB).snapshot(), clock);

    // A NER session reserves 6144 MiB. Node a has 3360 MiB after its 1024 MiB margin: r1 and r2 go to node b.
    assertThat(preflight(r1, List.of()).done()).isTrue();
    assertThat(reservedNode(r1)).hasValue(nodeB);
    assertThat(preflight(r2, List.of(r1)).done()).isTrue();
    assertThat(reservedNode(r2)).hasValue(nodeB);

    // Node b has 15360 - 2 x 6144 = 3072 MiB left, node a 3360: r3 fits nowhere and waits.
    assertThat(preflight(r3, List.of(r1, r2)).done()).isFalse();
    assertThat(reservedNode(r3)).isEmpty();

    // r1's training try was claimed by node a's worker: node a has no room, so its container must not start there.
    FakeTaskContext r1OnA = on(nodeA, r1, "train_model_gpu", List.of(training(r1, "running"), training(r2, "running")),
        List.of());
    PreflightWaitPolicy noWait = new PreflightWaitPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
    assertThatThrownBy(() -> NodeAdmission.confirm(r1OnA, r1OnA.pluginDatabase(), new GpuPreflight(1024),
        gpuOf(r1OnA), nodeA, 6144, Optional.empty(), noWait))
        .isInstanceOf(TaskFailException.class).hasMessageContaining("node " + nodeA + " had no room");
    assertThat(reservedNode(r1)).hasValue(nodeB);

    // The other program on node a ends: the worker there admits r1 on its own node and moves the reservation.
    gpuOf(onA).release("someone-else");
    assertThat(NodeAdmission.confirm(r1OnA, r1OnA.pluginDatabase(), new GpuPreflight(1024), gpuOf(r1OnA), nodeA,
        6144, Optional.empty(), noWait)).hasValue(0);
    assertThat(reservedNode(r1)).hasValue(nodeA);
    assertThat(r1OnA.logText()).contains("moved from node " + nodeB);

    // r2's training runs on node b, where the preflight placed it: confirmed at once.
    FakeTaskContext r2OnB = on(nodeB, r2, "train_model_gpu", List.of(training(r1, "running"), training(r2, "running")),
        List.of());
    assertThat(NodeAdmission.confirm(r2OnB, r2OnB.pluginDatabase(), new GpuPreflight(1024), gpuOf(r2OnB), nodeB,
        6144, Optional.empty(), noWait)).hasValue(0);
    assertThat(r2OnB.logText()).contains("reserved here by the preflight");

    // r2's container shows on node b's GPU: a training sensor on node a, whose Docker engine cannot see it, reads
    // it from node b's recorded reading.
    String owner = io.aloft.graphgrid.docker.GraphGridDockerOperator.simulatedOwner(r2OnB.identity());
    gpuOf(r2OnB).allocate(owner, 6144).orElseThrow();
    assertThat(NodeAdmission.onGpuElsewhere(r2OnB.pluginDatabase(), r2OnB.settings(), clock.instant(), DAG, r2, nodeA))
        .isEmpty();
    FakeTaskContext sensorOnA = on(nodeA, r3, "gpu_training_sensor", List.of(training(r2, "running")), List.of());
    TrainingRunningSensor sensor = new TrainingRunningSensor(Map.of(), c -> (d, r, t, n) -> Optional.empty());
    assertThat(sensor.poke(sensorOnA).done()).as("r2 is not on any GPU yet").isFalse();
    NodeAdmission.attach(r2OnB.pluginDatabase(), r2OnB.identity(), nodeB, owner, gpuOf(r2OnB),
        gpuOf(r2OnB).snapshot(), clock);
    assertThat(sensor.poke(sensorOnA).done()).as("r2 shows on node b's GPU").isTrue();
    assertThat(NodeAdmission.onGpuElsewhere(r2OnB.pluginDatabase(), r2OnB.settings(), clock.instant(), DAG, r2, nodeA))
        .hasValue(nodeB);
    assertThat(NodeAdmission.onGpuElsewhere(r2OnB.pluginDatabase(), r2OnB.settings(), clock.instant(), DAG, r2, nodeB))
        .as("its own node sees it on its own engine").isEmpty();
    gpuOf(r2OnB).release(owner);

    // Sessions end: their reservations go, and r3 now fits.
    NodeAdmission.release(r1OnA.pluginDatabase(), DAG, r1);
    NodeAdmission.release(r2OnB.pluginDatabase(), DAG, r2);
    assertThat(reservedNode(r1)).isEmpty();
    assertThat(reservedNode(r2)).isEmpty();
    assertThat(preflight(r3, List.of()).done()).isTrue();
    assertThat(reservedNode(r3)).isPresent();
    AdmissionLedger.shared().forget(DAG, r3);
  }
}
