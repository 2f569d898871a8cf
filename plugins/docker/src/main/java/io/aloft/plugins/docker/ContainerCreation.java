package io.aloft.plugins.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Engine API's create request for a {@link ContainerSpec}: host config, environment (private values
 * last, so they win), the try's labels over the user's, the per-try temporary folder. The engine is never
 * asked to remove the container as it exits: the try does, after reading it (see {@link DockerTaskRunner}).
 */
final class ContainerCreation {

  private ContainerCreation() {}

  static CreateContainerCmd command(
      DockerClient docker,
      ContainerSpec spec,
      RunOptions options,
      Map<String, String> tryLabels,
      Path hostTmp) {
    List<Mount> mounts = new ArrayList<>(spec.mounts());
    List<String> env = new ArrayList<>();
    spec.environment().forEach((k, v) -> env.add(k + "=" + v));
    if (hostTmp != null) {
      mounts.add(new Mount().withType(MountType.BIND).withSource(hostTmp.toString()).withTarget(options.tmpDir()));
      env.add("AIRFLOW_TMP_DIR=" + options.tmpDir());
    }
    spec.privateEnvironment().forEach((k, v) -> env.add(k + "=" + v));
    HostConfig host = HostConfig.newHostConfig().withMounts(mounts).withPrivileged(spec.privileged());
    if (spec.networkMode() != null) {
      host.withNetworkMode(spec.networkMode());
    }
    if (spec.memoryBytes() != null) {
      host.withMemory(spec.memoryBytes());
    }
    if (spec.shmSizeBytes() != null) {
      host.withShmSize(spec.shmSizeBytes());
    }
    if (spec.cpuShares() != null) {
      host.withCpuShares(spec.cpuShares());
    }
    if (!spec.deviceRequests().isEmpty()) {
      host.withDeviceRequests(spec.deviceRequests());
    }
    if (!spec.capAdd().isEmpty()) {
      host.withCapAdd(spec.capAdd().stream()
          .map(c -> Capability.valueOf(c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")))
          .toArray(Capability[]::new));
    }
    if (!spec.dns().isEmpty()) {
      host.withDns(spec.dns());
    }
    if (!spec.dnsSearch().isEmpty()) {
      host.withDnsSearch(spec.dnsSearch());
    }
    if (!spec.extraHosts().isEmpty()) {
      host.withExtraHosts(spec.extraHosts().toArray(String[]::new));
    }
    if (spec.ipcMode() != null) {
      host.withIpcMode(spec.ipcMode());
    }
    if (!spec.logOptions().isEmpty()) {
      host.withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, spec.logOptions()));
    }
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.putAll(tryLabels);
    labels.put(DockerTaskRunner.AUTO_REMOVE_LABEL, options.autoRemove().name().toLowerCase(java.util.Locale.ROOT));
    CreateContainerCmd cmd =
        docker.createContainerCmd(spec.image()).withHostConfig(host).withLabels(labels).withEnv(env).withTty(spec.tty());
    if (spec.command() != null) {
      cmd.withCmd(spec.command());
    }
    if (spec.entrypoint() != null) {
      cmd.withEntrypoint(spec.entrypoint());
    }
    if (spec.containerName() != null) {
      cmd.withName(spec.containerName());
    }
    if (spec.hostname() != null) {
      cmd.withHostName(spec.hostname());
    }
    if (spec.user() != null) {
      cmd.withUser(spec.user());
    }
    if (spec.workingDir() != null) {
      cmd.withWorkingDir(spec.workingDir());
    }
    if (spec.healthcheck() != null) {
      cmd.withHealthcheck(spec.healthcheck());
    }
    return cmd;
  }
}
