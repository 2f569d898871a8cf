"""Datasets (Airflow 2.4+) and assets (Airflow 3): what a task updates (``outlets=``) and what a DAG waits for
(``schedule=[...]``, ``&``/``|`` conditions). Only the URIs and the condition tree travel into the DAG spec; the
Java scheduler decides when a consumer runs. Standard library only."""

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
