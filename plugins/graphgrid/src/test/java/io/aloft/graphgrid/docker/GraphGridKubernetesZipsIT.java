package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.Connection;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * The packaged zips of the docker, kubernetes and graphgrid plugins load together in PF4J (graphgrid declares both
 * as plugin dependencies), and a {@code GraphGridDockerOperator(kubernetes=True)} from the graphgrid zip's provider
 * runs a CPU training pod against the fabric8 mock API server. In this JVM the plugins' classes are also on the test
 * class path, which PF4J asks first: that graphgrid's class loader finds {@code KubernetesPodOperator} through the
 * kubernetes plugin's loader is shown only where the runtime has no plugin classes of its own.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class GraphGridKubernetesZipsIT {

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static Path zip(String module) throws Exception {
    try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
      return files.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).findFirst().orElseThrow();
    }
  }

  @Test
  void theGraphGridZipRunsATrainingPodThroughTheKubernetesPlugin(@TempDir Path folder) throws Exception {
    for (String module : List.of("docker", "kubernetes", "graphgrid")) {
      Path zip = zip(module);
      Files.copy(zip, folder.resolve(zip.getFileName()));
    }
    PluginManager manager = new DefaultPluginManager(folder);
    manager.loadPlugins();
    manager.startPlugins();
    try {
      assertThat(manager.getPlugin("graphgrid").getPluginState()).hasToString("STARTED");
      assertThat(manager.getPlugin("graphgrid").getDescriptor().getDependencies()).extracting("pluginId")
          .containsExactly("docker", "kubernetes");
      OperatorDescriptor d = manager.getExtensions(OperatorProvider.class, "graphgrid").get(0).operators().stream()
          .filter(o -> o.name().equals("GraphGridDockerOperator")).findFirst().orElseThrow();
      String kubeconfig = String.join("\n", "apiVersion: v1", "kind: Config", "current-context: mock",
          "clusters:", "- name: mock", "  cluster:", "    server: " + server.url("/").replaceAll("/$", ""),
          "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: u",
          "users:", "- name: u", "  user:", "    token: t", "");
      FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("nlp", "r1", "eval_model", -1, 1))
          .withConnection(new Connection("kubernetes_default", "kubernetes", null, null, null, null, null,
              Map.of("kube_config", kubeconfig, "namespace", "ml")));
      CompletableFuture<Object> result = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          result.complete(d.factory().create(Map.of("image", "aloft/busybox:latest", "command", List.of("true"),
              "kubernetes", true)).execute(ctx));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      Pod pod = null;
      for (int i = 0; i < 600 && pod == null && !result.isDone(); i++) {
        List<Pod> pods = client.pods().inNamespace("ml").withLabel("task_id", "eval_model").list().getItems();
        pod = pods.isEmpty() ? null : pods.get(0);
        Thread.sleep(25);
      }
      assertThat(pod).as("created (%s)", result).isNotNull();
      server.expect().get().withPath("/api/v1/namespaces/ml/pods/" + pod.getMetadata().getName()
          + "/log?pretty=false&container=base&follow=true").andReturn(200, "").always();
      client.pods().inNamespace("ml").resource(new PodBuilder(pod).withNewStatus().withPhase("Succeeded")
          .withContainerStatuses(new ContainerStatusBuilder().withName("base").withNewState().withNewTerminated()
              .withExitCode(0).endTerminated().endState().build()).endStatus().build()).updateStatus();
      assertThat(result.get(60, TimeUnit.SECONDS)).isNull();
      assertThat(client.pods().inNamespace("ml").withLabel("task_id", "eval_model").list().getItems()).isEmpty();
    } finally {
      manager.stopPlugins();
      manager.unloadPlugins();
    }
  }
}
