"""Checks the graphgrid_provider shim against a stand-in airflow package that follows Aloft's convention.

Run: python3 plugins/graphgrid/src/test/python/test_graphgrid_shim.py   (GraphGridShimTest runs it too)
"""

import json
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.normpath(os.path.join(HERE, "..", "..", "main", "resources", "python"))
DOCKER_SHIM = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "docker", "src", "main", "resources", "python"))

BASE = textwrap.dedent(
    """
    import json
    BASE_KWARGS = {"task_id", "retries", "pool", "priority_weight", "trigger_rule", "execution_timeout"}

    class BaseOperator:
        def __init__(self, **kwargs):
            self.task_id = kwargs.pop("task_id")
            self.pool = kwargs.pop("pool", "default_pool")
            for k in list(kwargs):
                if k in BASE_KWARGS:
                    kwargs.pop(k)
            if getattr(type(self), "_aloft_java_operator", None) is None:
                raise TypeError("unexpected arguments: " + ", ".join(kwargs))
            self.args = kwargs

        def serialize(self):
            def default(o):
                if hasattr(o, "_aloft_serialize"):
                    return o._aloft_serialize()
                raise TypeError(repr(o))
            return json.loads(json.dumps({"operator": type(self)._aloft_java_operator, "args": self.args},
                                         default=default))
    """
)

STUB_FILES = {
    "airflow/__init__.py": "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
    "airflow/providers/__init__.py": "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
    "airflow/models/__init__.py": "",
    "airflow/models/baseoperator.py": BASE,
    "airflow/sensors/__init__.py": "",
    "airflow/sensors/base.py": textwrap.dedent(
        """
        from airflow.models.baseoperator import BaseOperator

        class BaseSensorOperator(BaseOperator):
            def __init__(self, *, poke_interval=60, timeout=604800, mode="poke", **kwargs):
                self.mode = mode
                super().__init__(**kwargs)
        """
    ),
}


class GraphGridShimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stub = tempfile.mkdtemp()
        for path, text in STUB_FILES.items():
            full = os.path.join(cls.stub, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        sys.path[:0] = [cls.stub, SHIM, DOCKER_SHIM]

    def test_both_spellings_import_from_the_documented_path(self):
        from graphgrid_provider.operators.graphgrid_docker import (
            GraphgridDockerOperator, GraphGridDockerOperator, GraphgridMount, GraphGridMount)
        self.assertIs(GraphgridDockerOperator, GraphGridDockerOperator)
        self.assertIs(GraphgridMount, GraphGridMount)

    def test_the_operator_serializes_its_graphgrid_arguments_for_the_java_operator(self):
        from graphgrid_provider.operators.graphgrid_docker import GraphGridDockerOperator, GraphGridMount
        op = GraphGridDockerOperator(
            task_id="train_model_gpu", image="aloft/nlp-trainer:latest", command=["train"], gpu=True, gpu_label=True,
            gpu_healthcheck=True, include_credentials=True, labels={"team": "nlp"},
            mounts=[GraphGridMount(target="/session", source="nlp-{{ run_id }}", type="volume")])
        spec = op.serialize()
        self.assertEqual(spec["operator"], "GraphGridDockerOperator")
        args = spec["args"]
        self.assertEqual(args["gpu"], True)
        self.assertEqual(args["labels"], {"team": "nlp"})
        self.assertEqual(args["mounts"][0]["source"], "nlp-{{ run_id }}")
        self.assertEqual(GraphGridDockerOperator.template_fields,
                         ("command", "environment", "container_name", "image", "mounts", "gpu"))
        self.assertEqual(GraphGridMount.template_fields, ("source",))

    def test_labels_must_be_a_dict(self):
        from graphgrid_provider.operators.graphgrid_docker import GraphGridDockerOperator
        with self.assertRaises(TypeError):
            GraphGridDockerOperator(task_id="t", image="i", labels="gpu")

    def test_sensor_and_preflight_are_sensors_and_steps_name_their_java_operators(self):
        from graphgrid_provider.operators.gpu import GpuPoolSetupOperator, GpuPreflightOperator
        from graphgrid_provider.operators.nlp import CheckDagSuccessOperator, SaveModelOperator
        from graphgrid_provider.sensors.training import (
            GraphgridTrainingRunningSensor, GraphGridTrainingRunningSensor)
        from airflow.sensors.base import BaseSensorOperator
        self.assertIs(GraphgridTrainingRunningSensor, GraphGridTrainingRunningSensor)
        self.assertTrue(issubclass(GpuPreflightOperator, BaseSensorOperator))
        self.assertTrue(issubclass(GraphGridTrainingRunningSensor, BaseSensorOperator))
        self.assertEqual(GpuPoolSetupOperator(task_id="p").serialize()["operator"], "GraphGridGpuPoolSetupOperator")
        self.assertEqual(SaveModelOperator(task_id="s").serialize()["operator"], "GraphGridSaveModelOperator")
        self.assertEqual(CheckDagSuccessOperator(task_id="c", task_ids=("a", "b")).serialize()["args"],
                         {"task_ids": ["a", "b"]})


if __name__ == "__main__":
    unittest.main()
