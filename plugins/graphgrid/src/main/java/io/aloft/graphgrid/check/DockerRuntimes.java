package io.aloft.graphgrid.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The container runtimes a Docker daemon offers, read from {@code docker info --format '{{json .}}'} (the Engine
 * API's {@code /info}): {@code Runtimes} maps names to runtimes, {@code DefaultRuntime} names the default.
 *
 * @param names every runtime name, sorted (e.g. {@code io.containerd.runc.v2, nvidia, runc})
 * @param defaultRuntime the default runtime, or empty when the daemon does not say
 * @param serverVersion the daemon version, or empty
 */
public record DockerRuntimes(List<String> names, String defaultRuntime, String serverVersion) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public DockerRuntimes {
    names = List.copyOf(names);
    Objects.requireNonNull(defaultRuntime, "defaultRuntime");
    Objects.requireNonNull(serverVersion, "serverVersion");
  }

  /**
   * Parses {@code docker info} JSON.
   *
   * @throws IllegalArgumentException when it is not JSON
   */
  public static DockerRuntimes parse(String dockerInfoJson) {
    JsonNode info;
    try {
      info = JSON.readTree(dockerInfoJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("docker info did not print JSON: " + e.getMessage(), e);
    }
    if (info == null || !info.isObject()) {
      throw new IllegalArgumentException("docker info did not print a JSON object");
    }
    TreeSet<String> names = new TreeSet<>();
    info.path("Runtimes").fieldNames().forEachRemaining(names::add);
    return new DockerRuntimes(List.copyOf(names), info.path("DefaultRuntime").asText(""),
        info.path("ServerVersion").asText(""));
  }

  /** Whether the NVIDIA container runtime is registered, which GPU device requests need. */
  public boolean hasNvidia() {
    return names.contains("nvidia");
  }
}
