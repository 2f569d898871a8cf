"""``airflow.plugins_manager.AirflowPlugin``: what a DAG file (or a module on the Python path it imports) defines
to extend Airflow. Aloft honours ``priority_weight_strategies`` (defining the subclass registers them, see
``airflow.task.priority_strategy``); the other attributes are accepted and ignored, since Aloft's web UI, REST
API and operators are extended by its own Java plugins (``plugins_folder``).
"""
from airflow.task import priority_strategy as _priority_strategy


class AirflowPluginException(Exception):
    """A plugin that cannot be loaded."""


class AirflowPlugin:
    """Subclass it with a ``name``; its ``priority_weight_strategies`` are registered when the class is defined."""

    name = None
    source = None
    hooks = []
    executors = []
    macros = []
    admin_views = []
    flask_blueprints = []
    menu_links = []
    appbuilder_views = []
    appbuilder_menu_items = []
    global_operator_extra_links = []
    operator_extra_links = []
    timetables = []
    listeners = []
    priority_weight_strategies = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for strategy in cls.priority_weight_strategies or []:
            _priority_strategy.register(strategy)

    @classmethod
    def validate(cls):
        if not cls.name:
            raise AirflowPluginException("Your plugin needs a name.")

    @classmethod
    def on_load(cls, *args, **kwargs):
        """Called by Airflow when the plugin is loaded; Aloft registers the plugin's strategies on definition."""
