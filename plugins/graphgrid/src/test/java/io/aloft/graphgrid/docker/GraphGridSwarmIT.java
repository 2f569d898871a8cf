package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.graphgrid.preflight.GpuPreflightOperator;
import io.aloft.plugins.docker.DockerTaskRunner;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GraphGridDockerOperator with {@code swarm=True} on the local engine as a single-node swarm manager: a CPU-only
 * training container runs as a service placed on the node the preflight named, and a GPU session's service carries
 * the placement and a GPU generic resource (this node advertises none, so Swarm never starts it: no GPU work).
 */
class GraphGridSwarmIT {

  private static final String DAG = "it_graphgrid_swarm";

  private final String run = "run_" + UUID.randomUUID();
  private DockerClient docker;

  @AfterEach
  void cleanUp() {
    if (docker != null) {
      for (Service s : docker.listServicesCmd().withLabelFilter(Map.of(DockerTaskRunner.DAG_LABEL, DAG)).exec()) {
        try {
          docker.removeServiceCmd(s.getId()).exec();
        } catch (RuntimeException gone) {
          // Removed meanwhile.
        }
      }
    }
    AdmissionLedger.shared().forget(DAG, run);
  }

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("image", DockerTestSupport.BUSYBOX);
    m.put("swarm", true);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** This engine's swarm node name: what a GPU node's {@code gpu_node} is by default (its host name). */
  private String localNode() {
    String nodeId = docker.infoCmd().exec().getSwarm().getNodeID();
    return docker.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().getFirst().getDescription().getHostname();
  }

  private FakeTaskContext context(String node) {
    return new FakeTaskContext(new TaskIdentity(DAG, run, "train_model_cpu", -1, 1))
        .withXCom(GpuPreflightOperator.TASK_ID, GpuPreflightOperator.GPU_NODE_KEY, node);
  }

  private Service theService() {
    List<Service> services = docker.listServicesCmd()
        .withLabelFilter(Map.of(DockerTaskRunner.DAG_LABEL, DAG, DockerTaskRunner.RUN_LABEL, run)).exec();
    assertThat(services).hasSize(1);
    return services.getFirst();
  }

  private static String inspect(String serviceId, String format) throws Exception {
    Process p = new ProcessBuilder("docker", "service", "inspect", "--format", format, serviceId)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void aCpuTrainingContainerRunsAsAServiceOnTheNodeThePreflightNamed() throws Exception {
    docker = DockerTestSupport.requireSwarmManager(DockerTestSupport.BUSYBOX);
    String node = localNode();
    FakeTaskContext ctx = context(node);

    Object out = new GraphGridDockerOperator(args(
        "command", List.of("sh", "-c", "echo trained on $(hostname) model=$ALOFT_MODEL"),
        "environment", Map.of("ALOFT_MODEL", "sentiment_analysis_binary"), "gpu", false)).execute(ctx);

    assertThat(out).as("a Swarm service pushes no XCom, as DockerSwarmOperator").isNull();
    assertThat(ctx.outputLines()).anyMatch(l -> l.startsWith("trained on ") && l.endsWith("model=sentiment_analysis_binary"));
    assertThat(ctx.logText()).contains("placed on node " + node);
    Service service = theService();
    assertThat(service.getSpec().getTaskTemplate().getPlacement().getConstraints())
        .containsExactly("node.hostname == " + node);
    assertThat(service.getSpec().getLabels()).containsEntry(GraphGridContainers.OPERATOR_LABEL,
        "GraphGridDockerOperator");
    assertThat(inspect(service.getId(), "{{json .Spec.TaskTemplate.Resources}}")).doesNotContain("GenericResources");
  }

  @Test
  void aGpuSessionsServiceAsksForOneGpuOnTheReservedNodeAndIsStoppedWithoutRunning() throws Exception {
    docker = DockerTestSupport.requireSwarmManager(DockerTestSupport.BUSYBOX);
    String node = localNode();
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity(DAG, run, "train_model_gpu", -1, 1))
        .withXCom(GpuPreflightOperator.TASK_ID, GpuPreflightOperator.GPU_NODE_KEY, node)
        .withSetting("gpu_peak_sample_interval", "1s");
    GraphGridDockerOperator operator = new GraphGridDockerOperator(args(
        "command", List.of("sh", "-c", "echo must not run; exit 3"),
        "environment", Map.of("ALOFT_GPU_MEMORY_MIB", "6144"), "gpu", true));

    CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
      try {
        return operator.execute(ctx);
      } catch (Exception e) {
        return e;
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (docker.listServicesCmd().withLabelFilter(Map.of(DockerTaskRunner.RUN_LABEL, run)).exec().isEmpty()) {
      assertThat(System.nanoTime()).as("the service is created within 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    Service service = theService();
    assertThat(service.getSpec().getTaskTemplate().getPlacement().getConstraints())
        .containsExactly("node.hostname == " + node);
    // docker-java's service model has no generic resources: read the engine's own JSON of the service.
    assertThat(inspect(service.getId(), "{{json .Spec.TaskTemplate.Resources.Reservations.GenericResources}}"))
        .isEqualTo("[{\"DiscreteResourceSpec\":{\"Kind\":\"NVIDIA-GPU\",\"Value\":1}}]");
    assertThat(service.getSpec().getTaskTemplate().getContainerSpec().getEnv())
        .contains("ALOFT_TRAINING_DEVICE=gpu", "ALOFT_GPU_MEMORY_MIB=6144");

    operator.onKill(ctx);
    running.get(60, TimeUnit.SECONDS);
    assertThat(ctx.outputLines()).doesNotContain("must not run");
    assertThat(docker.listServicesCmd().withLabelFilter(Map.of(DockerTaskRunner.RUN_LABEL, run)).exec()).isEmpty();
  }
}
