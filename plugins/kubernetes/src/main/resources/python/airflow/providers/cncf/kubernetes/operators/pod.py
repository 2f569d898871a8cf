"""``from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator``, as in the provider.

Declaring the task is all that happens in Python: the Java ``KubernetesPodOperator`` of the ``kubernetes`` plugin
creates the pod, follows its log and deletes it. Kubernetes model objects (``k8s.V1Volume(...)``) serialize to the
Kubernetes API's JSON; ``secrets=[Secret(...)]`` become environment variables and volumes of the main container.
"""

from airflow.models.baseoperator import BaseOperator

_FINISH_ACTIONS = ("delete_pod", "delete_succeeded_pod", "keep_pod")
_FOLDED = ("is_delete_operator_pod", "resources", "secrets", "deferrable", "pod_template_file", "full_pod_spec",
           "pod_template_dict")


def _json(value):
    if isinstance(value, list):
        return [_json(v) for v in value]
    if hasattr(value, "_aloft_serialize"):
        return value._aloft_serialize()
    return value


class KubernetesPodOperator(BaseOperator):
    """Runs a task in a Kubernetes pod; see the cncf.kubernetes provider's KubernetesPodOperator."""

    _aloft_java_operator = "KubernetesPodOperator"

    template_fields = (
        "image", "cmds", "annotations", "arguments", "env_vars", "labels", "config_file", "namespace",
        "container_resources", "volumes", "volume_mounts", "cluster_context", "env_from", "node_selector",
        "kubernetes_conn_id",
    )
    template_ext = (".yaml", ".yml", ".json")
    ui_color = "#326ce5"

    def __init__(self, *, image=None, do_xcom_push=False, is_delete_operator_pod=None, on_finish_action=None,
                 resources=None, secrets=None, pod_template_file=None, full_pod_spec=None, pod_template_dict=None,
                 deferrable=False, **kwargs):
        # deferrable is accepted: the try polls the pod every poll_interval either way.
        if pod_template_file or full_pod_spec or pod_template_dict:
            raise ValueError("pod_template_file, full_pod_spec and pod_template_dict are not supported by Aloft's "
                             "KubernetesPodOperator: give image, cmds, arguments, volumes, ... as arguments")
        if not image:
            raise ValueError("KubernetesPodOperator needs an image")
        if on_finish_action is None:
            if is_delete_operator_pod is None:
                on_finish_action = "delete_pod"
            else:
                on_finish_action = "delete_pod" if is_delete_operator_pod else "keep_pod"
        if on_finish_action not in _FINISH_ACTIONS:
            raise ValueError(f"Invalid on_finish_action {on_finish_action!r}, expected one of {_FINISH_ACTIONS}")
        if resources is not None and "container_resources" not in kwargs:
            kwargs["container_resources"] = resources
        for name in ("volumes", "volume_mounts", "tolerations", "env_from", "ports", "init_containers",
                     "container_resources", "affinity", "security_context", "container_security_context",
                     "image_pull_secrets", "env_vars"):
            if kwargs.get(name) is not None:
                kwargs[name] = _json(kwargs[name])
        if secrets:
            _apply_secrets(secrets, kwargs)
        super().__init__(image=image, on_finish_action=on_finish_action, xcom_sidecar=bool(do_xcom_push),
                         do_xcom_push=do_xcom_push, **kwargs)
        # What the user passed under the provider's other names now lives in the arguments above.
        for name in _FOLDED:
            self._aloft_kwargs.pop(name, None)


def _apply_secrets(secrets, kwargs):
    env = kwargs.get("env_vars") or []
    if isinstance(env, dict):
        env = [{"name": k, "value": v} for k, v in env.items()]
    env = list(env)
    env_from = list(kwargs.get("env_from") or [])
    volumes = list(kwargs.get("volumes") or [])
    mounts = list(kwargs.get("volume_mounts") or [])
    for i, secret in enumerate(secrets):
        part = secret._aloft_parts(i)
        env += part.get("env", [])
        env_from += part.get("env_from", [])
        volumes += part.get("volumes", [])
        mounts += part.get("volume_mounts", [])
    kwargs["env_vars"] = env
    if env_from:
        kwargs["env_from"] = env_from
    if volumes:
        kwargs["volumes"] = volumes
    if mounts:
        kwargs["volume_mounts"] = mounts
