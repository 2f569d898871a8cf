"""The GPU subgraph's tasks: ``GpuPreflightOperator`` (``gpu_preflight_configuration``: waits until this session
fits on the GPU and returns the ``gpu_pool`` size) and ``GpuPoolSetupOperator`` (``gpu_pool_setup``: sizes
``gpu_pool`` to it). Both belong in ``gpu_preflight_pool``."""

from airflow.models.baseoperator import BaseOperator

__all__ = ["GpuPreflightOperator", "GpuPoolSetupOperator"]


class GpuPreflightOperator(BaseOperator):
    _aloft_java_operator = "GraphGridGpuPreflightOperator"
    template_fields = ("model",)

    def __init__(self, *, model=None, training_task_id="train_model_gpu", **kwargs):
        super().__init__(model=model, training_task_id=training_task_id, **kwargs)


class GpuPoolSetupOperator(BaseOperator):
    _aloft_java_operator = "GraphGridGpuPoolSetupOperator"

    def __init__(self, *, preflight_task_id="gpu_preflight_configuration", **kwargs):
        super().__init__(preflight_task_id=preflight_task_id, **kwargs)
