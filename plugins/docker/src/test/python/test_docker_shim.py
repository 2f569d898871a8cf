"""Checks the Python shim against a stand-in BaseOperator that follows Aloft's convention.

Run: python3 plugins/docker/src/test/python/test_docker_shim.py   (DockerShimTest runs it too)

The stand-in's airflow package uses pkgutil.extend_path, as the SDK's must for plugin shims that add
subpackages (airflow.providers.docker) from another folder on sys.path.
"""

import json
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.normpath(os.path.join(HERE, "..", "..", "main", "resources", "python"))

STUB_FILES = {
    "airflow/__init__.py": "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
    "airflow/providers/__init__.py": "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
    "airflow/models/__init__.py": "",
    "airflow/models/baseoperator.py": textwrap.dedent(
        """
        BASE_KWARGS = {"task_id", "retries", "pool", "do_xcom_push"}

        class BaseOperator:
            def __init__(self, **kwargs):
                self.task_id = kwargs.pop("task_id")
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
                return json.loads(json.dumps(
                    {"operator": type(self)._aloft_java_operator, "args": self.args}, default=default))

        import json
        """
    ),
}


class DockerShimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stub = tempfile.mkdtemp()
        for path, text in STUB_FILES.items():
            full = os.path.join(cls.stub, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        sys.path[:0] = [cls.stub, SHIM]

    def test_serializes_arguments_mounts_and_device_requests(self):
        from airflow.providers.docker.operators.docker import DockerOperator
        from docker.types import DeviceRequest, Mount

        op = DockerOperator(
            task_id="train",
            image="aloft/python:bookworm",
            command=["python3", "-c", "print(1)"],
            mounts=[Mount(target="/data", source="/srv/data", type="bind", read_only=True)],
            device_requests=[DeviceRequest(count=-1, capabilities=[["gpu"]])],
            auto_remove=True,
            retries=2,
        )

        self.assertEqual(DockerOperator.template_fields, ("image", "command", "environment", "env_file", "container_name"))
        self.assertEqual(
            op.serialize(),
            {
                "operator": "DockerOperator",
                "args": {
                    "image": "aloft/python:bookworm",
                    "command": ["python3", "-c", "print(1)"],
                    "mounts": [{"target": "/data", "source": "/srv/data", "type": "bind", "read_only": True, "no_copy": False}],
                    "device_requests": [{"driver": "", "count": -1, "capabilities": [["gpu"]]}],
                    "auto_remove": "success",
                },
            },
        )

    def test_image_is_required_and_auto_remove_checked(self):
        from airflow.providers.docker.operators.docker import DockerOperator

        with self.assertRaises(TypeError):
            DockerOperator(task_id="t")
        with self.assertRaisesRegex(ValueError, "auto_remove"):
            DockerOperator(task_id="t", image="x", auto_remove="sometimes")

    def test_mount_checks_and_equality(self):
        from docker.types import Mount

        with self.assertRaisesRegex(ValueError, "source"):
            Mount(target="/x", source=None, type="bind")
        self.assertEqual(Mount("/a", "vol"), Mount("/a", "vol"))
        self.assertIn("target='/a'", repr(Mount("/a", "vol")))


if __name__ == "__main__":
    unittest.main()
