package io.aloft.plugins.docker;

import static io.aloft.plugins.docker.CommonArguments.bool;
import static io.aloft.plugins.docker.CommonArguments.first;
import static io.aloft.plugins.docker.CommonArguments.list;
import static io.aloft.plugins.docker.CommonArguments.lowerKeys;
import static io.aloft.plugins.docker.CommonArguments.string;
import static io.aloft.plugins.docker.CommonArguments.stringMap;
import static io.aloft.plugins.docker.CommonArguments.strings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Mount;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The arguments of Airflow's {@code DockerSwarmOperator}, declared for parse-time checks and read into the
 * Engine API's {@code ServiceSpec} (as a JSON tree: docker-java's service model has no generic resources,
 * placement preferences or job modes). docker-py's {@code docker.types} objects ({@code Resources},
 * {@code Placement}, {@code ServiceMode}, {@code ConfigReference}, {@code SecretReference},
 * {@code NetworkAttachmentConfig}) arrive as the dicts their Python shims serialize to; the Engine API's own
 * capitalized shapes are accepted too. Stateless.
 */
public final class SwarmArguments {

  /** Arguments that only DockerSwarmOperator takes (Airflow's), besides the DockerOperator ones in {@link #SPECS}. */
  private static final List<ArgumentSpec> OWN =
      List.of(
          ArgumentSpec.optional("args", ArgType.STRING_OR_LIST),
          ArgumentSpec.optional("enable_logging", ArgType.BOOL),
          ArgumentSpec.optional("configs", ArgType.LIST),
          ArgumentSpec.optional("secrets", ArgType.LIST),
          ArgumentSpec.optional("mode", ArgType.ANY),
          ArgumentSpec.optional("networks", ArgType.LIST),
          ArgumentSpec.optional("placement", ArgType.ANY),
          ArgumentSpec.optional("container_resources", ArgType.MAP),
          ArgumentSpec.optional("service_prefix", ArgType.STRING),
          ArgumentSpec.optional("logging_driver", ArgType.STRING),
          ArgumentSpec.optional("logging_driver_opts", ArgType.MAP));

  /**
   * DockerOperator arguments that a Swarm service has no place for (container-only settings); Airflow's
   * DockerSwarmOperator inherits and ignores them too. Accepted, with a warning at run time.
   */
  static final List<String> IGNORED =
      List.of("network_mode", "container_name", "hostname", "working_dir", "privileged", "cap_add", "dns",
          "dns_search", "ipc_mode", "extra_hosts", "shm_size", "cpus", "device_requests", "entrypoint",
          "log_opts_max_size", "log_opts_max_file", "xcom_all", "skip_on_exit_code", "mount_tmp_dir",
          "host_tmp_dir", "api_version", "timeout", "tls_hostname", "tls_ssl_version");

  /** Every argument DockerSwarmOperator takes, besides BaseOperator's. */
  public static final List<ArgumentSpec> SPECS =
      Stream.concat(DockerArguments.SPECS.stream(), OWN.stream()).toList();

  /** Airflow's template fields for DockerSwarmOperator (DockerOperator's). */
  public static final List<String> TEMPLATE_FIELDS = DockerArguments.TEMPLATE_FIELDS;

  private static final List<String> MODES = List.of("replicated", "global", "replicated-job", "global-job");
  private static final List<String> LOG_DRIVERS = List.of("json-file", "gelf");
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private SwarmArguments() {}

  /** What the runner needs besides the spec. */
  public record SwarmOptions(AutoRemove autoRemove, boolean enableLogging, boolean forcePull, String servicePrefix) {}

  public static SwarmOptions options(Map<String, Object> args) {
    if (bool(args.get("retrieve_output"), false)) {
      throw new IllegalArgumentException("retrieve_output is not supported by DockerSwarmOperator in Aloft: the"
          + " service's container may run on another node; write the result to a volume or print it instead");
    }
    String prefix = args.get("service_prefix") == null ? "airflow" : args.get("service_prefix").toString();
    if (!prefix.matches("[a-zA-Z0-9][a-zA-Z0-9-]{0,40}")) {
      throw new IllegalArgumentException("service_prefix='" + prefix + "' is not valid: use up to 41 letters, digits"
          + " and dashes, starting with a letter or digit (Swarm service names are at most 63 characters)");
    }
    return new SwarmOptions(CommonArguments.autoRemove(args), bool(args.get("enable_logging"), true),
        CommonArguments.forcePull(args), prefix);
  }

