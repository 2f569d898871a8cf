package io.aloft.graphgrid;

import io.aloft.graphgrid.check.GpuCheckOperator;
import io.aloft.graphgrid.docker.DockerTrainingContainers;
import io.aloft.graphgrid.docker.GraphGridArguments;
import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.graphgrid.docker.TrainingContainers;
import io.aloft.graphgrid.nlp.CheckDagSuccessOperator;
import io.aloft.graphgrid.nlp.CheckRequestBodyOperator;
import io.aloft.graphgrid.nlp.CleanupOperator;
import io.aloft.graphgrid.nlp.CreateSessionVolumeOperator;
import io.aloft.graphgrid.nlp.DeleteVolumeOperator;
import io.aloft.graphgrid.nlp.DetermineCpuOrGpuOperator;
import io.aloft.graphgrid.nlp.RetrieveResourcesOperator;
import io.aloft.graphgrid.nlp.SaveModelOperator;
import io.aloft.graphgrid.nlp.UpdateModelRegistryOperator;
import io.aloft.graphgrid.preflight.GpuPoolSetupOperator;
import io.aloft.graphgrid.preflight.GpuPreflightOperator;
import io.aloft.graphgrid.sensor.TrainingRunningSensor;
import io.aloft.plugins.docker.DockerClients;
import io.aloft.plugins.docker.DockerEndpoint;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.Operator;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import io.aloft.sdk.SettingSpec;
import io.aloft.sdk.SettingSpec.Type;
import io.aloft.sdk.TaskContext;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.pf4j.Extension;

/**
 * The GraphGrid provider: {@code GraphGridDockerOperator} (and its document spelling {@code GraphgridDockerOperator}),
 * {@code GraphGridTrainingRunningSensor}, the GPU preflight and pool setup, and the other steps of
 * {@code nlp_model_training}, under {@code graphgrid_provider.*} import paths with the shim in {@code python/}.
 */
@Extension
public final class GraphGridProvider implements OperatorProvider {

  static final String SHIM = "python";
  /** The operator behind {@code aloft gpu check}: returns {@code {"ok": bool, "report": text}}. */
  public static final String GPU_CHECK = "GraphGridGpuCheck";
  private static final String OPS = "graphgrid_provider.operators.";

