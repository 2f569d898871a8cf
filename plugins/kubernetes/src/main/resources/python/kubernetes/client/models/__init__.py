"""``from kubernetes.client import models as k8s``: the Kubernetes client's model classes, as plain records.

Each ``k8s.V1Something(field=..., other_field=...)`` keeps its keyword arguments as attributes (unset ones read
as ``None``) and serializes to the Kubernetes API's JSON: snake-case field names in camel case (a leading
underscore, as in ``_from``, dropped), nested models serialized, dict values such as labels or resource limits
kept as they are. Aloft's KubernetesPodOperator reads that JSON into the pod it creates.
"""


def _camel(name):
    head, *rest = name.lstrip("_").split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _json(value):
    if isinstance(value, _Model):
        return value._aloft_serialize()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


class _Model:
    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def _aloft_serialize(self):
        return {_camel(k): _json(v) for k, v in vars(self).items() if v is not None}

    def to_dict(self):
        return dict(vars(self))

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


_NAMES = """
V1Affinity V1AWSElasticBlockStoreVolumeSource V1Capabilities V1ConfigMapEnvSource V1ConfigMapKeySelector
V1ConfigMapProjection V1ConfigMapVolumeSource V1Container V1ContainerPort V1CSIVolumeSource V1DownwardAPIVolumeFile
V1DownwardAPIVolumeSource V1EmptyDirVolumeSource V1EnvFromSource V1EnvVar V1EnvVarSource V1ExecAction
V1HostAlias V1HostPathVolumeSource V1HTTPGetAction V1KeyToPath V1LabelSelector V1LabelSelectorRequirement
V1LocalObjectReference V1NFSVolumeSource V1NodeAffinity V1NodeSelector V1NodeSelectorRequirement V1NodeSelectorTerm
V1ObjectFieldSelector V1ObjectMeta V1PersistentVolumeClaimVolumeSource V1Pod V1PodAffinity V1PodAffinityTerm
V1PodAntiAffinity V1PodDNSConfig V1PodSecurityContext V1PodSpec V1PreferredSchedulingTerm V1Probe
V1ProjectedVolumeSource V1ResourceFieldSelector V1ResourceRequirements V1SeccompProfile V1SecretEnvSource
V1SecretKeySelector V1SecretProjection V1SecretVolumeSource V1SecurityContext V1ServiceAccountTokenProjection
V1TCPSocketAction V1Toleration V1TopologySpreadConstraint V1Volume V1VolumeMount V1VolumeProjection
V1WeightedPodAffinityTerm
""".split()

for _name in _NAMES:
    globals()[_name] = type(_name, (_Model,), {"__module__": __name__})

__all__ = list(_NAMES)
