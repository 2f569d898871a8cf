"""The GPU subgraph's tasks: ``GpuPreflightOperator`` (``gpu_preflight_configuration``: waits until this session
fits on the GPU and returns the ``gpu_pool`` size) and ``GpuPoolSetupOperator`` (``gpu_pool_setup``: sizes
``gpu_pool`` to it). Both belong in ``gpu_preflight_pool``. The preflight is a sensor: run it with
``mode="reschedule"`` so that, while it waits, the pool's one slot stays free for admitted runs' pool setup."""

from airflow.models.baseoperator import BaseOperator
from airflow.sensors.base import BaseSensorOperator

__all__ = ["GpuPreflightOperator", "GpuPoolSetupOperator", "GpuCheckOperator"]


class GpuPreflightOperator(BaseSensorOperator):
    _aloft_java_operator = "GraphGridGpuPreflightOperator"
    template_fields = ("model",)

    def __init__(self, *, model=None, training_task_id="train_model_gpu", **kwargs):
        super().__init__(model=model, training_task_id=training_task_id, **kwargs)


class GpuPoolSetupOperator(BaseOperator):
    _aloft_java_operator = "GraphGridGpuPoolSetupOperator"

    def __init__(self, *, preflight_task_id="gpu_preflight_configuration", **kwargs):
        super().__init__(preflight_task_id=preflight_task_id, **kwargs)


class GpuCheckOperator(BaseOperator):
    """The compatibility check of ``aloft gpu check``; returns {"ok": bool, "report": text}."""

    _aloft_java_operator = "GraphGridGpuCheck"
