"""``GraphGridTrainingRunningSensor``: waits until every ``train_model_gpu`` instance, across all runs, is in a valid
state (running, or no state yet) and every running one has a healthy container."""

from airflow.sensors.base import BaseSensorOperator

__all__ = ["GraphGridTrainingRunningSensor", "GraphgridTrainingRunningSensor"]


class GraphGridTrainingRunningSensor(BaseSensorOperator):
    _aloft_java_operator = "GraphGridTrainingRunningSensor"

    def __init__(self, *, training_task_id="train_model_gpu", training_dag_id=None, **kwargs):
        super().__init__(training_task_id=training_task_id, training_dag_id=training_dag_id, **kwargs)


GraphgridTrainingRunningSensor = GraphGridTrainingRunningSensor
