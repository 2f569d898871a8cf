"""GraphGrid's NLP model training pipeline: trains the requested model in Docker containers, on the CPU or, through
the GPU concurrency manager, on the GPU; stores the model, scores it and records it in the model registry.

Trigger it with a request body (the run's conf), e.g.
    {"model": "named_entity_recognition",
     "datasets": {"sdk": {"train": "sample/sample.jsonl", "eval": null}},
     "gpu": false}
Dataset paths are relative to the dataset store (ALOFT_DATASETS_DIR, default <ALOFT_HOME>/datasets; the shipped
sample is installed there when it is empty). Models go to ALOFT_MODELS_DIR (default <ALOFT_HOME>/models).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.utils.trigger_rule import TriggerRule
from graphgrid_provider.operators.gpu import GpuPoolSetupOperator, GpuPreflightOperator
from graphgrid_provider.operators.graphgrid_docker import GraphGridDockerOperator, GraphGridMount
from graphgrid_provider.operators.nlp import (
    CheckDagSuccessOperator,
    CheckRequestBodyOperator,
    CleanupOperator,
    CreateSessionVolumeOperator,
    DeleteVolumeOperator,
    DetermineCpuOrGpuOperator,
    RetrieveResourcesOperator,
    SaveModelOperator,
    UpdateModelRegistryOperator,
)
from graphgrid_provider.sensors.training import GraphGridTrainingRunningSensor

TRAINER_IMAGE = "aloft/nlp-trainer:latest"
REQUEST = "ti.xcom_pull(task_ids='check_request_body')"
MODEL = "{{ " + REQUEST + "['model'] }}"
DATASETS = "{{ " + REQUEST + "['datasets'] | tojson }}"
SESSION_MIB = "{{ ti.xcom_pull(task_ids='gpu_preflight_configuration', key='session_mib') }}"
PREFLIGHT_POOL = "gpu_preflight_pool"


def session_mount():
    # One volume per run, named by create_unique_session_path; rendered before each container is created.
    return GraphGridMount(target="/session", source="{{ ti.xcom_pull(task_ids='create_unique_session_path') }}",
                          type="volume")


def trainer(task_id, command, metrics, environment=None, **kwargs):
    return GraphGridDockerOperator(
        task_id=task_id,
        image=TRAINER_IMAGE,
        command=command,
        mounts=[session_mount()],
        labels={"io.graphgrid.pipeline": "nlp_model_training", "io.graphgrid.step": task_id},
        environment={"ALOFT_MODEL": MODEL, **(environment or {})},
        retrieve_output=True,
        retrieve_output_path="/session/metrics/" + metrics,
        mount_tmp_dir=False,
        auto_remove="success",
        **kwargs,
    )


with DAG(
    dag_id="nlp_model_training",
    description="Train a GraphGrid NLP model in Docker, on CPU or GPU",
    start_date=datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
    max_active_runs=16,
    default_args={"owner": "graphgrid", "retries": 0},
    tags=["graphgrid", "nlp"],
) as dag:
    check_request_body = CheckRequestBodyOperator(task_id="check_request_body")
    create_unique_session_path = CreateSessionVolumeOperator(task_id="create_unique_session_path")
    retrieve_resources = RetrieveResourcesOperator(task_id="retrieve_resources")
    determine_cpu_or_gpu = DetermineCpuOrGpuOperator(task_id="determine_cpu_or_gpu")

    # Reschedule mode: while it waits for admitted sessions to take off, the one preflight slot stays free for their
    # gpu_pool_setup. Pool setup outranks new sensors and preflights for that slot: the sensor and the preflight weigh
    # "absolute" 1, since under the default "downstream" rule they would add pool setup's 100 to their own and
    # outrank it, and two other runs' sensors poking in turn would keep the one slot from it for ever.
    gpu_training_sensor = GraphGridTrainingRunningSensor(
        task_id="gpu_training_sensor", pool=PREFLIGHT_POOL, poke_interval=2, timeout=8 * 3600, mode="reschedule",
        weight_rule="absolute")
    # Re-checks until this session fits; gives up after gpu_preflight_limit (8 h) with what it saw.
    gpu_preflight_configuration = GpuPreflightOperator(
        task_id="gpu_preflight_configuration", pool=PREFLIGHT_POOL, model=MODEL, mode="reschedule", poke_interval=5,
        timeout=9 * 3600, weight_rule="absolute")
    gpu_pool_setup = GpuPoolSetupOperator(task_id="gpu_pool_setup", pool=PREFLIGHT_POOL, priority_weight=100)
    train_model_gpu = trainer(
        "train_model_gpu", ["train", "--model", MODEL, "--datasets", DATASETS], "train.json",
        environment={"ALOFT_GPU_MEMORY_MIB": SESSION_MIB},
        pool="gpu_pool", gpu=True, gpu_label=True, gpu_healthcheck=True, execution_timeout=timedelta(hours=12))
    train_model_cpu = trainer(
        "train_model_cpu", ["train", "--model", MODEL, "--datasets", DATASETS, "--device", "cpu"], "train.json",
        execution_timeout=timedelta(hours=12))

    save_model = SaveModelOperator(task_id="save_model", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    eval_model = trainer("eval_model", ["eval", "--artifact", "model/" + MODEL + ".json"], "eval.json")
    update_model_metadata_registry = UpdateModelRegistryOperator(task_id="update_model_metadata_registry")
    cleanup = CleanupOperator(task_id="cleanup", trigger_rule=TriggerRule.ALL_DONE)
    delete_volume = DeleteVolumeOperator(task_id="delete_volume", trigger_rule=TriggerRule.ALL_DONE)
    check_dag_success = CheckDagSuccessOperator(
        task_id="check_DAG_success",
        trigger_rule=TriggerRule.ALL_DONE,
        task_ids=[
            "check_request_body", "create_unique_session_path", "retrieve_resources", "determine_cpu_or_gpu",
            "gpu_training_sensor", "gpu_preflight_configuration", "gpu_pool_setup", "train_model_gpu",
            "train_model_cpu", "save_model", "eval_model", "update_model_metadata_registry", "cleanup",
            "delete_volume",
        ],
    )

    check_request_body >> create_unique_session_path >> retrieve_resources >> determine_cpu_or_gpu
    determine_cpu_or_gpu >> gpu_training_sensor >> gpu_preflight_configuration >> gpu_pool_setup >> train_model_gpu
    determine_cpu_or_gpu >> train_model_cpu
    [train_model_gpu, train_model_cpu] >> save_model >> eval_model >> update_model_metadata_registry
    update_model_metadata_registry >> cleanup >> delete_volume >> check_dag_success
