package io.aloft.plugins.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The packaged plugin zip (target/*-plugin.zip) loads in PF4J, and its operator, with the fabric8 client and Jackson 3
 * from the plugin's own class loader, runs a pod against the mock API server through a kubernetes connection.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPluginZipIT {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void thePluginZipLoadsAndRunsAPod(@TempDir Path folder) throws Exception {
    Path zip;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      zip = files.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).findFirst().orElseThrow();
    }
    Files.copy(zip, folder.resolve(zip.getFileName()));
    String kubeconfig = String.join("\n", "apiVersion: v1", "kind: Config", "current-context: mock",
        "clusters:", "- name: mock", "  cluster:", "    server: " + server.url("/").replaceAll("/$", ""),
        "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: u",
        "users:", "- name: u", "  user:", "    token: t", "");
    PluginManager manager = new DefaultPluginManager(folder);
    manager.loadPlugins();
    manager.startPlugins();
    try {
      List<OperatorProvider> providers = manager.getExtensions(OperatorProvider.class, "kubernetes");
      assertThat(providers).hasSize(1);
      assertThat(providers.get(0).getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("kubernetes"));
      OperatorDescriptor d = providers.get(0).operators().get(0);
      assertThat(d.name()).isEqualTo("KubernetesPodOperator");
      assertThat(d.pythonPaths()).contains("airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator");

      FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("it_k8s_zip", "manual__1", "hello", -1, 1))
          .withConnection(new io.aloft.sdk.Connection("k8s_mock", "kubernetes", null, null, null, null, null,
              Map.of("kube_config", kubeconfig, "namespace", "team-a")));
      CompletableFuture<Object> result = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          result.complete(d.factory().create(Map.of("image", "busybox", "name", "hello", "random_name_suffix", false,
              "kubernetes_conn_id", "k8s_mock", "poll_interval", 0.05, "get_logs", false)).execute(ctx));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      Pod pod = null;
      for (int i = 0; i < 400 && pod == null && !result.isDone(); i++) {
        pod = client.pods().inNamespace("team-a").withName("hello").get();
        Thread.sleep(25);
      }
      assertThat(pod).as("created in the connection's namespace (%s)", result).isNotNull();
      client.pods().inNamespace("team-a").resource(new PodBuilder(pod).withNewStatus().withPhase("Succeeded")
          .withContainerStatuses(new ContainerStatusBuilder().withName("base").withNewState().withNewTerminated()
              .withExitCode(0).endTerminated().endState().build()).endStatus().build()).updateStatus();
      assertThat(result.get(60, TimeUnit.SECONDS)).isNull();
      assertThat(client.pods().inNamespace("team-a").withName("hello").get()).isNull();
    } finally {
      manager.stopPlugins();
      manager.unloadPlugins();
    }
  }
}
