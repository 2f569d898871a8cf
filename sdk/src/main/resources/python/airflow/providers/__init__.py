# Plugins ship subpackages of these packages (airflow.providers.docker) in their own folders on sys.path.
from airflow._paths import extend_path as _extend_path

__path__ = _extend_path(__path__, __name__)
