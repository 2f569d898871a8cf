package io.aloft.plugins.kubernetes;

import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.TaskIdentity;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of the cncf.kubernetes provider's {@code KubernetesPodOperator} that Aloft supports, declared for
 * parse-time checks, and the pod they describe. Kubernetes model objects ({@code k8s.V1Volume(...)} and the like)
 * arrive as the Kubernetes API's JSON (camel-case keys), which their Python shims serialize to; they are read into
 * the fabric8 model as the API server would read them.
 */
public final class PodArguments {

  /** The main container's name, as Airflow names it. */
  public static final String BASE_CONTAINER = "base";
  /** The sidecar that keeps the XCom file readable after the main container ended. */
  public static final String XCOM_SIDECAR = "airflow-xcom-sidecar";
  /** Where the main container writes its XCom value, as in Airflow. */
  public static final String XCOM_DIR = "/airflow/xcom";

  /** What Airflow does with the pod at the end. */
  public enum FinishAction {
    DELETE_POD, DELETE_SUCCEEDED_POD, KEEP_POD;

    static FinishAction of(Object value) {
      String name = value == null ? "delete_pod" : value.toString();
      return switch (name) {
        case "delete_pod" -> DELETE_POD;
        case "delete_succeeded_pod" -> DELETE_SUCCEEDED_POD;
        case "keep_pod" -> KEEP_POD;
        default -> throw new IllegalArgumentException(
            "on_finish_action=" + name + " is not one of delete_pod, delete_succeeded_pod, keep_pod");
      };
    }
  }

  public static final List<ArgumentSpec> SPECS = List.of(
      ArgumentSpec.required("image", ArgType.STRING),
      ArgumentSpec.optional("name", ArgType.STRING),
      ArgumentSpec.optional("random_name_suffix", ArgType.BOOL),
      ArgumentSpec.optional("namespace", ArgType.STRING),
      ArgumentSpec.optional("cmds", ArgType.STRING_OR_LIST),
      ArgumentSpec.optional("arguments", ArgType.STRING_OR_LIST),
      ArgumentSpec.optional("env_vars", ArgType.ANY),
      ArgumentSpec.optional("env_from", ArgType.LIST),
      ArgumentSpec.optional("labels", ArgType.MAP),
      ArgumentSpec.optional("annotations", ArgType.MAP),
      ArgumentSpec.optional("container_resources", ArgType.MAP),
      ArgumentSpec.optional("node_selector", ArgType.MAP),
      ArgumentSpec.optional("tolerations", ArgType.LIST),
      ArgumentSpec.optional("volumes", ArgType.LIST),
      ArgumentSpec.optional("volume_mounts", ArgType.LIST),
      ArgumentSpec.optional("affinity", ArgType.MAP),
      ArgumentSpec.optional("ports", ArgType.LIST),
      ArgumentSpec.optional("image_pull_policy", ArgType.STRING),
      ArgumentSpec.optional("image_pull_secrets", ArgType.ANY),
      ArgumentSpec.optional("service_account_name", ArgType.STRING),
      ArgumentSpec.optional("security_context", ArgType.MAP),
      ArgumentSpec.optional("container_security_context", ArgType.MAP),
      ArgumentSpec.optional("hostnetwork", ArgType.BOOL),
      ArgumentSpec.optional("dnspolicy", ArgType.STRING),
      ArgumentSpec.optional("schedulername", ArgType.STRING),
      ArgumentSpec.optional("priority_class_name", ArgType.STRING),
      ArgumentSpec.optional("init_containers", ArgType.LIST),
      ArgumentSpec.optional("termination_grace_period", ArgType.INT),
      ArgumentSpec.optional("active_deadline_seconds", ArgType.INT),
      ArgumentSpec.optional("get_logs", ArgType.BOOL),
      ArgumentSpec.optional("on_finish_action", ArgType.STRING),
      ArgumentSpec.optional("reattach_on_restart", ArgType.BOOL),
      ArgumentSpec.optional("startup_timeout_seconds", ArgType.INT),
      ArgumentSpec.optional("poll_interval", ArgType.FLOAT),
      ArgumentSpec.optional("skip_on_exit_code", ArgType.ANY),
      ArgumentSpec.optional("xcom_sidecar", ArgType.BOOL),
      ArgumentSpec.optional("kubernetes_conn_id", ArgType.STRING),
      ArgumentSpec.optional("config_file", ArgType.STRING),
      ArgumentSpec.optional("cluster_context", ArgType.STRING),
      ArgumentSpec.optional("in_cluster", ArgType.BOOL));

