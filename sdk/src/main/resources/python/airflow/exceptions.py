from airflow.sdk._exceptions import *  # noqa: F401,F403
from airflow.sdk._exceptions import (AirflowException, AirflowFailException, AirflowSensorTimeout,  # noqa: F401
                                     AirflowSkipException)
