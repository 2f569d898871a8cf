# Plugin shims add subpackages (airflow.providers.docker) from their own folders on sys.path.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)