  /** The provider's template fields that Aloft supports. */
  public static final List<String> TEMPLATE_FIELDS = List.of("image", "cmds", "annotations", "arguments", "env_vars",
      "labels", "config_file", "namespace", "container_resources", "volumes", "volume_mounts", "cluster_context",
      "env_from", "node_selector", "kubernetes_conn_id");

  /** Built on first use, not when the daemon reads the descriptor: it loads the whole Kubernetes model. */
  private static final class Json {
    static final KubernetesSerialization MAPPER = new KubernetesSerialization();
  }
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Object> args;

  public PodArguments(Map<String, Object> args) {
    this.args = args;
  }

  public String image() {
    return (String) args.get("image");
  }

  public boolean getLogs() {
    return bool("get_logs", true);
  }

  public boolean xcomSidecar() {
    return bool("xcom_sidecar", false);
  }

  public boolean reattachOnRestart() {
    return bool("reattach_on_restart", true);
  }

  public FinishAction finishAction() {
    return FinishAction.of(args.get("on_finish_action"));
  }

  public int startupTimeoutSeconds() {
    return ((Number) args.getOrDefault("startup_timeout_seconds", 120)).intValue();
  }

  public long pollIntervalMillis() {
    return Math.max(50, Math.round(((Number) args.getOrDefault("poll_interval", 2)).doubleValue() * 1000));
  }

  /** Exit codes of the main container that skip the task instead of failing it. */
  public Set<Integer> skipOnExitCodes() {
    Object value = args.get("skip_on_exit_code");
    if (value == null) {
      return Set.of();
    }
    List<?> codes = value instanceof List<?> l ? l : List.of(value);
    return Set.copyOf(codes.stream().map(c -> ((Number) c).intValue()).toList());
  }

  public String namespaceArg() {
    return (String) args.get("namespace");
  }

  public String string(String name) {
    Object v = args.get(name);
    return v == null ? null : v.toString();
  }

