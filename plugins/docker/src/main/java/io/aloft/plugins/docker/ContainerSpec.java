package io.aloft.plugins.docker;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What container to create for a task: image, command, environment, mounts and host settings. Built from a
 * DockerOperator's arguments by {@link DockerArguments#containerSpec}, or by hand; other plugins start from
 * there and add what they need ({@code toBuilder().label(...).deviceRequest(...).healthcheck(...)}).
 *
 * <p>{@code privateEnvironment} values reach the container but are registered as secrets and never logged.
 * {@code command} and {@code entrypoint} are argument vectors, or {@code null} for the image's own. Immutable.
 */
public record ContainerSpec(
    String image,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    Map<String, String> privateEnvironment,
    List<Mount> mounts,
    List<DeviceRequest> deviceRequests,
    Map<String, String> labels,
    String containerName,
    String hostname,
    String user,
    String workingDir,
    boolean tty,
    boolean privileged,
    String networkMode,
    Long memoryBytes,
    Long shmSizeBytes,
    Integer cpuShares,
    List<String> capAdd,
    List<String> dns,
    List<String> dnsSearch,
    List<String> extraHosts,
    String ipcMode,
    Map<String, String> logOptions,
    HealthCheck healthcheck) {

  public ContainerSpec {
    Objects.requireNonNull(image, "image");
    command = command == null ? null : List.copyOf(command);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    environment = copy(environment);
    privateEnvironment = copy(privateEnvironment);
    mounts = List.copyOf(mounts);
    deviceRequests = List.copyOf(deviceRequests);
    labels = copy(labels);
    capAdd = List.copyOf(capAdd);
    dns = List.copyOf(dns);
    dnsSearch = List.copyOf(dnsSearch);
    extraHosts = List.copyOf(extraHosts);
    logOptions = copy(logOptions);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public static Builder builder(String image) {
    return new Builder(image);
  }

  public Builder toBuilder() {
    Builder b = new Builder(image);
    b.command = command;
    b.entrypoint = entrypoint;
    b.environment.putAll(environment);
    b.privateEnvironment.putAll(privateEnvironment);
    b.mounts.addAll(mounts);
    b.deviceRequests.addAll(deviceRequests);
    b.labels.putAll(labels);
    b.containerName = containerName;
    b.hostname = hostname;
    b.user = user;
    b.workingDir = workingDir;
    b.tty = tty;
    b.privileged = privileged;
    b.networkMode = networkMode;
    b.memoryBytes = memoryBytes;
    b.shmSizeBytes = shmSizeBytes;
    b.cpuShares = cpuShares;
    b.capAdd.addAll(capAdd);
    b.dns.addAll(dns);
    b.dnsSearch.addAll(dnsSearch);
    b.extraHosts.addAll(extraHosts);
    b.ipcMode = ipcMode;
    b.logOptions.putAll(logOptions);
    b.healthcheck = healthcheck;
    return b;
  }

  /** Builds a {@link ContainerSpec}. Not thread-safe. */
  public static final class Builder {
    private String image;
    private List<String> command;
    private List<String> entrypoint;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> privateEnvironment = new LinkedHashMap<>();
    private final List<Mount> mounts = new ArrayList<>();
    private final List<DeviceRequest> deviceRequests = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String containerName;
    private String hostname;
    private String user;
    private String workingDir;
    private boolean tty;
    private boolean privileged;
    private String networkMode;
    private Long memoryBytes;
    private Long shmSizeBytes;
    private Integer cpuShares;
    private final List<String> capAdd = new ArrayList<>();
    private final List<String> dns = new ArrayList<>();
    private final List<String> dnsSearch = new ArrayList<>();
    private final List<String> extraHosts = new ArrayList<>();
    private String ipcMode;
    private final Map<String, String> logOptions = new LinkedHashMap<>();
    private HealthCheck healthcheck;

    private Builder(String image) {
      this.image = image;
    }

    public Builder image(String value) {
      image = value;
      return this;
    }

    public Builder command(List<String> value) {
      command = value;
      return this;
    }

    public Builder command(String... args) {
      return command(List.of(args));
    }

    public Builder entrypoint(List<String> value) {
      entrypoint = value;
      return this;
    }

    public Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Builder environment(Map<String, String> values) {
      environment.putAll(values);
      return this;
    }

    public Builder privateEnvironment(Map<String, String> values) {
      privateEnvironment.putAll(values);
      return this;
    }

    public Builder mount(Mount value) {
      mounts.add(value);
      return this;
    }

    public Builder deviceRequest(DeviceRequest value) {
      deviceRequests.add(value);
      return this;
    }

    /** Adds labels; a later value for the same key wins. */
    public Builder labels(Map<String, String> values) {
      labels.putAll(values);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder containerName(String value) {
      containerName = value;
      return this;
    }

    public Builder hostname(String value) {
      hostname = value;
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    public Builder workingDir(String value) {
      workingDir = value;
      return this;
    }

    public Builder tty(boolean value) {
      tty = value;
      return this;
    }

    public Builder privileged(boolean value) {
      privileged = value;
      return this;
    }

    public Builder networkMode(String value) {
      networkMode = value;
      return this;
    }

    public Builder memoryBytes(Long value) {
      memoryBytes = value;
      return this;
    }

    public Builder shmSizeBytes(Long value) {
      shmSizeBytes = value;
      return this;
    }

    public Builder cpuShares(Integer value) {
      cpuShares = value;
      return this;
    }

    public Builder capAdd(List<String> values) {
      capAdd.addAll(values);
      return this;
    }

    public Builder dns(List<String> values) {
      dns.addAll(values);
      return this;
    }

    public Builder dnsSearch(List<String> values) {
      dnsSearch.addAll(values);
      return this;
    }

    /** {@code host:ip} entries for {@code /etc/hosts}. */
    public Builder extraHosts(List<String> values) {
      extraHosts.addAll(values);
      return this;
    }

    public Builder ipcMode(String value) {
      ipcMode = value;
      return this;
    }

    public Builder logOption(String key, String value) {
      logOptions.put(key, value);
      return this;
    }

    public Builder healthcheck(HealthCheck value) {
      healthcheck = value;
      return this;
    }

    public ContainerSpec build() {
      return new ContainerSpec(
          image, command, entrypoint, environment, privateEnvironment, mounts, deviceRequests, labels,
          containerName, hostname, user, workingDir, tty, privileged, networkMode, memoryBytes, shmSizeBytes,
          cpuShares, capAdd, dns, dnsSearch, extraHosts, ipcMode, logOptions, healthcheck);
    }
  }
}
