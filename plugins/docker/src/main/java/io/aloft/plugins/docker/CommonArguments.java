package io.aloft.plugins.docker;

import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.VolumeOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the arguments that {@code DockerOperator} and {@code DockerSwarmOperator} share (Airflow's Swarm operator
 * is a DockerOperator): command, environment ({@code env_file}, {@code environment}, {@code private_environment}),
 * mounts, user, tty, labels, {@code auto_remove} and {@code force_pull}, and the value shapes every Docker argument
 * arrives in (the JSON shapes the runtime hands to operator factories). {@link DockerArguments} reads them into a
 * container, {@link SwarmArguments} into a service, so both read each the same way. Stateless.
 */
final class CommonArguments {

  private CommonArguments() {}

  /** {@code command}: a list, or a string split as a shell would; {@code null} when unset. */
  static List<String> command(Map<String, Object> args) {
    return CommandLine.parse("command", args.get("command"));
  }

  /** {@code env_file}'s variables, then {@code environment}'s (which win), in that order. */
  static Map<String, String> environment(Map<String, Object> args) {
    Map<String, String> env = new LinkedHashMap<>();
    Object envFile = args.get("env_file");
    if (envFile != null) {
      env.putAll(EnvFile.parse(envFile.toString()));
    }
    env.putAll(stringMap("environment", args.get("environment")));
    return env;
  }

  /** {@code private_environment}: set like {@link #environment}, but its values are masked in logs. */
  static Map<String, String> privateEnvironment(Map<String, Object> args) {
    return stringMap("private_environment", args.get("private_environment"));
  }

  /** {@code mounts}: {@code docker.types.Mount} objects (as dicts) in the Engine API's model. */
  static List<Mount> mounts(Map<String, Object> args) {
    return list("mounts", args.get("mounts")).stream().map(CommonArguments::mount).toList();
  }

  static String user(Map<String, Object> args) {
    return string(args.get("user"));
  }

  static boolean tty(Map<String, Object> args) {
    return bool(args.get("tty"), false);
  }

  /** {@code labels}: a dict, or a list of names (empty values). */
  static Map<String, String> labels(Map<String, Object> args) {
    return labels(args.get("labels"));
  }

  static AutoRemove autoRemove(Map<String, Object> args) {
    return AutoRemove.parse(args.get("auto_remove"));
  }

  static boolean forcePull(Map<String, Object> args) {
    return bool(args.get("force_pull"), false);
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

  private static Map<String, String> labels(Object value) {
    if (value instanceof List<?> names) {
      Map<String, String> out = new LinkedHashMap<>();
      names.forEach(n -> out.put(String.valueOf(n), ""));
      return out;
    }
    return stringMap("labels", value);
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
