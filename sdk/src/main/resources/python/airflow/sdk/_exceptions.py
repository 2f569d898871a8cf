"""Airflow's exception types. The task runner maps them to outcomes: skip, fail without retry, fail."""


class AirflowException(Exception):
    """Base of Airflow's errors; a task raising it fails (and retries if it has retries left)."""


class AirflowSkipException(AirflowException):
    """Raised in a task: the task ends as skipped."""


class AirflowFailException(AirflowException):
    """Raised in a task: the task fails and is not retried."""


class AirflowSensorTimeout(AirflowException):
    """A sensor ran out of time: the task fails and is not retried."""


class AirflowTaskTimeout(AirflowException):
    """The task ran past its execution_timeout."""


class AirflowNotFoundException(AirflowException):
    """Something (a connection, a variable) does not exist."""


class AirflowDagCycleException(AirflowException):
    """The DAG's dependencies form a cycle."""


class DuplicateTaskIdFound(AirflowException):
    """Two tasks (or task groups) in one DAG share an id."""


class ParamValidationError(AirflowException):
    """A param's value does not fit its schema."""


class TaskDeferred(AirflowException):
    """Deferrable operators are not supported by Aloft; raising this fails the task."""


class RemovedInAirflow3Warning(DeprecationWarning):
    """Kept so that DAG files filtering this warning still import."""


class AirflowConfigException(AirflowException):
    """A configuration option is missing or has a value of the wrong kind."""


class DagNotFound(AirflowNotFoundException):
    """No DAG has the given id."""


class DagRunAlreadyExists(AirflowException):
    """A run with this id or logical date already exists (TriggerDagRunOperator)."""
