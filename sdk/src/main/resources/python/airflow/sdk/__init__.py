"""Aloft's implementation of Airflow's DAG-authoring API; also the Airflow 3 ``airflow.sdk`` import path."""

from airflow.sdk._core import (DAG, BaseOperator, EdgeModifier, Label, Param, ParamsDict, TaskGroup,
                               TriggerRule, WeightRule, XComArg, chain, chain_linear, cross_downstream)
from airflow.sdk._datasets import Asset, AssetAlias, AssetAll, AssetAny, Metadata
from airflow.sdk._decorators import dag, setup, task, task_group, teardown
from airflow.sdk._operators import BaseSensorOperator, PokeReturnValue, get_current_context
from airflow.sdk._variable import Variable
from airflow.sdk._connection import BaseHook, Connection

__all__ = ["Asset", "AssetAlias", "AssetAll", "AssetAny", "Metadata", "DAG", "BaseHook", "BaseOperator", "Connection", "BaseSensorOperator", "EdgeModifier", "Label", "Param", "ParamsDict",
           "PokeReturnValue", "TaskGroup", "TriggerRule", "WeightRule", "XComArg", "chain", "chain_linear",
           "cross_downstream", "dag", "get_current_context", "setup", "task", "task_group", "teardown", "Variable"]

_TIMETABLES = ("CronDataIntervalTimetable", "CronTriggerTimetable", "DeltaDataIntervalTimetable", "DeltaTriggerTimetable", "EventsTimetable",
               "MultipleCronTriggerTimetable")


def __getattr__(name):
    # Airflow 3.1 exports the timetables here; imported on first use, off the DAG-file import path.
    if name in _TIMETABLES:
        from airflow.sdk import _timetables

        return getattr(_timetables, name)
    raise AttributeError("module 'airflow.sdk' has no attribute %r" % name)
