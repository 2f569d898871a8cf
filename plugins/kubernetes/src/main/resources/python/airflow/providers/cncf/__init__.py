"""``airflow.providers.cncf``: the Kubernetes provider's parent package, shipped by Aloft's kubernetes plugin."""
