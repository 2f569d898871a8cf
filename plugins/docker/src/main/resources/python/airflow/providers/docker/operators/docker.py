"""``from airflow.providers.docker.operators.docker import DockerOperator``, as in Airflow's docker provider.

Declaring the task is all that happens in Python: Aloft's BaseOperator sees ``_aloft_java_operator`` and
serializes every argument that is not one of BaseOperator's into the task's ``args``; the Java
``DockerOperator`` of the ``docker`` plugin runs the container. Argument names, types and required ones are
checked against the plugin's descriptor when the DAG file is parsed.
"""

from airflow.models.baseoperator import BaseOperator

_AUTO_REMOVE = ("never", "success", "force")


class DockerOperator(BaseOperator):
    """Runs a command in a Docker container; see Airflow's DockerOperator for the arguments."""

    _aloft_java_operator = "DockerOperator"

    template_fields = ("image", "command", "environment", "env_file", "container_name")
    template_fields_renderers = {"env_file": "yaml"}
    template_ext = (".sh", ".bash", ".env")
    ui_color = "#58a6d8"

    def __init__(self, *, image, **kwargs):
        auto_remove = kwargs.get("auto_remove", "never")
        if isinstance(auto_remove, bool):
            # Older Airflow took booleans: True removed the container after it ran.
            auto_remove = "success" if auto_remove else "never"
            kwargs["auto_remove"] = auto_remove
        if auto_remove not in _AUTO_REMOVE:
            raise ValueError(
                f"Invalid `auto_remove` value {auto_remove!r}, expected one of 'never', 'success', or 'force'."
            )
        if kwargs.get("retrieve_output") and not kwargs.get("retrieve_output_path"):
            raise ValueError("retrieve_output=True needs retrieve_output_path: the file in the container to read")
        if kwargs.get("port_bindings") and kwargs.get("network_mode") == "host":
            raise ValueError("Port bindings is not supported in the host network mode")
        super().__init__(image=image, **kwargs)
