package io.aloft.plugins.docker;

import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.VolumeOptions;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of Airflow's {@code DockerOperator}, declared for parse-time checks and read into a
 * {@link ContainerSpec}, {@link RunOptions} and {@link DockerEndpoint}. Values are the JSON shapes the
 * runtime hands to operator factories; {@code Mount} and {@code DeviceRequest} objects arrive as the dicts
 * their Python shims serialize to (docker-py's constructor names, or the Engine API's capitalized ones).
 */
public final class DockerArguments {

  /** Every argument DockerOperator takes, besides BaseOperator's. */
  public static final List<ArgumentSpec> SPECS =
      List.of(
          ArgumentSpec.required("image", ArgType.STRING),
          ArgumentSpec.optional("command", ArgType.STRING_OR_LIST),
          ArgumentSpec.optional("entrypoint", ArgType.STRING_OR_LIST),
          ArgumentSpec.optional("environment", ArgType.MAP),
          ArgumentSpec.optional("private_environment", ArgType.MAP),
          ArgumentSpec.optional("env_file", ArgType.STRING),
          ArgumentSpec.optional("mounts", ArgType.LIST),
          ArgumentSpec.optional("auto_remove", ArgType.ANY),
          ArgumentSpec.optional("network_mode", ArgType.STRING),
          ArgumentSpec.optional("docker_url", ArgType.STRING_OR_LIST),
          ArgumentSpec.optional("api_version", ArgType.STRING),
          ArgumentSpec.optional("tls_ca_cert", ArgType.STRING),
          ArgumentSpec.optional("tls_client_cert", ArgType.STRING),
          ArgumentSpec.optional("tls_client_key", ArgType.STRING),
          ArgumentSpec.optional("tls_verify", ArgType.BOOL),
          ArgumentSpec.optional("tls_hostname", ArgType.ANY),
          ArgumentSpec.optional("tls_ssl_version", ArgType.STRING),
          ArgumentSpec.optional("mem_limit", ArgType.ANY),
          ArgumentSpec.optional("cpus", ArgType.FLOAT),
          ArgumentSpec.optional("shm_size", ArgType.ANY),
          ArgumentSpec.optional("device_requests", ArgType.LIST),
          ArgumentSpec.optional("container_name", ArgType.STRING),
          ArgumentSpec.optional("hostname", ArgType.STRING),
          ArgumentSpec.optional("user", ArgType.ANY),
          ArgumentSpec.optional("working_dir", ArgType.STRING),
          ArgumentSpec.optional("tty", ArgType.BOOL),
          ArgumentSpec.optional("labels", ArgType.ANY),
          ArgumentSpec.optional("extra_hosts", ArgType.MAP),
          ArgumentSpec.optional("privileged", ArgType.BOOL),
          ArgumentSpec.optional("cap_add", ArgType.LIST),
          ArgumentSpec.optional("dns", ArgType.LIST),
          ArgumentSpec.optional("dns_search", ArgType.LIST),
          ArgumentSpec.optional("ipc_mode", ArgType.STRING),
          ArgumentSpec.optional("log_opts_max_size", ArgType.STRING),
          ArgumentSpec.optional("log_opts_max_file", ArgType.STRING),
          ArgumentSpec.optional("xcom_all", ArgType.BOOL),
          ArgumentSpec.optional("retrieve_output", ArgType.BOOL),
          ArgumentSpec.optional("retrieve_output_path", ArgType.STRING),
          ArgumentSpec.optional("skip_on_exit_code", ArgType.ANY),
          ArgumentSpec.optional("mount_tmp_dir", ArgType.BOOL),
          ArgumentSpec.optional("tmp_dir", ArgType.STRING),
          ArgumentSpec.optional("host_tmp_dir", ArgType.STRING),
          ArgumentSpec.optional("force_pull", ArgType.BOOL),
          ArgumentSpec.optional("timeout", ArgType.INT));

  /** Airflow's template fields for DockerOperator. */
  public static final List<String> TEMPLATE_FIELDS =
      List.of("image", "command", "environment", "env_file", "container_name");

  private DockerArguments() {}

