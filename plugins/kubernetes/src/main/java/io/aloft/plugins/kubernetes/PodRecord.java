package io.aloft.plugins.kubernetes;

import io.aloft.sdk.TaskContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a pod try records in the store ({@link TaskContext#recordWork}) before it creates its pod: the pod's name and
 * where it lives as the try resolved it (templates rendered): the namespace, the {@code kubernetes_conn_id},
 * {@code config_file} and {@code cluster_context}.
 *
 * <p>Why the place: a try that ends without its thread (the runtime's sweeper, a daemon or worker that died) is
 * stopped by a fresh operator that the runtime builds from the task's <em>unrendered</em> arguments, so a templated
 * {@code namespace} ({@code '{{ var.value.ns }}'}) or {@code config_file} names no namespace or file there, and
 * rendering it again later could name another one. The record names the ones the try really used, also after a
 * daemon restart. Nothing secret is stored: the kubeconfig by its path (an inline kubeconfig stays in its
 * connection, found again by the connection's id).
 *
 * <p>Stored as one JSON object. A bare name (recorded by an Aloft before this record existed) reads as a pod without
 * a place: the arguments then name it, as before. Immutable.
 */
public record PodRecord(String pod, String namespace, String connId, String configFile, String clusterContext) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The arguments that say which cluster and namespace: what the record overrides in the arguments. */
  private static final List<String> PLACE = List.of("namespace", "kubernetes_conn_id", "config_file", "cluster_context");

  public PodRecord {
    if (pod == null || pod.isBlank()) {
      throw new IllegalArgumentException("a pod record needs the pod's name");
    }
  }

  /** The record of pod {@code pod} created in {@code namespace} with these rendered arguments. */
  public static PodRecord of(String pod, String namespace, PodArguments args) {
    return new PodRecord(pod, namespace, args.string("kubernetes_conn_id"), args.string("config_file"),
        args.string("cluster_context"));
  }

  /** The text {@link TaskContext#recordWork} stores. */
  public String encode() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pod", pod);
    out.put("namespace", namespace);
    out.put("kubernetes_conn_id", connId);
    out.put("config_file", configFile);
    out.put("cluster_context", clusterContext);
    return JSON.writeValueAsString(out);
  }

  /** Reads what {@link #encode} stored, or a bare pod name stored by an older Aloft. */
  public static PodRecord parse(String stored) {
    String s = stored.strip();
    if (!s.startsWith("{")) {
      return new PodRecord(s, null, null, null, null);
    }
    try {
      JsonNode node = JSON.readTree(s);
      return new PodRecord(text(node, "pod"), text(node, "namespace"), text(node, "kubernetes_conn_id"),
          text(node, "config_file"), text(node, "cluster_context"));
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the try's recorded work is not a pod record: " + stored, e);
    }
  }

  /**
   * The cluster and namespace of this pod, for an operator whose {@code args} may be unrendered: the recorded place
   * over the arguments' one (the rest, such as {@code in_cluster}, is never templated).
   *
   * @throws IllegalStateException for a bare name (older record) whose arguments' place is a template
   */
  ClusterTarget target(Map<String, Object> args, TaskContext ctx) {
    Map<String, Object> placed = new HashMap<>(args);
    if (namespace == null) {
      for (String name : PLACE) {
        Object v = args.get(name);
        if (v != null && v.toString().contains("{{")) {
          throw new IllegalStateException("cannot reach pod " + pod + ": its " + name + " is a template (" + v
              + ") and the try recorded no place (an older Aloft recorded it); delete it by hand on its cluster"
              + " (kubectl delete pod " + pod + " -n <namespace>)");
        }
      }
    } else {
      placed.put("namespace", namespace);
      placed.put("kubernetes_conn_id", connId);
      placed.put("config_file", configFile);
      placed.put("cluster_context", clusterContext);
    }
    return ClusterTarget.of(new PodArguments(placed), ctx);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