  /**
   * The Engine API {@code ServiceSpec} for these arguments. {@code image} is what the service runs (the argument,
   * or the local image's digest or ID, see {@link SwarmTaskRunner}); {@code labels} go on the service and its
   * container.
   */
  public static Map<String, Object> serviceSpec(Map<String, Object> args, String name, String image, Map<String, String> labels) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("Image", image);
    container.put("Labels", labels);
    List<String> command = CommonArguments.command(args);
    if (command != null && !command.isEmpty()) {
      container.put("Command", command);
    }
    List<String> cmdArgs = CommandLine.parse("args", args.get("args"));
    if (cmdArgs != null && !cmdArgs.isEmpty()) {
      container.put("Args", cmdArgs);
    }
    Map<String, String> env = new LinkedHashMap<>(CommonArguments.environment(args));
    env.putAll(CommonArguments.privateEnvironment(args));
    // Airflow sets it for the container; Aloft mounts no host folder there (the node may be another machine).
    env.putIfAbsent("AIRFLOW_TMP_DIR", args.getOrDefault("tmp_dir", "/tmp/airflow").toString());
    container.put("Env", env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    putIfSet(container, "User", CommonArguments.user(args));
    if (CommonArguments.tty(args)) {
      container.put("TTY", true);
    }
    List<Object> mounts = new ArrayList<>();
    for (Mount m : CommonArguments.mounts(args)) {
      mounts.add(JSON.convertValue(m, Map.class));
    }
    if (!mounts.isEmpty()) {
      container.put("Mounts", mounts);
    }
    List<Object> configs = references("configs", "Config", args.get("configs"));
    if (!configs.isEmpty()) {
      container.put("Configs", configs);
    }
    List<Object> secrets = references("secrets", "Secret", args.get("secrets"));
    if (!secrets.isEmpty()) {
      container.put("Secrets", secrets);
    }

    Map<String, Object> task = new LinkedHashMap<>();
    task.put("ContainerSpec", container);
    // One run, as Airflow's: a failed container fails the task (Airflow's retries decide), never restarts.
    task.put("RestartPolicy", Map.of("Condition", "none"));
    Map<String, Object> resources = resources(args.get("container_resources"), args.get("mem_limit"));
    if (!resources.isEmpty()) {
      task.put("Resources", resources);
    }
    Map<String, Object> placement = placement(args.get("placement"));
    if (!placement.isEmpty()) {
      task.put("Placement", placement);
    }
    List<Object> networks = networks(args.get("networks"));
    if (!networks.isEmpty()) {
      task.put("Networks", networks);
    }
    Map<String, Object> logDriver = logDriver(args.get("logging_driver"), args.get("logging_driver_opts"));
    if (logDriver != null) {
      task.put("LogDriver", logDriver);
    }

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("Name", name);
    spec.put("Labels", labels);
    spec.put("TaskTemplate", task);
    spec.put("Mode", mode(args.get("mode")));
    return spec;
  }