  public static ContainerSpec.Builder containerSpec(Map<String, Object> args) {
    ContainerSpec.Builder b = ContainerSpec.builder(required(args, "image"));
    b.command(CommandLine.parse("command", args.get("command")));
    b.entrypoint(CommandLine.parse("entrypoint", args.get("entrypoint")));
    Object envFile = args.get("env_file");
    if (envFile != null) {
      b.environment(EnvFile.parse(envFile.toString()));
    }
    b.environment(stringMap("environment", args.get("environment")));
    b.privateEnvironment(stringMap("private_environment", args.get("private_environment")));
    for (Object m : list("mounts", args.get("mounts"))) {
      b.mount(mount(m));
    }
    for (Object d : list("device_requests", args.get("device_requests"))) {
      b.deviceRequest(deviceRequest(d));
    }
    b.labels(labels(args.get("labels")));
    b.containerName(string(args.get("container_name")));
    b.hostname(string(args.get("hostname")));
    b.user(string(args.get("user")));
    b.workingDir(string(args.get("working_dir")));
    b.tty(bool(args.get("tty"), false));
    b.privileged(bool(args.get("privileged"), false));
    b.networkMode(string(args.get("network_mode")));
    b.memoryBytes(ByteSizes.parse("mem_limit", args.get("mem_limit")));
    b.shmSizeBytes(ByteSizes.parse("shm_size", args.get("shm_size")));
    Object cpus = args.get("cpus");
    // Airflow turns cpus into CPU shares (relative weight), not a hard limit.
    b.cpuShares(cpus == null ? null : (int) Math.round(((Number) cpus).doubleValue() * 1024));
    b.capAdd(strings("cap_add", args.get("cap_add")));
    b.dns(strings("dns", args.get("dns")));
    b.dnsSearch(strings("dns_search", args.get("dns_search")));
    stringMap("extra_hosts", args.get("extra_hosts")).forEach((host, ip) -> b.extraHosts(List.of(host + ":" + ip)));
    b.ipcMode(string(args.get("ipc_mode")));
    if (args.get("log_opts_max_size") != null) {
      b.logOption("max-size", args.get("log_opts_max_size").toString());
    }
    if (args.get("log_opts_max_file") != null) {
      b.logOption("max-file", args.get("log_opts_max_file").toString());
    }
    return b;
  }

  public static RunOptions runOptions(Map<String, Object> args) {
    boolean retrieve = bool(args.get("retrieve_output"), false);
    String retrievePath = string(args.get("retrieve_output_path"));
    if (retrieve && retrievePath == null) {
      throw new IllegalArgumentException("retrieve_output=True needs retrieve_output_path: the file in the container to read");
    }
    String hostTmp = string(args.get("host_tmp_dir"));
    return new RunOptions(
        AutoRemove.parse(args.get("auto_remove")),
        bool(args.get("xcom_all"), false),
        retrieve ? retrievePath : null,
        exitCodes(args.get("skip_on_exit_code")),
        bool(args.get("mount_tmp_dir"), true) ? (String) args.getOrDefault("tmp_dir", "/tmp/airflow") : null,
        hostTmp == null ? null : Path.of(hostTmp),
        bool(args.get("force_pull"), false));
  }

  public static DockerEndpoint endpoint(Map<String, Object> args, Map<String, String> settings) {
    DockerEndpoint endpoint = DockerEndpoint.resolve(args.get("docker_url"), settings);
    String ca = string(args.get("tls_ca_cert"));
    String cert = string(args.get("tls_client_cert"));
    String key = string(args.get("tls_client_key"));
    if (ca == null && cert == null && key == null) {
      return endpoint;
    }
    return endpoint.withTls(ca, cert, key, bool(args.get("tls_verify"), true));
  }

