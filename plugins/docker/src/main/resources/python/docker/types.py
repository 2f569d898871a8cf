"""``from docker.types import Mount, DeviceRequest``: docker-py's constructors, serializable for Aloft.

Each object serializes, through ``_aloft_serialize()``, to a plain dict of its constructor arguments (snake
case, ``None`` left out); the Java Docker plugin reads that dict.
"""

__all__ = [
    "Mount", "DeviceRequest", "DriverConfig", "Resources", "Placement", "PlacementPreference", "ServiceMode",
    "ConfigReference", "SecretReference", "NetworkAttachmentConfig",
]


class _Serializable:
    _fields = ()

    def _aloft_serialize(self):
        out = {}
        for name in self._fields:
            value = getattr(self, name)
            if value is None:
                continue
            if hasattr(value, "_aloft_serialize"):
                value = value._aloft_serialize()
            out[name] = value
        return out

    def __eq__(self, other):
        return type(self) is type(other) and self._aloft_serialize() == other._aloft_serialize()

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._aloft_serialize().items())
        return f"{type(self).__name__}({args})"


class DriverConfig(_Serializable):
    """A volume driver and its options, for ``Mount(driver_config=...)``."""

    _fields = ("name", "options")

    def __init__(self, name, options=None):
        self.name = name
        self.options = options


class Mount(_Serializable):
    """A mount in a container: ``type`` is ``"volume"`` (default), ``"bind"``, ``"tmpfs"`` or ``"npipe"``."""

    _fields = (
        "target", "source", "type", "read_only", "consistency", "propagation", "no_copy", "labels",
        "driver_config", "tmpfs_size", "tmpfs_mode",
    )

    def __init__(self, target, source, type="volume", read_only=False, consistency=None, propagation=None,
                 no_copy=False, labels=None, driver_config=None, tmpfs_size=None, tmpfs_mode=None):
        if type not in ("volume", "bind", "tmpfs", "npipe"):
            raise ValueError(f"Mount type {type!r} is not one of volume, bind, tmpfs, npipe")
        if type == "bind" and not source:
            raise ValueError("a bind Mount needs a source: the path on the Docker host")
        if type != "volume" and (no_copy or labels or driver_config):
            raise ValueError("no_copy, labels and driver_config only apply to volume mounts")
        if type != "tmpfs" and (tmpfs_size is not None or tmpfs_mode is not None):
            raise ValueError("tmpfs_size and tmpfs_mode only apply to tmpfs mounts")
        if type != "bind" and propagation is not None:
            raise ValueError("propagation only applies to bind mounts")
        self.target = target
        self.source = source
        self.type = type
        self.read_only = read_only
        self.consistency = consistency
        self.propagation = propagation
        self.no_copy = no_copy
        self.labels = labels
        self.driver_config = driver_config
        self.tmpfs_size = tmpfs_size
        self.tmpfs_mode = tmpfs_mode


class DeviceRequest(_Serializable):
    """Host devices for a container, e.g. every GPU: ``DeviceRequest(count=-1, capabilities=[["gpu"]])``."""

    _fields = ("driver", "count", "device_ids", "capabilities", "options")

    def __init__(self, driver="", count=0, device_ids=None, capabilities=None, options=None):
        self.driver = driver
        self.count = count
        self.device_ids = device_ids
        self.capabilities = capabilities
        self.options = options


class Resources(_Serializable):
    """A service's resources: CPUs in nano-CPUs, memory in bytes; ``generic_resources={"gpu": 1}`` reserves GPUs."""

    _fields = ("cpu_limit", "mem_limit", "cpu_reservation", "mem_reservation", "generic_resources")

    def __init__(self, cpu_limit=None, mem_limit=None, cpu_reservation=None, mem_reservation=None,
                 generic_resources=None):
        if generic_resources is not None and not isinstance(generic_resources, (dict, list)):
            raise ValueError("generic_resources must be a dict ({'gpu': 1}) or a list")
        self.cpu_limit = cpu_limit
        self.mem_limit = mem_limit
        self.cpu_reservation = cpu_reservation
        self.mem_reservation = mem_reservation
        self.generic_resources = generic_resources


class PlacementPreference(_Serializable):
    """A placement preference: ``PlacementPreference("spread", "node.labels.zone")``."""

    _fields = ("strategy", "descriptor")

    def __init__(self, strategy, descriptor):
        if strategy != "spread":
            raise ValueError(f"PlacementPreference strategy {strategy!r} is not supported: Swarm only has 'spread'")
        self.strategy = strategy
        self.descriptor = descriptor


class Placement(_Serializable):
    """Where a service may run: ``constraints`` ("node.role==worker"), ``preferences``, ``platforms``, ``maxreplicas``."""

    _fields = ("constraints", "preferences", "platforms", "maxreplicas")

    def __init__(self, constraints=None, preferences=None, platforms=None, maxreplicas=None):
        self.constraints = constraints
        self.preferences = [
            p._aloft_serialize() if hasattr(p, "_aloft_serialize") else list(p) for p in preferences
        ] if preferences else None
        self.platforms = [list(p) for p in platforms] if platforms else None
        self.maxreplicas = maxreplicas


class ServiceMode(_Serializable):
    """``replicated`` (default), ``global``, ``replicated-job`` or ``global-job``."""

    _fields = ("mode", "replicas")

    def __init__(self, mode="replicated", replicas=None, concurrency=None):
        if mode not in ("replicated", "global", "replicated-job", "global-job"):
            raise ValueError(f"mode {mode!r} is not one of replicated, global, replicated-job, global-job")
        if replicas is not None and mode not in ("replicated", "replicated-job"):
            raise ValueError("replicas can only be used for the replicated and replicated-job modes")
        self.mode = mode
        self.replicas = replicas


class ConfigReference(_Serializable):
    """A Swarm config the service's container sees as a file (``/<filename or config_name>``)."""

    _fields = ("config_id", "config_name", "filename", "uid", "gid", "mode")

    def __init__(self, config_id, config_name, filename=None, uid=None, gid=None, mode=0o444):
        self.config_id = config_id
        self.config_name = config_name
        self.filename = filename
        self.uid = uid
        self.gid = gid
        self.mode = mode


class SecretReference(_Serializable):
    """A Swarm secret the service's container sees as ``/run/secrets/<filename or secret_name>``."""

    _fields = ("secret_id", "secret_name", "filename", "uid", "gid", "mode")

    def __init__(self, secret_id, secret_name, filename=None, uid=None, gid=None, mode=0o444):
        self.secret_id = secret_id
        self.secret_name = secret_name
        self.filename = filename
        self.uid = uid
        self.gid = gid
        self.mode = mode


class NetworkAttachmentConfig(_Serializable):
    """A network the service joins, with aliases and driver options."""

    _fields = ("target", "aliases", "options")

    def __init__(self, target, aliases=None, options=None):
        self.target = target
        self.aliases = aliases
        self.options = options
