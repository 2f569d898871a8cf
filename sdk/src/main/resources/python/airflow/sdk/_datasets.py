"""Datasets (Airflow 2.4+) and assets (Airflow 3): what a task updates (``outlets=``) and what a DAG waits for
(``schedule=[...]``, ``&``/``|`` conditions). Only the URIs and the condition tree travel into the DAG spec; the
Java scheduler decides when a consumer runs. Standard library only."""

import json as _json
import urllib.parse as _urlparse

from airflow.sdk._exceptions import AirflowException

_MAX_URI_LENGTH = 3000


def _checked_uri(uri, kind):
    # The rules Airflow applies when a Dataset is made: a non-blank ASCII string, the scheme "airflow" reserved
    # for Airflow itself, no credentials in the URI (they would be stored and shown in the UI).
    if not isinstance(uri, str):
        raise TypeError("%s URI must be a string, got %s: pass e.g. %s('s3://bucket/key')"
                        % (kind, type(uri).__name__, kind))
    if not uri or uri.isspace():
        raise ValueError("%s URI cannot be empty: pass e.g. %s('s3://bucket/key')" % (kind, kind))
    if len(uri) > _MAX_URI_LENGTH:
        raise ValueError("%s URI is %d characters long; at most %d are allowed" % (kind, len(uri), _MAX_URI_LENGTH))
    if not uri.isascii():
        raise ValueError("%s URI %r must only consist of ASCII characters: percent-encode the others"
                         % (kind, uri))
    parts = _urlparse.urlsplit(uri)
    if not parts.scheme:
        return uri  # a plain name such as "orders": Airflow accepts it as it is
    if parts.scheme.lower() == "airflow":
        raise ValueError("%s scheme 'airflow' is reserved: use another scheme in %r" % (kind, uri))
    if parts.username is not None or parts.password is not None:
        raise ValueError("%s URI %r must not contain credentials: keep them in a connection" % (kind, uri))
    return uri


class BaseDataset:
    """A dataset or a condition over datasets; ``a & b`` waits for both, ``a | b`` for either."""

    def __and__(self, other):
        if not isinstance(other, BaseDataset):
            return NotImplemented
        return DatasetAll(self, other)

    def __or__(self, other):
        if not isinstance(other, BaseDataset):
            return NotImplemented
        return DatasetAny(self, other)

    def iter_datasets(self):
        raise NotImplementedError

    def _aloft_condition(self):
        raise NotImplementedError


class Dataset(BaseDataset):
    """A piece of data named by a URI. ``extra`` is free JSON kept with the dataset."""

    _aloft_kind = "Dataset"

    def __init__(self, uri, extra=None):
        self.uri = _checked_uri(uri, self._aloft_kind)
        self.name = uri
        self.group = ""
        self.extra = dict(extra or {})

    def __eq__(self, other):
        return isinstance(other, Dataset) and other.uri == self.uri

    def __hash__(self):
        return hash(("dataset", self.uri))

    def __repr__(self):
        return "%s(uri=%r)" % (type(self).__name__, self.uri)

    def iter_datasets(self):
        yield self.uri, self

    def _aloft_condition(self):
        return {"uri": self.uri}


class Asset(Dataset):
    """Airflow 3's name for a dataset: ``Asset(name)``, ``Asset(uri=...)`` or both; the URI identifies it."""

    _aloft_kind = "Asset"

    def __init__(self, name=None, uri=None, group="asset", extra=None, watchers=None):
        if name is None and uri is None:
            raise TypeError("Asset() needs a name or a uri: e.g. Asset('s3://bucket/key')")
        super().__init__(uri if uri is not None else name, extra)
        self.name = name if name is not None else uri
        self.group = group

    def iter_assets(self):
        return self.iter_datasets()


class _Condition(BaseDataset):
    _aloft_op = None

    def __init__(self, *objects):
        for o in objects:
            if not isinstance(o, BaseDataset):
                raise TypeError("%s takes datasets or dataset conditions, got %r" % (type(self).__name__, o))
        self.objects = list(objects)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(repr(o) for o in self.objects))

    def iter_datasets(self):
        for o in self.objects:
            yield from o.iter_datasets()

    def _aloft_condition(self):
        return {self._aloft_op: [o._aloft_condition() for o in self.objects]}


class DatasetAll(_Condition):
    """Met once every part has been updated since the consumer's last dataset-triggered run."""

    _aloft_op = "all"

    def __and__(self, other):
        if not isinstance(other, BaseDataset):
            return NotImplemented
        return DatasetAll(*self.objects, other)


class DatasetAny(_Condition):
    """Met once any part has been updated."""

    _aloft_op = "any"

    def __or__(self, other):
        if not isinstance(other, BaseDataset):
            return NotImplemented
        return DatasetAny(*self.objects, other)


