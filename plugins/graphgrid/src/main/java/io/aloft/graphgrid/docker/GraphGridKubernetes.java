package io.aloft.graphgrid.docker;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.preflight.PreflightWaitPolicy;
import io.aloft.plugins.docker.ContainerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GraphGridDockerOperator container as a Kubernetes pod ({@code kubernetes=True}): the arguments of the kubernetes
 * plugin's {@code KubernetesPodOperator}, made from the operator's arguments and the planned container, which that
 * operator then runs (create, stream the log, delete; re-attach after a restart). The same image, environment (the
 * private values too), command ({@code command} is the pod's {@code args}, an {@code entrypoint} its {@code command})
 * and labels as the Docker container; its mounts become pod volumes: a bind mount a {@code hostPath}, a named volume
 * the PersistentVolumeClaim of that name, a tmpfs an in-memory {@code emptyDir}.
 *
 * <p>The pod is pinned to the node the GPU preflight reserved ({@code nodeSelector kubernetes.io/hostname: <node>}:
 * {@code gpu_node}, default the host name, must be the Kubernetes node's host name), and the reservation is then
 * authoritative, as for Swarm. A real-GPU session ({@code gpu=True}, not simulated) asks for one GPU as a container
 * limit, resource {@code gpu_kubernetes_resource} (default {@code nvidia.com/gpu}, NVIDIA's device plugin); the device
 * plugin picks which GPU of the node. The cluster and namespace come from the {@code kubernetes_conn_id} connection
 * (default {@code kubernetes_default}) or the client's own discovery, as for KubernetesPodOperator. Pure code: no
 * cluster. Stateless.
 */
public final class GraphGridKubernetes {

  /** Settings key: the extended resource a GPU node offers (NVIDIA's device plugin: {@code nvidia.com/gpu}). */
  public static final String RESOURCE_SETTING = "gpu_kubernetes_resource";
  public static final String DEFAULT_RESOURCE = "nvidia.com/gpu";
  /** Settings key: how long a training pod may take to start (pulling a large trainer image on a fresh node). */
  public static final String STARTUP_SETTING = "kubernetes_startup_timeout";
  public static final Duration DEFAULT_STARTUP = Duration.ofMinutes(10);
  /** The label Kubernetes puts on every node with its host name. */
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  private GraphGridKubernetes() {}

  /** What says which cluster: enough for a fresh operator to delete the pod a try recorded. */
  static Map<String, Object> cluster(Map<String, Object> args) {
    Map<String, Object> out = new LinkedHashMap<>();
    Object conn = args.get("kubernetes_conn_id");
    if (conn != null) {
      out.put("kubernetes_conn_id", conn.toString());
    }
    return out;
  }

  /**
   * The pod's arguments.
   *
   * @param args the operator's rendered arguments
   * @param spec the planned container (its environment and labels carry GraphGrid's additions)
   * @param node the node the preflight reserved, when there is one
   */
  public static Map<String, Object> arguments(Map<String, Object> args, ContainerSpec spec, Map<String, String> settings,
                                              Optional<String> node) {
    Map<String, Object> out = cluster(args);
    out.put("image", spec.image());
    if (spec.entrypoint() != null && !spec.entrypoint().isEmpty()) {
      out.put("cmds", new ArrayList<>(spec.entrypoint()));
    }
    if (spec.command() != null && !spec.command().isEmpty()) {
      out.put("arguments", new ArrayList<>(spec.command()));
    }
    Map<String, Object> env = new LinkedHashMap<>(spec.environment());
    env.putAll(spec.privateEnvironment());
    out.put("env_vars", env);
    out.put("labels", new LinkedHashMap<>(spec.labels()));
    List<Object> volumes = new ArrayList<>();
    List<Object> mounts = new ArrayList<>();
    for (Mount m : spec.mounts()) {
      String name = "vol-" + volumes.size();
      volumes.add(volume(name, m));
      Map<String, Object> mount = new LinkedHashMap<>();
      mount.put("name", name);
      mount.put("mountPath", m.getTarget());
      if (Boolean.TRUE.equals(m.getReadOnly())) {
        mount.put("readOnly", true);
      }
      mounts.add(mount);
    }
    out.put("volumes", volumes);
    out.put("volume_mounts", mounts);
    node.filter(n -> !n.isBlank()).ifPresent(n -> out.put("node_selector", Map.of(HOSTNAME_LABEL, n)));
    if (GraphGridArguments.flag(args, "gpu") && !GpuProbes.simulated(settings)) {
      String resource = settings.getOrDefault(RESOURCE_SETTING, DEFAULT_RESOURCE).strip();
      out.put("container_resources", Map.of("limits", Map.of(resource.isEmpty() ? DEFAULT_RESOURCE : resource, "1")));
    }
    // A trainer image built or loaded on the node is used as it is; ":latest" would otherwise be pulled every time.
    out.put("image_pull_policy", "IfNotPresent");
    out.put("get_logs", true);
    out.put("on_finish_action", "delete_pod");
    out.put("reattach_on_restart", true);
    out.put("startup_timeout_seconds",
        (int) PreflightWaitPolicy.duration(settings, STARTUP_SETTING, DEFAULT_STARTUP).toSeconds());
    return out;
  }

  private static Map<String, Object> volume(String name, Mount m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", name);
    MountType type = m.getType() == null ? MountType.VOLUME : m.getType();
    switch (type) {
      case BIND -> v.put("hostPath", Map.of("path", m.getSource()));
      case TMPFS -> v.put("emptyDir", Map.of("medium", "Memory"));
      case VOLUME -> v.put("persistentVolumeClaim", Map.of("claimName", m.getSource()));
      default -> throw new IllegalArgumentException("mount " + m.getTarget() + ": a " + type.name()
          .toLowerCase(Locale.ROOT) + " mount has no pod volume here; use a bind, volume or tmpfs mount");
    }
    return v;
  }
}
