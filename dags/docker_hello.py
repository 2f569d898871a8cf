"""A Docker task: runs `true` in the local busybox image (build it with scripts/build-images.sh).

The same container as `docker run --rm aloft/busybox:latest true`, which scripts/bench-docker-trigger.py
compares it with: removed by the engine at exit (auto_remove="force"), and no scratch folder mounted
(`true` writes nothing; Airflow's default mount_tmp_dir=True adds a bind mount the CLI run does not have).
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.docker.operators.docker import DockerOperator

with DAG(
    dag_id="docker_hello",
    start_date=datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
    tags=["example", "docker"],
) as dag:
    DockerOperator(task_id="true", image="aloft/busybox:latest", command="true", auto_remove="force",
                   mount_tmp_dir=False)
