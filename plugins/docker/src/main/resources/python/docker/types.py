"""``from docker.types import Mount, DeviceRequest``: docker-py's constructors, serializable for Aloft.

Each object serializes, through ``_aloft_serialize()``, to a plain dict of its constructor arguments (snake
case, ``None`` left out); the Java Docker plugin reads that dict.
"""

__all__ = ["Mount", "DeviceRequest", "DriverConfig"]


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