  /**
   * {@code docker.types.ServiceMode} ({@code {"mode": ..., "replicas": ...}}), a mode name, or the Engine API's
   * shape. A replicated service runs one replica: a task is one run.
   */
  static Map<String, Object> mode(Object value) {
    if (value == null) {
      return Map.of("Replicated", Map.of("Replicas", 1));
    }
    String mode;
    Object replicas = null;
    if (value instanceof String s) {
      mode = s;
    } else if (value instanceof Map<?, ?> raw) {
      Map<String, Object> m = lowerKeys(raw);
      if (m.containsKey("mode")) {
        mode = string(m.get("mode"));
        replicas = m.get("replicas");
      } else if (m.size() == 1) { // Engine API shape: {"Replicated": {"Replicas": 1}}, {"Global": {}}
        String key = m.keySet().iterator().next();
        mode = switch (key) {
          case "replicatedjob" -> "replicated-job";
          case "globaljob" -> "global-job";
          default -> key;
        };
        if (m.get(key) instanceof Map<?, ?> options) {
          replicas = lowerKeys(options).get("replicas");
        }
      } else {
        throw new IllegalArgumentException("mode must be a docker.types.ServiceMode, not: " + value);
      }
    } else {
      throw new IllegalArgumentException("mode must be a docker.types.ServiceMode or a mode name, not: " + value);
    }
    mode = mode.toLowerCase(Locale.ROOT);
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode '" + mode + "' is not one of " + String.join(", ", MODES));
    }
    if (replicas != null && ((Number) replicas).intValue() != 1) {
      throw new IllegalArgumentException("mode with replicas=" + replicas + " is not supported: a DockerSwarmOperator"
          + " task runs one replica (use mode='global' to run one on every node, or several tasks)");
    }
    return switch (mode) {
      case "replicated" -> Map.of("Replicated", Map.of("Replicas", 1));
      case "global" -> Map.of("Global", Map.of());
      case "replicated-job" -> Map.of("ReplicatedJob", Map.of("MaxConcurrent", 1, "TotalCompletions", 1));
      default -> Map.of("GlobalJob", Map.of());
    };
  }

  /**
   * {@code docker.types.Resources}: CPUs in nano-CPUs, memory in bytes (or sizes like {@code "2g"}), and generic
   * resources (GPUs) as docker-py takes them: {@code {"gpu": 2}} (a count: a discrete resource) or
   * {@code {"gpu": "GPU-uuid"}} (a named one), or a list of Engine API entries. Without container_resources,
   * mem_limit is the memory limit, as in Airflow.
   */
  static Map<String, Object> resources(Object value, Object memLimit) {
    Map<String, Object> limits = new LinkedHashMap<>();
    Map<String, Object> reservations = new LinkedHashMap<>();
    if (value == null) {
      putIfSet(limits, "MemoryBytes", ByteSizes.parse("mem_limit", memLimit));
    } else {
      Map<String, Object> r = lowerKeys((Map<?, ?>) value);
      Map<String, Object> engineLimits = r.get("limits") instanceof Map<?, ?> l ? lowerKeys(l) : Map.of();
      Map<String, Object> engineReservations = r.get("reservations") instanceof Map<?, ?> l ? lowerKeys(l) : Map.of();
      putIfSet(limits, "NanoCPUs", nanoCpus(first(r, "cpu_limit"), engineLimits.get("nanocpus")));
      putIfSet(limits, "MemoryBytes", ByteSizes.parse("mem_limit", first(r, "mem_limit", "memory_limit")) != null
          ? ByteSizes.parse("mem_limit", first(r, "mem_limit", "memory_limit"))
          : ByteSizes.parse("mem_limit", engineLimits.get("memorybytes")));
      putIfSet(reservations, "NanoCPUs", nanoCpus(first(r, "cpu_reservation"), engineReservations.get("nanocpus")));
      putIfSet(reservations, "MemoryBytes", ByteSizes.parse("mem_reservation",
          first(r, "mem_reservation", "memory_reservation") != null
              ? first(r, "mem_reservation", "memory_reservation") : engineReservations.get("memorybytes")));
      Object generic = first(r, "generic_resources");
      if (generic == null) {
        generic = engineReservations.get("genericresources");
      }
      List<Object> genericResources = genericResources(generic);
      if (!genericResources.isEmpty()) {
        reservations.put("GenericResources", genericResources);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (!limits.isEmpty()) {
      out.put("Limits", limits);
    }
    if (!reservations.isEmpty()) {
      out.put("Reservations", reservations);
    }
    return out;
  }

  private static Long nanoCpus(Object docker, Object engine) {
    Object v = docker != null ? docker : engine;
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("cpu_limit and cpu_reservation are in nano-CPUs (an int: 1 CPU = 1000000000),"
          + " not: " + v);
    }
    return n.longValue();
  }

  static List<Object> genericResources(Object value) {
    List<Object> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof Map<?, ?> byKind) {
      byKind.forEach((kind, v) -> {
        if (v instanceof Integer || v instanceof Long) {
          Number n = (Number) v;
          out.add(Map.of("DiscreteResourceSpec", Map.of("Kind", kind.toString(), "Value", n.longValue())));
        } else if (v instanceof String s) {
          out.add(Map.of("NamedResourceSpec", Map.of("Kind", kind.toString(), "Value", s)));
        } else {
          throw new IllegalArgumentException("generic_resources['" + kind + "'] must be a count (int) or a resource"
              + " name (str), not: " + v);
        }
      });
      return out;
    }
    for (Object entry : list("generic_resources", value)) {
      if (entry instanceof String s && s.contains("=")) { // "gpu=2" or "gpu=GPU-uuid", as dockerd's config lists them
        String kind = s.substring(0, s.indexOf('='));
        String v = s.substring(s.indexOf('=') + 1);
        out.addAll(genericResources(Map.of(kind, v.matches("\\d+") ? (Object) Long.parseLong(v) : v)));
      } else if (entry instanceof Map<?, ?> m) {
        out.add(m);
      } else {
        throw new IllegalArgumentException("generic_resources entries must be 'kind=value' strings or Engine API"
            + " dicts, not: " + entry);
      }
    }
    return out;
  }

  /** {@code docker.types.Placement}, or (as in Airflow) a list of constraints. */
  static Map<String, Object> placement(Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (value instanceof List<?> constraints) {
      out.put("Constraints", strings("placement", constraints));
      return out;
    }
    if (!(value instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException("placement must be a docker.types.Placement or a list of constraints, not: " + value);
    }
    Map<String, Object> p = lowerKeys(raw);
    List<String> constraints = strings("constraints", p.get("constraints"));
    if (!constraints.isEmpty()) {
      out.put("Constraints", constraints);
    }
    List<Object> preferences = new ArrayList<>();
    for (Object pref : list("preferences", p.get("preferences"))) {
      if (pref instanceof List<?> pair && pair.size() == 2) { // ("spread", "node.labels.zone")
        preferences.add(preference(pair.get(0), pair.get(1)));
      } else if (pref instanceof Map<?, ?> m && lowerKeys(m).containsKey("strategy")) {
        preferences.add(preference(lowerKeys(m).get("strategy"), lowerKeys(m).get("descriptor")));
      } else if (pref instanceof Map<?, ?> m) {
        preferences.add(m);
      } else {
        throw new IllegalArgumentException("placement preferences must be PlacementPreference objects or"
            + " ('spread', descriptor) pairs, not: " + pref);
      }
    }
    if (!preferences.isEmpty()) {
      out.put("Preferences", preferences);
    }
    List<Object> platforms = new ArrayList<>();
    for (Object platform : list("platforms", p.get("platforms"))) {
      if (platform instanceof List<?> pair && pair.size() == 2) { // (architecture, os), docker-py's order
        platforms.add(Map.of("Architecture", String.valueOf(pair.get(0)), "OS", String.valueOf(pair.get(1))));
      } else if (platform instanceof Map<?, ?> m) {
        platforms.add(m);
      } else {
        throw new IllegalArgumentException("placement platforms must be (architecture, os) pairs, not: " + platform);
      }
    }
    if (!platforms.isEmpty()) {
      out.put("Platforms", platforms);
    }
    Object max = first(p, "maxreplicas", "max_replicas");
    if (max != null) {
      out.put("MaxReplicas", ((Number) max).longValue());
    }
    return out;
  }

  private static Map<String, Object> preference(Object strategy, Object descriptor) {
    if (!"spread".equalsIgnoreCase(String.valueOf(strategy))) {
      throw new IllegalArgumentException("placement preference strategy '" + strategy + "' is not supported: Swarm"
          + " only has 'spread'");
    }
    return Map.of("Spread", Map.of("SpreadDescriptor", String.valueOf(descriptor)));
  }

  /** Network names or IDs, or {@code docker.types.NetworkAttachmentConfig} ({@code target}, aliases, options). */
  static List<Object> networks(Object value) {
    List<Object> out = new ArrayList<>();
    for (Object n : list("networks", value)) {
      if (n instanceof String name) {
        out.add(Map.of("Target", name));
      } else if (n instanceof Map<?, ?> raw) {
        Map<String, Object> m = lowerKeys(raw);
        Map<String, Object> attachment = new LinkedHashMap<>();
        String target = string(m.get("target"));
        if (target == null) {
          throw new IllegalArgumentException("a NetworkAttachmentConfig needs a target (network name or ID): " + n);
        }
        attachment.put("Target", target);
        List<String> aliases = strings("aliases", m.get("aliases"));
        if (!aliases.isEmpty()) {
          attachment.put("Aliases", aliases);
        }
        Map<String, String> options = stringMap("options", first(m, "options", "driveropts"));
        if (!options.isEmpty()) {
          attachment.put("DriverOpts", options);
        }
        out.add(attachment);
      } else {
        throw new IllegalArgumentException("networks must hold network names or NetworkAttachmentConfig objects, not: " + n);
      }
    }
    return out;
  }

  /**
   * {@code docker.types.ConfigReference} / {@code SecretReference}: the object's ID and name, and the file it
   * becomes in the container (named after the object unless {@code filename} says, owned by root, mode 0444).
   */
  static List<Object> references(String argument, String kind, Object value) {
    List<Object> out = new ArrayList<>();
    String lower = kind.toLowerCase(Locale.ROOT);
    for (Object ref : list(argument, value)) {
      if (!(ref instanceof Map<?, ?> raw)) {
        throw new IllegalArgumentException(argument + " must hold docker.types." + kind + "Reference objects, not: " + ref);
      }
      Map<String, Object> m = lowerKeys(raw);
      String id = string(m.get(lower + "_id") != null ? m.get(lower + "_id") : m.get(lower + "id"));
      String name = string(m.get(lower + "_name") != null ? m.get(lower + "_name") : m.get(lower + "name"));
      if (id == null || name == null) {
        throw new IllegalArgumentException("a " + kind + "Reference needs " + lower + "_id and " + lower + "_name (see `docker "
            + lower + " ls`): " + ref);
      }
      Map<String, Object> file = new LinkedHashMap<>();
      Map<String, Object> engineFile = m.get("file") instanceof Map<?, ?> f ? lowerKeys(f) : Map.of();
      file.put("Name", string(first(m, "filename")) != null ? string(m.get("filename"))
          : engineFile.get("name") != null ? string(engineFile.get("name")) : name);
      file.put("UID", string(first(m, "uid")) != null ? string(m.get("uid")) : string(engineFile.getOrDefault("uid", "0")));
      file.put("GID", string(first(m, "gid")) != null ? string(m.get("gid")) : string(engineFile.getOrDefault("gid", "0")));
      Object mode = first(m, "mode") != null ? m.get("mode") : engineFile.getOrDefault("mode", 0444);
      file.put("Mode", ((Number) mode).longValue());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put(kind + "ID", id);
      entry.put(kind + "Name", name);
      entry.put("File", file);
      out.add(entry);
    }
    return out;
  }

  /** Airflow's {@code logging_driver}: json-file (the default) or gelf, with its options. */
  static Map<String, Object> logDriver(Object driver, Object options) {
    if (driver == null) {
      return null;
    }
    if (!LOG_DRIVERS.contains(driver.toString())) {
      throw new IllegalArgumentException("Invalid logging driver provided: " + driver + ". Must be one of: ["
          + String.join(", ", LOG_DRIVERS) + "]");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", driver.toString());
    Map<String, String> opts = stringMap("logging_driver_opts", options);
    if (!opts.isEmpty()) {
      out.put("Options", opts);
    }
    return out;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
