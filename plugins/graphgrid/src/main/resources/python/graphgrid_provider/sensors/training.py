"""``GraphGridTrainingRunningSensor``: waits until every ``train_model_gpu`` instance, across all runs, is in a valid
state (running, or no state yet) and every running one has a healthy container. A session its preflight admitted
must be running before the sensor lets another preflight decide; use ``mode="reschedule"`` so the waiting sensor
gives the one ``gpu_preflight_pool`` slot back between pokes."""

from airflow.sensors.base import BaseSensorOperator

__all__ = ["GraphGridTrainingRunningSensor", "GraphgridTrainingRunningSensor"]


class GraphGridTrainingRunningSensor(BaseSensorOperator):
    _aloft_java_operator = "GraphGridTrainingRunningSensor"

    def __init__(self, *, training_task_id="train_model_gpu", training_dag_id=None,
                 preflight_task_id="gpu_preflight_configuration", **kwargs):
        super().__init__(training_task_id=training_task_id, training_dag_id=training_dag_id,
                         preflight_task_id=preflight_task_id, **kwargs)


GraphgridTrainingRunningSensor = GraphGridTrainingRunningSensor
