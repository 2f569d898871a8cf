package io.aloft.graphgrid.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the container a host process runs in from its cgroup path, which names the container id under
 * Docker (cgroup v1 {@code /docker/<id>}, v2 {@code docker-<id>.scope}), containerd and Podman.
 */
final class ContainerOfPid {

  private static final Pattern CONTAINER_ID =
      Pattern.compile("(?:docker[-/]|cri-containerd-|libpod-)([0-9a-f]{64})");

  private ContainerOfPid() {}

  /** The container id named by the text of a {@code /proc/<pid>/cgroup} file, if any. */
  static Optional<String> fromCgroup(String cgroup) {
    Matcher matcher = CONTAINER_ID.matcher(cgroup);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** Looks processes up under a procfs root ({@code /proc} on a host); unreadable ones have no container. */
  static LongFunction<Optional<String>> procfs(Path procRoot) {
    return pid -> {
      try {
        return fromCgroup(Files.readString(procRoot.resolve(Long.toString(pid)).resolve("cgroup")));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    };
  }
}
