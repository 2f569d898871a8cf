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


class TaskDeferred(BaseException):
    """Raised by ``BaseOperator.defer``: the try ends and Aloft's triggerer waits on ``trigger``, then the task
    resumes at ``method_name`` with ``kwargs`` and the trigger's event (a BaseException, as Airflow's, so that a
    task's ``except Exception`` does not swallow it)."""

    def __init__(self, *, trigger, method_name, kwargs=None, timeout=None):
        super().__init__()
        self.trigger = trigger
        self.method_name = method_name
        self.kwargs = kwargs
        self.timeout = timeout

    def __repr__(self):
        return "<TaskDeferred trigger=%s method=%s>" % (self.trigger, self.method_name)


class TaskDeferralError(AirflowException):
    """A deferral failed (its trigger could not run)."""


class TaskDeferralTimeout(AirflowException):
    """A deferred task stayed deferred past its timeout."""


class RemovedInAirflow3Warning(DeprecationWarning):
    """Kept so that DAG files filtering this warning still import."""


class AirflowConfigException(AirflowException):
    """A configuration option is missing or has a value of the wrong kind."""


class DagNotFound(AirflowNotFoundException):
    """No DAG has the given id."""


class DagRunAlreadyExists(AirflowException):
    """A run with this id or logical date already exists (TriggerDagRunOperator)."""
