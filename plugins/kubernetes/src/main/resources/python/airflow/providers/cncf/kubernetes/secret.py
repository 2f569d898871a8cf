"""``from airflow.providers.cncf.kubernetes.secret import Secret``: a Kubernetes secret given to a pod task.

``Secret("env", "DB_PASSWORD", "db-secret", "password")`` sets one variable from one key;
``Secret("env", None, "db-secret")`` sets every key as a variable; ``Secret("volume", "/etc/db", "db-secret")``
mounts the secret (or one ``key`` of it) as files.
"""


class Secret:
    def __init__(self, deploy_type, deploy_target, secret, key=None, items=None):
        if deploy_type not in ("env", "volume"):
            raise ValueError("Only 'env' and 'volume' are valid deploy_type values")
        if deploy_type == "volume" and not deploy_target:
            raise ValueError("a volume Secret needs deploy_target: the folder to mount it at")
        if key is not None and deploy_target is None and deploy_type == "env":
            raise ValueError("If `key` is set, `deploy_target` should not be None")
        self.deploy_type = deploy_type
        self.deploy_target = deploy_target.upper() if deploy_type == "env" and deploy_target else deploy_target
        self.secret = secret
        self.key = key
        self.items = items or []

    def _aloft_parts(self, index):
        if self.deploy_type == "env":
            if self.deploy_target is None:
                return {"env_from": [{"secretRef": {"name": self.secret}}]}
            return {"env": [{"name": self.deploy_target,
                             "valueFrom": {"secretKeyRef": {"name": self.secret, "key": self.key}}}]}
        name = f"secretvol{index}"
        source = {"secretName": self.secret}
        if self.items:
            source["items"] = [i._aloft_serialize() if hasattr(i, "_aloft_serialize") else i for i in self.items]
        elif self.key:
            source["items"] = [{"key": self.key, "path": self.key}]
        return {"volumes": [{"name": name, "secret": source}],
                "volume_mounts": [{"name": name, "mountPath": self.deploy_target, "readOnly": True}]}

    def __eq__(self, other):
        return isinstance(other, Secret) and vars(self) == vars(other)

    def __repr__(self):
        return f"Secret({self.deploy_type}, {self.deploy_target}, {self.secret}, {self.key})"