  static Mount mount(Object value) {
    if (!(value instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException("mounts must hold docker.types.Mount objects or dicts, not: " + value);
    }
    Map<String, Object> m = lowerKeys(raw);
    String target = string(first(m, "target", "destination"));
    if (target == null) {
      throw new IllegalArgumentException("a Mount needs a target (the path in the container): " + value);
    }
    String type = string(m.getOrDefault("type", "volume")).toLowerCase(Locale.ROOT);
    Mount mount = new Mount().withTarget(target).withSource(string(m.get("source")));
    mount.withReadOnly(bool(first(m, "read_only", "readonly"), false));
    switch (type) {
      case "bind" -> {
        mount.withType(MountType.BIND);
        Object propagation = m.get("propagation");
        if (propagation != null) {
          mount.withBindOptions(new BindOptions().withPropagation(BindPropagation.valueOf(
              propagation.toString().toUpperCase(Locale.ROOT).replace('-', '_'))));
        }
      }
      case "volume" -> {
        mount.withType(MountType.VOLUME);
        VolumeOptions options = new VolumeOptions();
        boolean any = false;
        if (bool(m.get("no_copy"), false)) {
          options.withNoCopy(true);
          any = true;
        }
        Map<String, String> volumeLabels = stringMap("labels", m.get("labels"));
        if (!volumeLabels.isEmpty()) {
          options.withLabels(volumeLabels);
          any = true;
        }
        Object driver = m.get("driver_config");
        if (driver instanceof Map<?, ?> d) {
          Map<String, Object> dc = lowerKeys(d);
          options.withDriverConfig(new Driver().withName(string(dc.get("name"))).withOptions(stringMap("options", dc.get("options"))));
          any = true;
        }
        if (any) {
          mount.withVolumeOptions(options);
        }
      }
      case "tmpfs" -> {
        mount.withType(MountType.TMPFS);
        TmpfsOptions options = new TmpfsOptions();
        Long size = ByteSizes.parse("tmpfs_size", m.get("tmpfs_size"));
        if (size != null) {
          options.withSizeBytes(size);
        }
        if (m.get("tmpfs_mode") instanceof Number mode) {
          options.withMode(mode.intValue());
        }
        mount.withTmpfsOptions(options);
      }
      case "npipe" -> mount.withType(MountType.NPIPE);
      default -> throw new IllegalArgumentException("Mount type '" + type + "' is not one of bind, volume, tmpfs, npipe");
    }
    return mount;
  }

  static DeviceRequest deviceRequest(Object value) {
    if (!(value instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException("device_requests must hold docker.types.DeviceRequest objects or dicts, not: " + value);
    }
    Map<String, Object> m = lowerKeys(raw);
    DeviceRequest r = new DeviceRequest();
    if (m.get("driver") != null && !m.get("driver").toString().isEmpty()) {
      r.withDriver(m.get("driver").toString());
    }
    Object count = m.get("count");
    r.withCount(count == null ? 0 : ((Number) count).intValue());
    List<String> ids = strings("device_ids", first(m, "device_ids", "deviceids"));
    if (!ids.isEmpty()) {
      r.withDeviceIds(ids);
    }
    List<List<String>> capabilities = new ArrayList<>();
    for (Object group : list("capabilities", m.get("capabilities"))) {
      capabilities.add(strings("capabilities", group));
    }
    if (!capabilities.isEmpty()) {
      r.withCapabilities(capabilities);
    }
    Map<String, String> options = stringMap("options", m.get("options"));
    if (!options.isEmpty()) {
      r.withOptions(options);
    }
    return r;
  }

  static Map<String, String> labels(Object value) {
    if (value instanceof List<?> names) {
      Map<String, String> out = new LinkedHashMap<>();
      names.forEach(n -> out.put(String.valueOf(n), ""));
      return out;
    }
    return stringMap("labels", value);
  }

  private static Set<Integer> exitCodes(Object value) {
    Set<Integer> codes = new LinkedHashSet<>();
    if (value instanceof Number n) {
      codes.add(n.intValue());
    } else if (value instanceof List<?> list) {
      list.forEach(v -> codes.add(((Number) v).intValue()));
    } else if (value != null) {
      throw new IllegalArgumentException("skip_on_exit_code must be an int or a list of ints, not: " + value);
    }
    return codes;
  }

  private static String required(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (v == null || v.toString().isBlank()) {
      throw new IllegalArgumentException("DockerOperator needs " + name);
    }
    return v.toString();
  }

  static Object first(Map<String, Object> m, String... keys) {
    for (String k : keys) {
      if (m.get(k) != null) {
        return m.get(k);
      }
    }
    return null;
  }

  /** docker-py names and Engine API names ({@code Target}, {@code ReadOnly}, {@code DeviceIDs}) alike. */
  static Map<String, Object> lowerKeys(Map<?, ?> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(String.valueOf(k).toLowerCase(Locale.ROOT), v));
    return out;
  }

  static String string(Object v) {
    return v == null ? null : v.toString();
  }

  static boolean bool(Object v, boolean dflt) {
    return v == null ? dflt : v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
  }

  static List<?> list(String name, Object v) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException(name + " must be a list, not: " + v);
  }

  static List<String> strings(String name, Object v) {
    return list(name, v).stream().map(String::valueOf).toList();
  }

  static Map<String, String> stringMap(String name, Object v) {
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(name + " must be a dict, not: " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    return out;
  }
}
