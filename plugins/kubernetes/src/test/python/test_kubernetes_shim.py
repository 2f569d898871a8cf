"""The Python shim, evaluated by the SDK's real airflow package (standard library only, so CPython runs it).

Run: python3 plugins/kubernetes/src/test/python/test_kubernetes_shim.py   (KubernetesShimTest runs it too)
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
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from kubernetes.client import models as k8s

with DAG("k", start_date=datetime(2024, 1, 1), schedule=None) as dag:
"""


def evaluate(body):
    out = json.loads(_serialize.evaluate(HEADER + body, "/dags/k.py", "dag_module"))
    return out.get("error") or out["dags"][0]["tasks"][0]


class KubernetesShimTest(unittest.TestCase):
    def test_models_serialize_to_the_api_json(self):
        task = evaluate("""
    KubernetesPodOperator(
        task_id="train", image="python:3.12", cmds=["python", "-c"], arguments=["print({{ ds }})"],
        namespace="ml", labels={"team": "nlp"}, env_vars={"MODE": "fast"},
        container_resources=k8s.V1ResourceRequirements(limits={"nvidia.com/gpu": "1", "memory": "2Gi"}),
        volumes=[k8s.V1Volume(name="data", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(
            claim_name="data-pvc"))],
        volume_mounts=[k8s.V1VolumeMount(name="data", mount_path="/data", read_only=True)],
        tolerations=[k8s.V1Toleration(key="gpu", operator="Exists", effect="NoSchedule")],
        node_selector={"kubernetes.io/arch": "amd64"},
        secrets=[Secret("env", "db_password", "db", "password"), Secret("volume", "/etc/tls", "tls")],
        is_delete_operator_pod=False, do_xcom_push=True)
""")
        self.assertEqual(task["operator"], "KubernetesPodOperator")
        self.assertEqual(task["executor"], "java")
        args = task["args"]
        self.assertEqual(args["container_resources"], {"limits": {"nvidia.com/gpu": "1", "memory": "2Gi"}})
        self.assertEqual(args["volumes"], [
            {"name": "data", "persistentVolumeClaim": {"claimName": "data-pvc"}},
            {"name": "secretvol1", "secret": {"secretName": "tls"}}])
        self.assertEqual(args["volume_mounts"], [
            {"name": "data", "mountPath": "/data", "readOnly": True},
            {"name": "secretvol1", "mountPath": "/etc/tls", "readOnly": True}])
        self.assertEqual(args["tolerations"], [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}])
        self.assertEqual(args["env_vars"], [
            {"name": "MODE", "value": "fast"},
            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}])
        self.assertEqual(args["on_finish_action"], "keep_pod")
        self.assertTrue(args["xcom_sidecar"])
        self.assertTrue(task["do_xcom_push"])

    def test_defaults_and_errors(self):
        task = evaluate("""
    KubernetesPodOperator(task_id="t", image="busybox")
""")
        self.assertEqual(task["args"]["on_finish_action"], "delete_pod")
        self.assertFalse(task["args"]["xcom_sidecar"])
        self.assertFalse(task["do_xcom_push"])
        bad = evaluate("""
    KubernetesPodOperator(task_id="t", image="busybox", on_finish_action="explode")
""")
        self.assertIn("on_finish_action", json.dumps(bad))
        template = evaluate("""
    KubernetesPodOperator(task_id="t", image="busybox", pod_template_file="pod.yaml")
""")
        self.assertIn("pod_template_file", json.dumps(template))

    def test_env_from_and_old_module_path(self):
        out = json.loads(_serialize.evaluate(HEADER.replace(
            "operators.pod import", "operators.kubernetes_pod import") + """
    KubernetesPodOperator(task_id="t", image="busybox", secrets=[Secret("env", None, "all-keys")],
                          env_from=[k8s.V1EnvFromSource(config_map_ref=k8s.V1ConfigMapEnvSource(name="cfg"))])
""", "/dags/k.py", "dag_module"))
        args = out["dags"][0]["tasks"][0]["args"]
        self.assertEqual(args["env_from"], [{"configMapRef": {"name": "cfg"}}, {"secretRef": {"name": "all-keys"}}])


if __name__ == "__main__":
    unittest.main()
