"""Names DAG files import from ``airflow.models`` for type hints and helpers, resolved on first use."""

from airflow.sdk._exceptions import AirflowException


class DagBag:
    """Importable for type hints; Aloft's DAG processor, not a DagBag, collects DAGs, so making one fails."""

    def __init__(self, *args, **kwargs):
        raise AirflowException("DagBag is not available inside Aloft: the daemon collects DAG files itself "
                               "(`aloft dags list` shows them)")
