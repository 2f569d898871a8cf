"""The ``airflow.assets`` import path of Airflow 3's pre-releases (``Asset``, ``AssetAlias``; ``Dataset`` kept)."""

from airflow.sdk._datasets import (Asset, AssetAlias, AssetAll, AssetAny, BaseDataset, Dataset,  # noqa: F401
                                   DatasetAlias, DatasetAll, DatasetAny)
