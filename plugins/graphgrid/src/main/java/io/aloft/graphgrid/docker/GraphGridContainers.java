package io.aloft.graphgrid.docker;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.preflight.MemoryEstimates;
import io.aloft.plugins.docker.ContainerSpec;
import io.aloft.plugins.docker.DockerArguments;
import io.aloft.sdk.TaskIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns a GraphGridDockerOperator's rendered arguments into the container to run: DockerOperator's container plus
 * GraphGrid's labels, the GPU device request, the credentials mount and the GPU healthcheck. Pure code: no Docker,
 * so every rule here has a unit test.
 *
 * <p>In simulated mode ({@code ALOFT_GPU=simulated}) a GPU container gets no device request (the host has no
 * NVIDIA runtime); it trains with {@code --device simulated-gpu} and holds its declared memory on the daemon's
 * simulated GPU instead.
 */
public final class GraphGridContainers {

  /** Label on every GPU container when {@code gpu_label} is set. */
  public static final String GPU_LABEL = "gpu.container";
  /** Label naming the operator that made the container. */
  public static final String OPERATOR_LABEL = "io.aloft.graphgrid.operator";
  /** The trainer writes this file once training runs on its device (see the trainer's device.py). */
  public static final String READY_FILE = "/tmp/aloft-training-ready";
  /** Settings key: host folder of the platform's SDK credentials ({@code ALOFT_GRAPHGRID_CREDENTIALS_DIR}). */
  public static final String CREDENTIALS_DIR_SETTING = "graphgrid_credentials_dir";
  /** Settings key: where the credentials appear in the container. */
  public static final String CREDENTIALS_TARGET_SETTING = "graphgrid_credentials_target";
  public static final String DEFAULT_CREDENTIALS_TARGET = "/etc/graphgrid/credentials";
  /** Environment variable telling the container where its credentials are. */
  public static final String CREDENTIALS_ENV = "GRAPHGRID_CREDENTIALS_DIR";
  /** Environment variables the trainer reads: its device and the GPU memory it declared. */
  public static final String DEVICE_ENV = "ALOFT_TRAINING_DEVICE";
  public static final String MEMORY_ENV = "ALOFT_GPU_MEMORY_MIB";
  /** Environment variable naming the model, for the memory estimate when none is declared. */
  public static final String MODEL_ENV = "ALOFT_MODEL";

  private GraphGridContainers() {}

  /** The plan for one try of a GraphGridDockerOperator, on any GPU. */
  public static ContainerPlan plan(Map<String, Object> args, Map<String, String> settings, TaskIdentity id) {
    return plan(args, settings, id, java.util.OptionalInt.empty());
  }

  /** The plan for one try, its GPU container pinned to {@code device} when the preflight placed it. */
  public static ContainerPlan plan(Map<String, Object> args, Map<String, String> settings, TaskIdentity id,
                                   java.util.OptionalInt device) {
    ContainerSpec.Builder b = DockerArguments.containerSpec(args);
    ContainerSpec base = b.build();
    List<String> notes = new ArrayList<>();
    boolean gpu = GraphGridArguments.flag(args, "gpu");
    boolean simulated = gpu && GpuProbes.simulated(settings);
    OptionalLong simulatedMiB = OptionalLong.empty();

    // The operator's own labels go last: a DAG's labels are kept, but cannot drop or fake these.
    b.label(OPERATOR_LABEL, "GraphGridDockerOperator");
    if (gpu && GraphGridArguments.flag(args, "gpu_label")) {
      b.label(GPU_LABEL, "true");
    }
    if (gpu) {
      long mib = declaredMiB(base.environment(), settings);
      if (!base.environment().containsKey(DEVICE_ENV)) {
        b.env(DEVICE_ENV, simulated ? "simulated-gpu" : "gpu");
      }
      if (!base.environment().containsKey(MEMORY_ENV)) {
        b.env(MEMORY_ENV, Long.toString(mib));
      }
      if (simulated) {
        simulatedMiB = OptionalLong.of(mib);
        notes.add("simulated GPU (ALOFT_GPU=simulated): running the container without a GPU device request;"
            + " it holds " + mib + " MiB on the simulated GPU " + GpuProbes.simulatedGpu(settings).describe()
            + " while it runs");
      } else {
        if (device.isPresent()) {
          b.deviceRequest(gpuRequest(device.getAsInt()));
          notes.add("GPU passthrough: pinned to GPU " + device.getAsInt() + " where the preflight reserved "
              + mib + " MiB (device_ids [" + device.getAsInt() + "])");
        } else {
          b.deviceRequest(gpuRequest());
          notes.add("GPU passthrough: device request for all GPUs (count -1, capabilities [[gpu]])");
        }
      }
    }
    if (gpu && GraphGridArguments.flag(args, "gpu_healthcheck")) {
      b.healthcheck(gpuHealthcheck(simulated));
    }
    if (GraphGridArguments.flag(args, "include_credentials")) {
      String target = settings.getOrDefault(CREDENTIALS_TARGET_SETTING, DEFAULT_CREDENTIALS_TARGET);
      b.mount(new Mount().withType(MountType.BIND).withSource(credentialsDir(settings).toString())
          .withTarget(target).withReadOnly(true));
      b.env(CREDENTIALS_ENV, target);
      notes.add("SDK credentials mounted read-only at " + target);
    }
    return new ContainerPlan(b.build(), simulatedMiB, notes);
  }

  /** Docker's {@code --gpus all}. */
  public static DeviceRequest gpuRequest() {
    return new DeviceRequest().withDriver("").withCount(-1).withCapabilities(List.of(List.of("gpu")));
  }

  /** Docker's {@code --gpus device=N}: one device, by index. */
  public static DeviceRequest gpuRequest(int device) {
    return new DeviceRequest().withDriver("").withDeviceIds(List.of(Integer.toString(device)))
        .withCapabilities(List.of(List.of("gpu")));
  }

  /**
   * Healthy once this container's training process is on its device: the trainer writes {@link #READY_FILE} right
   * after it took its GPU memory; on a real GPU, nvidia-smi must also list a compute process in this container
   * (only the container's own processes are visible to it).
   */
  static HealthCheck gpuHealthcheck(boolean simulated) {
    String test = simulated
        ? "test -f " + READY_FILE
        : "test -f " + READY_FILE + " && nvidia-smi --query-compute-apps=pid --format=csv,noheader | grep -q .";
    return new HealthCheck()
        .withTest(List.of("CMD-SHELL", test))
        .withInterval(Duration.ofSeconds(2).toNanos())
        .withTimeout(Duration.ofSeconds(10).toNanos())
        .withStartPeriod(Duration.ofSeconds(5).toNanos())
        .withRetries(3);
  }

  /** The host folder of the credentials: the setting, else {@code <home>/credentials}. */
  static Path credentialsDir(Map<String, String> settings) {
    String dir = settings.get(CREDENTIALS_DIR_SETTING);
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir).toAbsolutePath();
    }
    return Homes.home(settings).resolve("credentials");
  }

  /** The memory the container declared ({@value #MEMORY_ENV}), else the estimate for its model. */
  static long declaredMiB(Map<String, String> environment, Map<String, String> settings) {
    String declared = environment.getOrDefault(MEMORY_ENV, "").strip();
    if (!declared.isEmpty()) {
      try {
        long mib = Long.parseLong(declared);
        if (mib > 0) {
          return mib;
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(MEMORY_ENV + " must be a number of MiB, not '" + declared + "'", e);
      }
    }
    return MemoryEstimates.fromSettings(settings).mibFor(environment.getOrDefault(MODEL_ENV, ""));
  }
}
