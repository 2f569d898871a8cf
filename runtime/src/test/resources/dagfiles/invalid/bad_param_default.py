# expect-message: Invalid default value for param 'count' of DAG 'bad_param_default'
from datetime import datetime

from airflow import DAG
from airflow.models.param import Param

dag = DAG("bad_param_default", start_date=datetime(2024, 1, 1), schedule=None,
          params={"count": Param(0, type="integer", minimum=1), "name": Param("x", type="string")})
