"""``from airflow.providers.docker.operators.docker_swarm import DockerSwarmOperator``, as in Airflow.

Declaring the task is all that happens in Python: the Java ``DockerSwarmOperator`` of the ``docker`` plugin runs
it as a Swarm service. ``docker.types`` objects (``Resources``, ``Placement``, ``ServiceMode``, ``ConfigReference``,
``SecretReference``, ``NetworkAttachmentConfig``) serialize to dicts the plugin reads.
"""

from airflow.providers.docker.operators.docker import DockerOperator

_LOGGING_DRIVERS = ("json-file", "gelf")


class DockerSwarmOperator(DockerOperator):
    """Runs a command as an ephemeral Docker Swarm service; see Airflow's DockerSwarmOperator for the arguments."""

    _aloft_java_operator = "DockerSwarmOperator"

    def __init__(self, *, image, **kwargs):
        driver = kwargs.get("logging_driver")
        if driver and driver not in _LOGGING_DRIVERS:
            raise ValueError(
                f"Invalid logging driver provided: {driver}. Must be one of: [{', '.join(_LOGGING_DRIVERS)}]"
            )
        if kwargs.get("retrieve_output"):
            raise ValueError(
                "retrieve_output is not supported by DockerSwarmOperator in Aloft: the service's container may run"
                " on another node; write the result to a volume or print it instead"
            )
        super().__init__(image=image, **kwargs)