AssetAll = DatasetAll
AssetAny = DatasetAny


class DatasetAlias(BaseDataset):
    """A name for datasets decided at run time: a task with ``outlets=[DatasetAlias("x")]`` adds datasets with
    ``outlet_events[DatasetAlias("x")].add(Dataset(uri), extra=...)``; a DAG scheduled on the alias runs when any
    dataset added to it so far is updated."""

    _aloft_kind = "DatasetAlias"

    def __init__(self, name, group=""):
        if not isinstance(name, str) or not name.strip():
            raise ValueError("%s needs a non-empty name, e.g. %s('example-alias')" % (self._aloft_kind, self._aloft_kind))
        self.name = name
        self.group = group

    def __eq__(self, other):
        return isinstance(other, DatasetAlias) and other.name == self.name

    def __hash__(self):
        return hash(("alias", self.name))

    def __repr__(self):
        return "%s(name=%r)" % (type(self).__name__, self.name)

    def iter_datasets(self):
        return iter(())

    def iter_dataset_aliases(self):
        yield self.name, self

    iter_asset_aliases = iter_dataset_aliases

    def _aloft_condition(self):
        return {"alias": self.name}


class AssetAlias(DatasetAlias):
    """Airflow 3's name for :class:`DatasetAlias`."""

    _aloft_kind = "AssetAlias"


class Metadata:
    """What a task yields to set an outlet's event extra (``yield Metadata(ds, {"k": "v"})``); with ``alias``, the
    event is added through that alias, as ``outlet_events[alias].add(ds, extra)``."""

    def __init__(self, target, extra, alias=None):
        self.uri = target.uri if isinstance(target, Dataset) else _checked_uri(target, "Dataset")
        if not isinstance(extra, dict):
            raise TypeError("Metadata(extra=...) must be a dict, got %s" % type(extra).__name__)
        self.extra = extra
        self.alias_name = alias.name if isinstance(alias, DatasetAlias) else alias

    def __repr__(self):
        return "Metadata(uri=%r, extra=%r)" % (self.uri, self.extra)


def _join_key(key):
    if isinstance(key, Dataset):
        return key.uri
    if isinstance(key, DatasetAlias):
        return key.name
    if isinstance(key, str):
        return key
    raise TypeError("index dataset events by a Dataset, a DatasetAlias or a string, not %s" % type(key).__name__)


class OutletEventAccessor:
    """``outlet_events[key]``: the ``extra`` of a dataset's event, or (for an alias) the datasets to add to it."""

    def __init__(self, key):
        self.key = key
        self.extra = {}
        self.dataset_alias_events = []

    def add(self, dataset, extra=None):
        """Adds ``dataset`` (a Dataset or a URI) to this alias, emitting an event for it when the task succeeds.
        On a dataset (not an alias) this does nothing, as in Airflow."""
        if isinstance(self.key, Dataset):
            return
        alias = self.key.name if isinstance(self.key, DatasetAlias) else self.key
        uri = dataset.uri if isinstance(dataset, Dataset) else _checked_uri(dataset, "Dataset")
        self.dataset_alias_events.append({"alias": alias, "uri": uri, "extra": dict(extra or {})})

    @property
    def asset_alias_events(self):
        return self.dataset_alias_events


class OutletEventAccessors:
    """``outlet_events`` in a task's context: one accessor per dataset or alias, made when first asked for."""

    def __init__(self):
        self._by_key = {}

    def __getitem__(self, key):
        join = _join_key(key)
        if join not in self._by_key:
            self._by_key[join] = OutletEventAccessor(key)
        return self._by_key[join]

    def __contains__(self, key):
        return _join_key(key) in self._by_key

    def __iter__(self):
        return iter(self._by_key)

    def __len__(self):
        return len(self._by_key)

    def _apply(self, metadata):
        if metadata.alias_name:
            self[metadata.alias_name].add(metadata.uri, extra=metadata.extra)
        else:
            self[metadata.uri].extra.update(metadata.extra)

    def _aloft_outcome(self, outlets):
        """What the Java side emits on success: each outlet dataset's extra, and one event per (dataset, extra)
        added through the task's outlet aliases (naming every alias it came through)."""
        if isinstance(outlets, BaseDataset):
            outlets = [outlets]
        extras = {}
        grouped = {}
        for o in outlets or []:
            if isinstance(o, DatasetAlias):
                accessor = self._by_key.get(o.name)
                for e in accessor.dataset_alias_events if accessor else []:
                    group = grouped.setdefault((e["uri"], _json.dumps(e["extra"], sort_keys=True, default=str)),
                                               {"uri": e["uri"], "extra": e["extra"], "aliases": []})
                    if e["alias"] not in group["aliases"]:
                        group["aliases"].append(e["alias"])
            elif isinstance(o, BaseDataset):
                for uri, _ in o.iter_datasets():
                    accessor = self._by_key.get(uri)
                    if accessor is not None and accessor.extra:
                        extras[uri] = dict(accessor.extra)
        return extras, list(grouped.values())


