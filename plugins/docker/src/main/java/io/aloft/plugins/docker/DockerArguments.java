package io.aloft.plugins.docker;

import static io.aloft.plugins.docker.CommonArguments.bool;
import static io.aloft.plugins.docker.CommonArguments.first;
import static io.aloft.plugins.docker.CommonArguments.list;
import static io.aloft.plugins.docker.CommonArguments.lowerKeys;
import static io.aloft.plugins.docker.CommonArguments.string;
import static io.aloft.plugins.docker.CommonArguments.stringMap;
import static io.aloft.plugins.docker.CommonArguments.strings;

import com.github.dockerjava.api.model.DeviceRequest;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of Airflow's {@code DockerOperator}, declared for parse-time checks and read into a
 * {@link ContainerSpec}, {@link RunOptions} and {@link DockerEndpoint}. Values are the JSON shapes the
 * runtime hands to operator factories; {@code Mount} and {@code DeviceRequest} objects arrive as the dicts
 * their Python shims serialize to (docker-py's constructor names, or the Engine API's capitalized ones). The
 * arguments DockerSwarmOperator takes too are read by {@link CommonArguments}. Stateless.
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
    b.command(CommonArguments.command(args));
    b.entrypoint(CommandLine.parse("entrypoint", args.get("entrypoint")));
    b.environment(CommonArguments.environment(args));
    b.privateEnvironment(CommonArguments.privateEnvironment(args));
    CommonArguments.mounts(args).forEach(b::mount);
    for (Object d : list("device_requests", args.get("device_requests"))) {
      b.deviceRequest(deviceRequest(d));
    }
    b.labels(CommonArguments.labels(args));
    b.containerName(string(args.get("container_name")));
    b.hostname(string(args.get("hostname")));
    b.user(CommonArguments.user(args));
    b.workingDir(string(args.get("working_dir")));
    b.tty(CommonArguments.tty(args));
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
        CommonArguments.autoRemove(args),
        bool(args.get("xcom_all"), false),
        retrieve ? retrievePath : null,
        exitCodes(args.get("skip_on_exit_code")),
        bool(args.get("mount_tmp_dir"), true) ? (String) args.getOrDefault("tmp_dir", "/tmp/airflow") : null,
        hostTmp == null ? null : Path.of(hostTmp),
        CommonArguments.forcePull(args));
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
}
