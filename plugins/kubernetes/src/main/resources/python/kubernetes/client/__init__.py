"""``kubernetes.client``: the model classes only (``kubernetes.client.models`` and its names here)."""

from kubernetes.client import models  # noqa: F401
from kubernetes.client.models import *  # noqa: F401,F403