class InletEventsAccessors:
    """``inlet_events`` in a task's context: ``inlet_events[ds]`` lists the dataset's events oldest first (so
    ``[-1]`` is the latest), ``inlet_events[alias]`` the events that came through the alias. Only the task's
    inlets can be asked for."""

    def __init__(self, inlets, events):
        self._inlets = set()
        for o in ([inlets] if isinstance(inlets, BaseDataset) else inlets or []):
            if isinstance(o, DatasetAlias):
                self._inlets.add(o.name)
            elif isinstance(o, BaseDataset):
                self._inlets.update(uri for uri, _ in o.iter_datasets())
        self._events = events

    def __getitem__(self, key):
        join = _join_key(key)
        if join not in self._inlets:
            raise KeyError("%r is not among the task's inlets (%s): add it to inlets=[...] to read its events"
                           % (key, ", ".join(sorted(self._inlets)) or "none"))
        return list(self._events.get(join, []))

    def __contains__(self, key):
        return _join_key(key) in self._inlets

    def __iter__(self):
        return iter(sorted(self._inlets))

    def __len__(self):
        return len(self._inlets)


class TriggeringEvents(dict):
    """``triggering_dataset_events`` / ``triggering_asset_events``: dataset URI -> the events that triggered the
    run; also indexed by the Dataset/Asset object, as Airflow 3 allows."""

    def __getitem__(self, key):
        return dict.__getitem__(self, key.uri if isinstance(key, Dataset) else key)

    def get(self, key, default=None):
        return dict.get(self, key.uri if isinstance(key, Dataset) else key, default)

    def __contains__(self, key):
        return dict.__contains__(self, key.uri if isinstance(key, Dataset) else key)


def condition_of(schedule):
    """The condition a DAG's ``schedule`` waits for, or None when it is not a dataset schedule. A list or tuple
    of datasets means all of them (Airflow's ``schedule=[ds1, ds2]``)."""
    if isinstance(schedule, BaseDataset):
        return schedule._aloft_condition()
    if isinstance(schedule, (list, tuple)) and schedule and all(isinstance(d, BaseDataset) for d in schedule):
        if len(schedule) == 1:
            return schedule[0]._aloft_condition()
        return DatasetAll(*schedule)._aloft_condition()
    if isinstance(schedule, (list, tuple)):
        raise AirflowException("schedule=%r: a list schedule must hold only Dataset/Asset objects" % (schedule,))
    return None


def aliases_of(objects):
    """The names of the dataset aliases among a task's ``outlets``/``inlets``."""
    if objects is None:
        return []
    if isinstance(objects, BaseDataset):
        objects = [objects]
    names = []
    for o in objects:
        if isinstance(o, DatasetAlias) and o.name not in names:
            names.append(o.name)
    return names


def uris_of(objects):
    """The dataset URIs among a task's ``outlets``/``inlets``; other lineage objects are ignored, as in
    Airflow's scheduler."""
    if objects is None:
        return []
    if isinstance(objects, BaseDataset):
        objects = [objects]
    uris = []
    for o in objects:
        if isinstance(o, BaseDataset):
            for uri, _ in o.iter_datasets():
                if uri not in uris:
                    uris.append(uri)
    return uris


class DatasetOrTimeSchedule:
    """Runs on ``timetable`` and also whenever ``datasets`` (a dataset or condition) is met."""

    def __init__(self, *, timetable, datasets=None, assets=None):
        condition = datasets if datasets is not None else assets
        if isinstance(condition, (list, tuple)):
            condition = DatasetAll(*condition)
        if not isinstance(condition, BaseDataset):
            raise TypeError("DatasetOrTimeSchedule(datasets=...) takes a dataset or a dataset condition, got %r"
                            % (condition,))
        if not hasattr(timetable, "_aloft_schedule"):
            raise TypeError("DatasetOrTimeSchedule(timetable=...) takes an airflow.timetables timetable, got %r"
                            % (timetable,))
        self.timetable = timetable
        self.datasets = condition

    def _aloft_schedule(self):
        schedule = dict(self.timetable._aloft_schedule())
        schedule["datasets"] = self.datasets._aloft_condition()
        return schedule


class AssetOrTimeSchedule(DatasetOrTimeSchedule):
    """Airflow 3's name for :class:`DatasetOrTimeSchedule` (``assets=``)."""
