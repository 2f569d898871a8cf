package io.aloft.graphgrid.docker;

import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.plugins.docker.ContainerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GraphGridDockerOperator container as a Docker Swarm service ({@code swarm=True}): the DockerSwarmOperator
 * arguments the docker plugin's {@code SwarmTaskRunner} takes, made from the operator's arguments and the planned
 * container. The service is placed on the node the GPU preflight reserved ({@code node.hostname == <node>}, the
 * reservation is then authoritative: the worker that creates the service does not re-admit it on its own node), and
 * a GPU session asks Swarm for one GPU generic resource ({@code gpu_swarm_resource}, default {@code NVIDIA-GPU}, the
 * kind the NVIDIA runtime's {@code swarm-resource} reads). Pure code: no Docker. Stateless.
 */
public final class GraphGridSwarm {

  /** Settings key: the generic resource kind a GPU node advertises ({@code node-generic-resources} in daemon.json). */
  public static final String RESOURCE_SETTING = "gpu_swarm_resource";
  public static final String DEFAULT_RESOURCE = "NVIDIA-GPU";

  private GraphGridSwarm() {}

  /**
   * The service's arguments.
   *
   * @param args the operator's rendered arguments
   * @param spec the planned container (its environment and labels carry GraphGrid's additions)
   * @param node the node the preflight reserved, when there is one
   */
  public static Map<String, Object> arguments(Map<String, Object> args, ContainerSpec spec, Map<String, String> settings,
                                              Optional<String> node) {
    Map<String, Object> out = new LinkedHashMap<>(args);
    out.put("environment", new LinkedHashMap<>(spec.environment()));
    out.put("labels", new LinkedHashMap<>(spec.labels()));
    List<Object> mounts = new ArrayList<>();
    if (args.get("mounts") instanceof List<?> given) {
      mounts.addAll(given);
    }
    if (GraphGridArguments.flag(args, "include_credentials")) {
      // On the node that runs the service: the folder must exist there (same path on every GPU machine).
      String target = settings.getOrDefault(GraphGridContainers.CREDENTIALS_TARGET_SETTING,
          GraphGridContainers.DEFAULT_CREDENTIALS_TARGET);
      mounts.add(Map.of("type", "bind", "source", GraphGridContainers.credentialsDir(settings).toString(),
          "target", target, "read_only", true));
    }
    out.put("mounts", mounts);
    node.filter(n -> !n.isBlank()).ifPresent(n -> out.put("placement", List.of("node.hostname == " + n)));
    boolean gpu = GraphGridArguments.flag(args, "gpu");
    if (gpu && !GpuProbes.simulated(settings)) {
      String kind = settings.getOrDefault(RESOURCE_SETTING, DEFAULT_RESOURCE).strip();
      Map<String, Object> resources = new LinkedHashMap<>();
      if (args.get("container_resources") instanceof Map<?, ?> given) {
        given.forEach((k, v) -> resources.put(k.toString(), v));
      }
      resources.put("generic_resources", Map.of(kind.isEmpty() ? DEFAULT_RESOURCE : kind, 1L));
      out.put("container_resources", resources);
    }
    // Container-only settings Swarm has no place for (GraphGrid's GPU device request is the generic resource above).
    out.remove("device_requests");
    return out;
  }
}
