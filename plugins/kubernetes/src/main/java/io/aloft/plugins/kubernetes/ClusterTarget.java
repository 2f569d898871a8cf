package io.aloft.plugins.kubernetes;

import io.aloft.sdk.Connection;
import io.aloft.sdk.TaskContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which cluster and namespace a pod task talks to, chosen as the provider does: the operator's {@code config_file},
 * {@code cluster_context}, {@code in_cluster} and {@code namespace} first, then the extras of its
 * {@code kubernetes_conn_id} connection ({@code kube_config_path}, {@code kube_config}, {@code cluster_context},
 * {@code in_cluster}, {@code namespace}; Airflow's {@code extra__kubernetes__} prefix accepted), then the client's own
 * discovery ({@code KUBECONFIG}, {@code ~/.kube/config}, the service account of a pod).
 */
record ClusterTarget(Config config, String namespace) {

  static final String DEFAULT_CONN_ID = "kubernetes_default";

  static ClusterTarget of(PodArguments args, TaskContext context) {
    String connId = Optional.ofNullable(args.string("kubernetes_conn_id")).orElse(DEFAULT_CONN_ID);
    Optional<Connection> conn = context.connection(connId);
    if (conn.isEmpty() && args.string("kubernetes_conn_id") != null) {
      throw new IllegalArgumentException("kubernetes_conn_id=" + connId + ": no such connection (add it with "
          + "`aloft connections add " + connId + " --conn-type kubernetes --conn-extra '{\"kube_config_path\": ...}'`)");
    }
    Map<String, Object> extra = conn.map(Connection::extra).orElse(Map.of());
    String context_ = first(args.string("cluster_context"), extra(extra, "cluster_context"));
    String file = first(args.string("config_file"), extra(extra, "kube_config_path"));
    String inline = extra(extra, "kube_config");
    String inCluster = first(args.string("in_cluster"), extra(extra, "in_cluster"));
    Config config;
    if (file != null) {
      Path path = Path.of(file);
      try {
        config = Config.fromKubeconfig(context_, Files.readString(path), path.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the kubeconfig " + path + ": " + e.getMessage(), e);
      }
    } else if (inline != null) {
      config = Config.fromKubeconfig(context_, inline, null);
    } else {
      if ("true".equalsIgnoreCase(inCluster) && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
        throw new IllegalStateException("in_cluster=True but this process does not run in a Kubernetes pod "
            + "(KUBERNETES_SERVICE_HOST is not set): give config_file or a kubernetes connection instead");
      }
      config = Config.autoConfigure(context_);
    }
    String namespace = first(args.namespaceArg(), extra(extra, "namespace"), config.getNamespace(), "default");
    return new ClusterTarget(config, namespace);
  }

  KubernetesClient client() {
    // The factory is named rather than found through ServiceLoader, which a plugin's class loader may not see.
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  private static String extra(Map<String, Object> extra, String name) {
    Object v = extra.get(name);
    if (v == null) {
      v = extra.get("extra__kubernetes__" + name);
    }
    return v == null || v.toString().isEmpty() ? null : v.toString();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