  /**
   * A pod name as the provider makes it: the {@code name} argument (else the task id) made DNS-safe, with a random
   * suffix unless {@code random_name_suffix=False}.
   */
  public String podName(TaskIdentity id) {
    String base = args.get("name") == null ? id.taskId() : args.get("name").toString();
    String safe = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "")
        .replaceAll("[^a-z0-9]+$", "");
    if (safe.isEmpty()) {
      safe = "pod";
    }
    if (!bool("random_name_suffix", true)) {
      return safe.length() > 63 ? safe.substring(0, 63).replaceAll("[^a-z0-9]+$", "") : safe;
    }
    String suffix = randomSuffix();
    int room = 63 - suffix.length() - 1;
    String head = safe.length() > room ? safe.substring(0, room).replaceAll("[^a-z0-9]+$", "") : safe;
    return head + "-" + suffix;
  }

  /** The labels Airflow puts on the pod to find it again, plus the task's own. */
  public Map<String, String> labels(TaskIdentity id) {
    Map<String, String> labels = new LinkedHashMap<>();
    stringMap("labels").forEach((k, v) -> labels.put(k, labelValue(v)));
    labels.put("dag_id", labelValue(id.dagId()));
    labels.put("task_id", labelValue(id.taskId()));
    labels.put("run_id", labelValue(id.runId()));
    labels.put("kubernetes_pod_operator", "True");
    labels.put("try_number", Integer.toString(id.tryNumber()));
    if (id.mapIndex() >= 0) {
      labels.put("map_index", Integer.toString(id.mapIndex()));
    }
    labels.put("aloft", "True");
    return labels;
  }

  /** The pod to create, with the main container {@value #BASE_CONTAINER} and, for XCom, the sidecar. */
  public Pod pod(TaskIdentity id, String name, String namespace, String sidecarImage) {
    List<VolumeMount> mounts = new ArrayList<>(list("volume_mounts", VolumeMount.class));
    List<Volume> volumes = new ArrayList<>(list("volumes", Volume.class));
    if (xcomSidecar()) {
      volumes.add(new VolumeBuilder().withName("xcom").withNewEmptyDir().endEmptyDir().build());
      mounts.add(new VolumeMountBuilder().withName("xcom").withMountPath(XCOM_DIR).build());
    }
    ContainerBuilder base = new ContainerBuilder()
        .withName(BASE_CONTAINER)
        .withImage(image())
        .withCommand(strings("cmds"))
        .withArgs(strings("arguments"))
        .withEnv(env())
        .withEnvFrom(list("env_from", EnvFromSource.class))
        .withVolumeMounts(mounts)
        .withPorts(list("ports", ContainerPort.class))
        .withImagePullPolicy(string("image_pull_policy"))
        .withResources(object("container_resources", ResourceRequirements.class))
        .withSecurityContext(object("container_security_context", SecurityContext.class));
    List<Container> containers = new ArrayList<>(List.of(base.build()));
    if (xcomSidecar()) {
      containers.add(new ContainerBuilder()
          .withName(XCOM_SIDECAR)
          .withImage(sidecarImage)
          .withCommand("sh", "-c", "trap \"exit 0\" INT; while true; do sleep 1; done;")
          .withVolumeMounts(new VolumeMountBuilder().withName("xcom").withMountPath(XCOM_DIR).build())
          .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1m"))
          .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("10Mi")).endResources()
          .build());
    }
    PodSpecBuilder spec = new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withContainers(containers)
        .withInitContainers(list("init_containers", Container.class))
        .withVolumes(volumes)
        .withNodeSelector(stringMap("node_selector"))
        .withTolerations(list("tolerations", Toleration.class))
        .withAffinity(object("affinity", Affinity.class))
        .withServiceAccountName(string("service_account_name"))
        .withSecurityContext(object("security_context", PodSecurityContext.class))
        .withHostNetwork(args.get("hostnetwork") == null ? null : bool("hostnetwork", false))
        .withDnsPolicy(string("dnspolicy"))
        .withSchedulerName(string("schedulername"))
        .withPriorityClassName(string("priority_class_name"))
        .withImagePullSecrets(pullSecrets());
    if (args.get("termination_grace_period") != null) {
      spec.withTerminationGracePeriodSeconds(((Number) args.get("termination_grace_period")).longValue());
    }
    if (args.get("active_deadline_seconds") != null) {
      spec.withActiveDeadlineSeconds(((Number) args.get("active_deadline_seconds")).longValue());
    }
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels(id))
        .withAnnotations(stringMap("annotations")).endMetadata()
        .withSpec(spec.build())
        .build();
  }

  /** {@code env_vars} as a dict of names to values, or a list of {@code V1EnvVar}. */
  private List<EnvVar> env() {
    Object value = args.get("env_vars");
    if (value == null) {
      return List.of();
    }
    if (value instanceof Map<?, ?> map) {
      List<EnvVar> out = new ArrayList<>();
      map.forEach((k, v) -> out.add(new EnvVar(k.toString(), v == null ? null : v.toString(), null)));
      return out;
    }
    if (value instanceof List<?>) {
      return list("env_vars", EnvVar.class);
    }
    throw new IllegalArgumentException("env_vars must be a dict of names to values or a list of k8s.V1EnvVar, not "
        + value.getClass().getSimpleName());
  }

  /** {@code image_pull_secrets}: a comma-separated string of secret names, or a list of V1LocalObjectReference. */
  private List<LocalObjectReference> pullSecrets() {
    Object value = args.get("image_pull_secrets");
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      return java.util.Arrays.stream(s.split(",")).map(String::strip).filter(n -> !n.isEmpty())
          .map(LocalObjectReference::new).toList();
    }
    return list("image_pull_secrets", LocalObjectReference.class);
  }

  private <T> List<T> list(String name, Class<T> type) {
    Object value = args.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw new IllegalArgumentException(name + " must be a list, not " + value.getClass().getSimpleName());
    }
    List<T> out = new ArrayList<>();
    for (Object item : items) {
      out.add(convert(name, item, type));
    }
    return out;
  }

  private <T> T object(String name, Class<T> type) {
    Object value = args.get(name);
    return value == null ? null : convert(name, value, type);
  }

  private static <T> T convert(String name, Object value, Class<T> type) {
    try {
      return Json.MAPPER.convertValue(value, type);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": " + value + " is not a valid Kubernetes " + type.getSimpleName()
          + " (" + e.getMessage() + ")", e);
    }
  }

  private List<String> strings(String name) {
    Object value = args.get(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of(value.toString());
  }

  private Map<String, String> stringMap(String name) {
    Object value = args.get(name);
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(k.toString(), v == null ? "" : v.toString()));
    }
    return out;
  }

  private boolean bool(String name, boolean otherwise) {
    Object v = args.get(name);
    return v == null ? otherwise : (Boolean) v;
  }

  /**
   * A valid label value (at most 63 characters of letters, digits, {@code -_.}, starting and ending with a letter or
   * digit): unchanged when it already is one, else cleaned and ended with a short hash of the original so that two
   * different values stay different, as the provider does.
   */
  static String labelValue(String value) {
    if (value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?")) {
      return value;
    }
    String clean = value.replaceAll("[^-A-Za-z0-9_.]", "").replaceAll("^[^A-Za-z0-9]+", "");
    String hash = sha1(value).substring(0, 9);
    String head = clean.length() > 53 ? clean.substring(0, 53) : clean;
    head = head.replaceAll("[^A-Za-z0-9]+$", "");
    return head.isEmpty() ? hash : head + "-" + hash;
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomSuffix() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
