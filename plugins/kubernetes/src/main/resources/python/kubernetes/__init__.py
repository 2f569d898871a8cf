"""A stand-in for the ``kubernetes`` Python client, enough for DAG files that build pod arguments with
``from kubernetes.client import models as k8s``. Shipped by Aloft's kubernetes plugin; it talks to no cluster."""
