"""``from graphgrid_provider.operators.graphgrid_docker import GraphGridDockerOperator, GraphGridMount``.

GraphGrid's DockerOperator: Airflow's docker provider operator plus ``labels`` (merged with the operator's own),
``gpu`` (GPU passthrough: a device request for every GPU), ``include_credentials`` (the platform's SDK credentials,
mounted read-only), ``gpu_label`` (label ``gpu.container=true``) and ``gpu_healthcheck`` (healthy once the training
process is on the GPU); Aloft adds ``swarm`` (run the container as a Docker Swarm service placed on the node the GPU
preflight reserved, asking for one GPU generic resource) and ``kubernetes`` with ``kubernetes_conn_id`` (run it as a
Kubernetes pod pinned to that node, asking for one GPU). The document also spells them ``GraphgridDockerOperator`` and ``GraphgridMount``.
"""

from airflow.providers.docker.operators.docker import DockerOperator
from docker.types import Mount

__all__ = ["GraphGridDockerOperator", "GraphgridDockerOperator", "GraphGridMount", "GraphgridMount"]


class GraphGridDockerOperator(DockerOperator):
    """Runs a container like DockerOperator, with GraphGrid's GPU, label and credential options."""

    _aloft_java_operator = "GraphGridDockerOperator"

    template_fields = ("command", "environment", "container_name", "image", "mounts", "gpu")
    ui_color = "#3f7fbf"

    def __init__(self, *, image, labels=None, gpu=False, include_credentials=False, gpu_label=False,
                 gpu_healthcheck=False, **kwargs):
        if labels is not None and not isinstance(labels, (dict, list)):
            raise TypeError("labels must be a dict (or a list of names), not %s" % type(labels).__name__)
        super().__init__(image=image, labels=labels, gpu=gpu, include_credentials=include_credentials,
                         gpu_label=gpu_label, gpu_healthcheck=gpu_healthcheck, **kwargs)


class GraphGridMount(Mount):
    """A docker ``Mount`` whose ``source`` is a template, e.g. ``GraphGridMount(target="/session",
    source="nlp-{{ run_id }}")``: rendered before the container is created."""

    template_fields = ("source",)


GraphgridDockerOperator = GraphGridDockerOperator
GraphgridMount = GraphGridMount
