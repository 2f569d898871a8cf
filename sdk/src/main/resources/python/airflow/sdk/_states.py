"""``airflow.utils.state``: the task-instance and DAG-run states, as Airflow 2.10 names them."""

import enum


class TaskInstanceState(str, enum.Enum):
    REMOVED = "removed"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    RESTARTING = "restarting"
    FAILED = "failed"
    UP_FOR_RETRY = "up_for_retry"
    UP_FOR_RESCHEDULE = "up_for_reschedule"
    UPSTREAM_FAILED = "upstream_failed"
    SKIPPED = "skipped"
    DEFERRED = "deferred"

    def __str__(self):
        return self.value


class DagRunState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"

    def __str__(self):
        return self.value


class State:
    """The old constants class: ``State.SUCCESS``, ``State.finished``, ..."""

    NONE = None
    REMOVED = TaskInstanceState.REMOVED
    SCHEDULED = TaskInstanceState.SCHEDULED
    QUEUED = TaskInstanceState.QUEUED
    RUNNING = TaskInstanceState.RUNNING
    SUCCESS = TaskInstanceState.SUCCESS
    RESTARTING = TaskInstanceState.RESTARTING
    FAILED = TaskInstanceState.FAILED
    UP_FOR_RETRY = TaskInstanceState.UP_FOR_RETRY
    UP_FOR_RESCHEDULE = TaskInstanceState.UP_FOR_RESCHEDULE
    UPSTREAM_FAILED = TaskInstanceState.UPSTREAM_FAILED
    SKIPPED = TaskInstanceState.SKIPPED
    DEFERRED = TaskInstanceState.DEFERRED
    finished_dr_states = frozenset((DagRunState.SUCCESS, DagRunState.FAILED))
    unfinished_dr_states = frozenset((DagRunState.QUEUED, DagRunState.RUNNING))
    finished = frozenset((SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED))
    unfinished = frozenset((None, SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE, RESTARTING,
                            DEFERRED))
    failed_states = frozenset((FAILED, UPSTREAM_FAILED))
    success_states = frozenset((SUCCESS, SKIPPED))
