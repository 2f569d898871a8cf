"""A Docker task: runs `true` in the local busybox image (build it with scripts/build-images.sh)."""
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
    DockerOperator(task_id="true", image="aloft/busybox:latest", command="true", auto_remove="force")
