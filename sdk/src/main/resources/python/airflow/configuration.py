"""``from airflow.configuration import conf``: Aloft's effective configuration through Airflow's API.

The daemon puts the entries ``aloft config`` prints (secrets left out) into each GraalPy context's environment
as JSON (``_ALOFT_EFFECTIVE_CONFIG``); this module maps them onto Airflow's sections and options. Precedence,
as in Airflow: an ``AIRFLOW__SECTION__OPTION`` environment variable, then Aloft's value, then Airflow's default
for the handful of options DAG files commonly read. Every Aloft entry is also under the ``aloft`` section
(``conf.get("aloft", "xcom_max_bytes")``). Parsed on first use only.
"""

import os

from airflow.sdk._exceptions import AirflowConfigException


# Airflow (section, option) -> Aloft's key in the effective configuration.
_FROM_ALOFT = {
    ("core", "dags_folder"): "dags_folder",
    ("core", "plugins_folder"): "plugins_folder",
    ("core", "parallelism"): "parallelism",
    ("core", "dagbag_import_timeout"): "dag_import_timeout",
    ("logging", "base_log_folder"): "logs_folder",
    ("webserver", "web_server_port"): "port",
    ("api", "port"): "port",
}

# Airflow's defaults for options Aloft has no setting of its own for, as Aloft behaves.
_DEFAULTS = {
    ("core", "executor"): "LocalExecutor",
    ("core", "load_examples"): "False",
    ("core", "default_timezone"): "utc",
    ("core", "max_active_tasks_per_dag"): "16",
    ("core", "max_active_runs_per_dag"): "16",
    ("core", "dags_are_paused_at_creation"): "True",
    ("core", "default_task_retries"): "0",
    ("core", "max_map_length"): "1024",
    ("core", "unit_test_mode"): "False",
    ("core", "dag_run_conf_overrides_params"): "True",
    ("scheduler", "catchup_by_default"): "True",
    ("webserver", "base_url"): "http://localhost:8080",
    ("operators", "default_owner"): "airflow",
    ("operators", "default_queue"): "default",
}

_MISSING = object()


class AloftConfigParser:
    """The subset of Airflow's ``AirflowConfigParser`` DAG files use: get / getboolean / getint / getfloat /
    getjson / has_option / getsection, each with ``fallback=``."""

    def __init__(self):
        self._aloft = None

    def _values(self):
        if self._aloft is None:
            raw = os.environ.get("_ALOFT_EFFECTIVE_CONFIG")
            if raw:
                import json

                self._aloft = json.loads(raw)
            else:
                self._aloft = {}
        return self._aloft

    def _lookup(self, section, key):
        section, key = str(section).lower(), str(key).lower()
        env = os.environ.get("AIRFLOW__%s__%s" % (section.upper(), key.upper()))
        if env is not None:
            return env
        values = self._values()
        if section == "aloft":
            return values.get(key, _MISSING)
        aloft_key = _FROM_ALOFT.get((section, key))
        if aloft_key is not None and aloft_key in values:
            value = values[aloft_key]
            if aloft_key == "dag_import_timeout" and value.endswith("s"):
                value = value[:-1]
            return value
        return _DEFAULTS.get((section, key), _MISSING)

    def has_option(self, section, key):
        return self._lookup(section, key) is not _MISSING

    def get(self, section, key, fallback=_MISSING, **kwargs):
        value = self._lookup(section, key)
        if value is _MISSING:
            if fallback is not _MISSING:
                return fallback
            raise AirflowConfigException("section/key [%s/%s] not found in config: Aloft knows the options "
                                         "`aloft config` prints (under [aloft] and their Airflow names), "
                                         "AIRFLOW__%s__%s environment variables, and a few Airflow defaults; "
                                         "pass fallback=..." % (section, key, str(section).upper(),
                                                                str(key).upper()))
        return value

    def getboolean(self, section, key, fallback=_MISSING, **kwargs):
        value = self.get(section, key, fallback=fallback)
        if value is fallback and fallback is not _MISSING:
            return fallback
        text = str(value).strip().lower()
        if "#" in text:
            text = text.split("#", 1)[0].strip()
        if text in ("t", "true", "1", "yes", "on"):
            return True
        if text in ("f", "false", "0", "no", "off", ""):
            return False
        raise AirflowConfigException('Failed to convert value to bool. Please check "%s" key in "%s" section. '
                                     'Current value: "%s".' % (key, section, value))

    def _number(self, kind, section, key, fallback):
        value = self.get(section, key, fallback=fallback)
        if value is fallback and fallback is not _MISSING:
            return fallback
        try:
            return kind(value)
        except (TypeError, ValueError):
            raise AirflowConfigException('Failed to convert value to %s. Please check "%s" key in "%s" section. '
                                         'Current value: "%s".' % (kind.__name__, key, section, value))

    def getint(self, section, key, fallback=_MISSING, **kwargs):
        return self._number(int, section, key, fallback)

    def getfloat(self, section, key, fallback=_MISSING, **kwargs):
        return self._number(float, section, key, fallback)

    def getjson(self, section, key, fallback=_MISSING, **kwargs):
        value = self.get(section, key, fallback=fallback)
        if value is fallback and fallback is not _MISSING:
            return fallback
        import json

        return json.loads(value) if value else None

    def getsection(self, section):
        section = str(section).lower()
        if section == "aloft":
            return dict(self._values())
        out = {k: v for (s, k), v in _DEFAULTS.items() if s == section}
        out.update({k: self.get(s, k) for (s, k) in _FROM_ALOFT if s == section and self.has_option(s, k)})
        prefix = "AIRFLOW__%s__" % section.upper()
        out.update({k[len(prefix):].lower(): v for k, v in os.environ.items() if k.startswith(prefix)})
        return out or None

    def as_dict(self, **kwargs):
        sections = {s for s, _ in _DEFAULTS} | {s for s, _ in _FROM_ALOFT} | {"aloft"}
        return {s: self.getsection(s) or {} for s in sorted(sections)}


conf = AloftConfigParser()


def get(*args, **kwargs):
    return conf.get(*args, **kwargs)


def getboolean(*args, **kwargs):
    return conf.getboolean(*args, **kwargs)


def getint(*args, **kwargs):
    return conf.getint(*args, **kwargs)


def getfloat(*args, **kwargs):
    return conf.getfloat(*args, **kwargs)


def has_option(*args, **kwargs):
    return conf.has_option(*args, **kwargs)
