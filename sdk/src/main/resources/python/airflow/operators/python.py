from airflow.sdk._operators import (BranchPythonOperator, PythonOperator,  # noqa: F401
                                    ShortCircuitOperator, get_current_context)
from airflow.sdk._exceptions import AirflowException  # noqa: F401
from airflow.sdk._venv import (BranchExternalPythonOperator, BranchPythonVirtualenvOperator,  # noqa: F401
                               ExternalPythonOperator, PythonVirtualenvOperator, is_venv_installed)
