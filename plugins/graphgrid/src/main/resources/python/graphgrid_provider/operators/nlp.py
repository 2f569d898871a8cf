"""The ``nlp_model_training`` steps that are not containers: request check, session volume, datasets, branch,
model store, registry, cleanup and the final check. Each is run by the ``graphgrid`` plugin in Java."""

from airflow.models.baseoperator import BaseOperator

__all__ = [
    "CheckRequestBodyOperator", "CreateSessionVolumeOperator", "RetrieveResourcesOperator",
    "DetermineCpuOrGpuOperator", "SaveModelOperator", "UpdateModelRegistryOperator", "CleanupOperator",
    "DeleteVolumeOperator", "CheckDagSuccessOperator",
]


def _step(name, doc):
    return type(name, (BaseOperator,), {"_aloft_java_operator": "GraphGrid" + name, "__doc__": doc})


CheckRequestBodyOperator = _step("CheckRequestBodyOperator", "Checks the run's request body; returns it checked.")
CreateSessionVolumeOperator = _step("CreateSessionVolumeOperator", "Creates the run's Docker volume.")
RetrieveResourcesOperator = _step("RetrieveResourcesOperator", "Copies the datasets into the volume.")
SaveModelOperator = _step("SaveModelOperator", "Copies the trained model into the model store.")
UpdateModelRegistryOperator = _step("UpdateModelRegistryOperator", "Writes the model registry row.")
CleanupOperator = _step("CleanupOperator", "Removes the run's containers and GPU reservations.")
DeleteVolumeOperator = _step("DeleteVolumeOperator", "Removes the run's Docker volume.")


class DetermineCpuOrGpuOperator(BaseOperator):
    """Branches to the GPU subgraph when a GPU is requested and present, else to CPU training."""

    _aloft_java_operator = "GraphGridDetermineCpuOrGpuOperator"

    def __init__(self, *, gpu_task_id="gpu_training_sensor", cpu_task_id="train_model_cpu", **kwargs):
        super().__init__(gpu_task_id=gpu_task_id, cpu_task_id=cpu_task_id, **kwargs)


class CheckDagSuccessOperator(BaseOperator):
    """Fails when any of ``task_ids`` failed in this run (run it with trigger_rule all_done)."""

    _aloft_java_operator = "GraphGridCheckDagSuccessOperator"

    def __init__(self, *, task_ids=None, **kwargs):
        super().__init__(task_ids=list(task_ids) if task_ids is not None else None, **kwargs)
