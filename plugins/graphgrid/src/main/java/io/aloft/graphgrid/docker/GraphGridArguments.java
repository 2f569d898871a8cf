package io.aloft.graphgrid.docker;

import io.aloft.plugins.docker.DockerArguments;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments of {@code GraphGridDockerOperator}: every DockerOperator argument plus the document's {@code gpu},
 * {@code include_credentials}, {@code gpu_label} and {@code gpu_healthcheck} ({@code labels} is DockerOperator's,
 * merged here with the operator's own labels), and Aloft's {@code swarm} (run it as a Docker Swarm service, see
 * {@link GraphGridSwarm}) and {@code kubernetes} with its {@code kubernetes_conn_id} (run it as a Kubernetes pod, see
 * {@link GraphGridKubernetes}).
 */
public final class GraphGridArguments {

  /** DockerOperator's arguments and GraphGrid's. {@code gpu} is templated, so it may arrive as a string. */
  public static final List<ArgumentSpec> SPECS;

  /** The document's template fields. {@code mounts} renders each GraphGridMount's {@code source}. */
  public static final List<String> TEMPLATE_FIELDS =
      List.of("command", "environment", "container_name", "image", "mounts", "gpu");

  static {
    List<ArgumentSpec> specs = new ArrayList<>(DockerArguments.SPECS);
    specs.add(ArgumentSpec.optional("gpu", ArgType.ANY));
    specs.add(ArgumentSpec.optional("include_credentials", ArgType.BOOL));
    specs.add(ArgumentSpec.optional("gpu_label", ArgType.BOOL));
    specs.add(ArgumentSpec.optional("gpu_healthcheck", ArgType.BOOL));
    specs.add(ArgumentSpec.optional("swarm", ArgType.BOOL));
    specs.add(ArgumentSpec.optional("kubernetes", ArgType.BOOL));
    specs.add(ArgumentSpec.optional("kubernetes_conn_id", ArgType.STRING));
    SPECS = List.copyOf(specs);
  }

  private GraphGridArguments() {}

  /** A flag that may have been rendered from a template: {@code True}, {@code "true"}, {@code "1"}... */
  public static boolean flag(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "", "none" -> false;
      default -> throw new IllegalArgumentException(name + " must be True or False, not '" + v + "'");
    };
  }
}
