"""The Python shim, evaluated by the SDK's real airflow package (standard library only, so CPython runs it).

Run: python3 plugins/docker/src/test/python/test_docker_shim.py   (DockerShimTest runs it too)

The shim folder is a second sys.path entry next to the SDK's: this works because the SDK's ``airflow`` and
``airflow.providers`` packages call ``pkgutil.extend_path``.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.normpath(os.path.join(HERE, "..", "..", "main", "resources", "python"))
SDK = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "sdk", "src", "main", "resources", "python"))
sys.path[:0] = [SDK, SHIM]

from airflow.sdk import _serialize  # noqa: E402

HEADER = """
from datetime import datetime
from airflow import DAG
from airflow.providers.docker.operators.docker import DockerOperator
from docker.types import Mount, DeviceRequest

with DAG("d", start_date=datetime(2024, 1, 1), schedule=None, default_args={"retries": 1}) as dag:
"""


def evaluate(body):
    out = json.loads(_serialize.evaluate(HEADER + body, "/dags/d.py", "dag_module"))
    return out.get("error") or out["dags"][0]["tasks"][0]


class DockerShimTest(unittest.TestCase):
    def test_java_task_with_every_argument_in_args(self):
        task = evaluate("""
    DockerOperator(task_id="train", image="aloft/python:bookworm", command="echo {{ ds }}",
                   mounts=[Mount(target="/data", source="/srv/data", type="bind", read_only=True)],
                   device_requests=[DeviceRequest(count=-1, capabilities=[["gpu"]])],
                   private_environment={"TOKEN": "x"}, auto_remove="success", pool="gpu_pool")
""")
        self.assertEqual(task["operator"], "DockerOperator")
        self.assertEqual(task["executor"], "java")
        self.assertEqual(task["pool"], "gpu_pool")
        self.assertEqual(task["retries"], 1)
        self.assertEqual(task["template_fields"], ["image", "command", "environment", "env_file", "container_name"])
        self.assertEqual(task["args"], {
            "image": "aloft/python:bookworm",
            "command": "echo {{ ds }}",
            "mounts": [{"target": "/data", "source": "/srv/data", "type": "bind", "read_only": True, "no_copy": False}],
            "device_requests": [{"driver": "", "count": -1, "capabilities": [["gpu"]]}],
            "private_environment": {"TOKEN": "x"},
            "auto_remove": "success",
        })

    def test_missing_image_and_bad_auto_remove_are_import_errors_on_the_line(self):
        missing = evaluate("""
    DockerOperator(task_id="t")
""")
        self.assertIn("image", missing["message"])
        self.assertEqual(missing["lineno"], 9)
        bad = evaluate("""
    DockerOperator(task_id="t", image="x", auto_remove="sometimes")
""")
        self.assertIn("auto_remove", bad["message"])

    def test_mount_checks_and_equality(self):
        from docker.types import Mount

        with self.assertRaisesRegex(ValueError, "source"):
            Mount(target="/x", source=None, type="bind")
        self.assertEqual(Mount("/a", "vol"), Mount("/a", "vol"))
        self.assertIn("target='/a'", repr(Mount("/a", "vol")))

    def test_swarm_operator_serializes_docker_types_into_args(self):
        task = evaluate("""
    from airflow.providers.docker.operators.docker_swarm import DockerSwarmOperator
    from docker.types import (Resources, Placement, PlacementPreference, ServiceMode, ConfigReference,
                              SecretReference, NetworkAttachmentConfig)
    DockerSwarmOperator(
        task_id="train", image="aloft/python:bookworm", command="python train.py", args=["--epochs", "3"],
        enable_logging=True, mode=ServiceMode("global"),
        container_resources=Resources(cpu_limit=2_000_000_000, mem_limit="4g", generic_resources={"gpu": 1}),
        placement=Placement(constraints=["node.labels.gpu==true"], preferences=[PlacementPreference("spread", "node.labels.zone")]),
        networks=["backend", NetworkAttachmentConfig("frontend", aliases=["trainer"])],
        configs=[ConfigReference("cfgid", "train-config", filename="/etc/train.yaml")],
        secrets=[SecretReference("secid", "api-token")], auto_remove="success")
""")
        self.assertEqual(task["operator"], "DockerSwarmOperator")
        self.assertEqual(task["executor"], "java")
        args = task["args"]
        self.assertEqual(args["args"], ["--epochs", "3"])
        self.assertEqual(args["mode"], {"mode": "global"})
        self.assertEqual(args["container_resources"],
                         {"cpu_limit": 2_000_000_000, "mem_limit": "4g", "generic_resources": {"gpu": 1}})
        self.assertEqual(args["placement"], {"constraints": ["node.labels.gpu==true"],
                                             "preferences": [{"strategy": "spread", "descriptor": "node.labels.zone"}]})
        self.assertEqual(args["networks"], ["backend", {"target": "frontend", "aliases": ["trainer"]}])
        self.assertEqual(args["configs"], [{"config_id": "cfgid", "config_name": "train-config",
                                            "filename": "/etc/train.yaml", "mode": 0o444}])
        self.assertEqual(args["secrets"], [{"secret_id": "secid", "secret_name": "api-token", "mode": 0o444}])

    def test_swarm_operator_rejects_what_it_cannot_do(self):
        bad = evaluate("""
    from airflow.providers.docker.operators.docker_swarm import DockerSwarmOperator
    DockerSwarmOperator(task_id="t", image="x", logging_driver="syslog")
""")
        self.assertIn("Invalid logging driver", bad["message"])
        from docker.types import ServiceMode

        with self.assertRaisesRegex(ValueError, "replicas"):
            ServiceMode("global", replicas=2)


if __name__ == "__main__":
    unittest.main()