  /** Containers of the engine the task's settings name. */
  static final Function<TaskContext, TrainingContainers> CONTAINERS =
      ctx -> new DockerTrainingContainers(DockerClients.get(DockerEndpoint.resolve(null, ctx.settings())));

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.of(io.aloft.graphgrid.gpu.GpuProbes.GPU, Type.STRING, null,
            "GPU probe: simulated, or unset for nvidia-smi"),
        SettingSpec.of(io.aloft.graphgrid.gpu.GpuProbes.GPU_SIMULATED, Type.STRING,
            io.aloft.graphgrid.gpu.GpuProbes.DEFAULT_SIMULATED, "simulated GPUs as COUNTxMIB (with gpu=simulated)"),
        SettingSpec.of(io.aloft.graphgrid.gpu.GpuNodes.NODE, Type.STRING, null,
            "this machine's name for GPU admission across machines (default: the host name)"),
        SettingSpec.of(io.aloft.graphgrid.preflight.NodeAdmission.STALE_SETTING, Type.DURATION, "2m",
            "a node's GPU reading older than this is not admitted onto"),
        SettingSpec.of(io.aloft.graphgrid.preflight.NodePublisher.INTERVAL_SETTING, Type.DURATION, "30s",
            "how often a machine that runs tasks (worker, standalone) records its GPU reading"),
        SettingSpec.of(io.aloft.graphgrid.preflight.PreflightWaitPolicy.INTERVAL_SETTING, Type.DURATION, "30s",
            "how long gpu_preflight_configuration sleeps between checks"),
        SettingSpec.of(io.aloft.graphgrid.preflight.PreflightWaitPolicy.LIMIT_SETTING, Type.DURATION, "8h",
            "how long gpu_preflight_configuration waits for room before it fails"),
        SettingSpec.of(io.aloft.graphgrid.preflight.GpuPreflight.MARGIN_SETTING, Type.INT, "1024",
            "GPU memory (MiB) kept free beside the admitted sessions"),
        SettingSpec.of(io.aloft.graphgrid.preflight.MemoryEstimates.SETTING, Type.STRING, null,
            "per-model GPU memory overrides, model=MiB separated by commas"),
        SettingSpec.of(io.aloft.graphgrid.preflight.PreflightWaitPolicy.EVENT_WAIT_SETTING, Type.DURATION, "3s",
            "how long a preflight that does not fit waits for a GPU session to end before it gives its slot back"),
        SettingSpec.of(io.aloft.graphgrid.preflight.AdmissionQueue.HOLD_AFTER_SETTING, Type.DURATION, "60m",
            "after this wait a large waiting session's memory is held and later arrivals queue behind it"),
        SettingSpec.of(io.aloft.graphgrid.peaks.PeakEstimator.MIN_SAMPLES_SETTING, Type.POSITIVE_INT, "3",
            "observed peaks of a model before its reservation is a percentile of them"),
        SettingSpec.of(io.aloft.graphgrid.peaks.PeakEstimator.PERCENTILE_SETTING, Type.STRING, "0.95",
            "the percentile of a model's observed peaks it reserves"),
        SettingSpec.of(io.aloft.graphgrid.peaks.PeakEstimator.MARGIN_SETTING, Type.STRING, "0.05",
            "the fraction added to a learned reservation"),
        SettingSpec.of(io.aloft.graphgrid.peaks.PeakEstimator.OOM_RAISE_SETTING, Type.STRING, "1.5",
            "the factor a GPU out-of-memory raises a model's reservation by"),
        SettingSpec.of(io.aloft.graphgrid.docker.GpuOutOfMemory.RETRIES_SETTING, Type.INT, "2",
            "retries of a training that died of GPU out-of-memory"),
        SettingSpec.of(io.aloft.graphgrid.docker.GraphGridSwarm.RESOURCE_SETTING, Type.STRING,
            io.aloft.graphgrid.docker.GraphGridSwarm.DEFAULT_RESOURCE,
            "the generic resource a swarm=True GPU training service asks one of (node-generic-resources)"),
        SettingSpec.of(io.aloft.graphgrid.docker.GraphGridKubernetes.RESOURCE_SETTING, Type.STRING,
            io.aloft.graphgrid.docker.GraphGridKubernetes.DEFAULT_RESOURCE,
            "the GPU resource a kubernetes=True training pod asks one of (NVIDIA's device plugin: nvidia.com/gpu)"),
        SettingSpec.of(io.aloft.graphgrid.docker.GraphGridKubernetes.STARTUP_SETTING, Type.DURATION, "10m",
            "how long a kubernetes=True training pod may take to start (image pull included)"),
        SettingSpec.of("datasets_dir", Type.PATH, "<home>/datasets", "where training datasets are read"),
        SettingSpec.of("models_dir", Type.PATH, "<home>/models", "where trained models are saved"),
        SettingSpec.of(io.aloft.graphgrid.docker.GraphGridContainers.CREDENTIALS_DIR_SETTING, Type.PATH, null,
            "host folder of GraphGrid credentials mounted into training containers"),
        SettingSpec.of(io.aloft.graphgrid.docker.GraphGridContainers.CREDENTIALS_TARGET_SETTING, Type.STRING,
            io.aloft.graphgrid.docker.GraphGridContainers.DEFAULT_CREDENTIALS_TARGET,
            "where the credentials folder is mounted inside the container"),
        SettingSpec.of("trainer_image", Type.STRING, "aloft/nlp-trainer:latest", "the NLP trainer image (build script)"),
        SettingSpec.of("python_base", Type.STRING, "aloft/python:bookworm", "the trainer image's base image (build script)"));
  }

  @Override
  public List<OperatorDescriptor> operators() {
    return List.of(
        OperatorDescriptor.builder("GraphGridDockerOperator")
            .pythonPath(OPS + "graphgrid_docker.GraphGridDockerOperator")
            .pythonPath(OPS + "graphgrid_docker.GraphgridDockerOperator")
            .arguments(GraphGridArguments.SPECS)
            .templated(GraphGridArguments.TEMPLATE_FIELDS.toArray(String[]::new))
            .secret("private_environment")
            .pythonShimRoot(SHIM)
            .factory(GraphGridDockerOperator::new)
            .build(),
        OperatorDescriptor.builder("GraphGridTrainingRunningSensor")
            .pythonPath("graphgrid_provider.sensors.training.GraphGridTrainingRunningSensor")
            .pythonPath("graphgrid_provider.sensors.training.GraphgridTrainingRunningSensor")
            .argument(ArgumentSpec.optional("training_task_id", ArgType.STRING))
            .argument(ArgumentSpec.optional("training_dag_id", ArgType.STRING))
            .argument(ArgumentSpec.optional("preflight_task_id", ArgType.STRING))
            .pythonShimRoot(SHIM)
            .factory(args -> new TrainingRunningSensor(args, CONTAINERS))
            .build(),
        OperatorDescriptor.builder("GraphGridGpuPreflightOperator")
            .pythonPath(OPS + "gpu.GpuPreflightOperator")
            .argument(ArgumentSpec.optional("model", ArgType.STRING))
            .argument(ArgumentSpec.optional("training_task_id", ArgType.STRING))
            .templated("model")
            .pythonShimRoot(SHIM)
            .factory(args -> new GpuPreflightOperator(args, CONTAINERS))
            .build(),
        OperatorDescriptor.builder(GPU_CHECK)
            .pythonPath(OPS + "gpu.GpuCheckOperator")
            .pythonShimRoot(SHIM)
            .factory(args -> new GpuCheckOperator())
            .build(),
        OperatorDescriptor.builder("GraphGridGpuPoolSetupOperator")
            .pythonPath(OPS + "gpu.GpuPoolSetupOperator")
            .argument(ArgumentSpec.optional("preflight_task_id", ArgType.STRING))
            .pythonShimRoot(SHIM)
            .factory(GpuPoolSetupOperator::new)
            .build(),
        simple("CheckRequestBodyOperator", CheckRequestBodyOperator::new),
        simple("CreateSessionVolumeOperator", CreateSessionVolumeOperator::new),
        simple("RetrieveResourcesOperator", RetrieveResourcesOperator::new),
        OperatorDescriptor.builder("GraphGridDetermineCpuOrGpuOperator")
            .pythonPath(OPS + "nlp.DetermineCpuOrGpuOperator")
            .argument(ArgumentSpec.optional("gpu_task_id", ArgType.STRING))
            .argument(ArgumentSpec.optional("cpu_task_id", ArgType.STRING))
            .pythonShimRoot(SHIM)
            .factory(DetermineCpuOrGpuOperator::new)
            .build(),
        simple("SaveModelOperator", SaveModelOperator::new),
        simple("UpdateModelRegistryOperator", UpdateModelRegistryOperator::new),
        simple("CleanupOperator", CleanupOperator::new),
        simple("DeleteVolumeOperator", DeleteVolumeOperator::new),
        OperatorDescriptor.builder("GraphGridCheckDagSuccessOperator")
            .pythonPath(OPS + "nlp.CheckDagSuccessOperator")
            .argument(ArgumentSpec.optional("task_ids", ArgType.LIST))
            .pythonShimRoot(SHIM)
            .factory(CheckDagSuccessOperator::new)
            .build());
  }

  /** A step without arguments: descriptor {@code GraphGrid<Class>}, Python class {@code graphgrid_provider.operators.nlp.<Class>}. */
  private static OperatorDescriptor simple(String className, Supplier<Operator> operator) {
    return OperatorDescriptor.builder("GraphGrid" + className)
        .pythonPath(OPS + "nlp." + className)
        .pythonShimRoot(SHIM)
        .factory(args -> operator.get())
        .build();
  }
}
