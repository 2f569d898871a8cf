from airflow.sdk._operators import (BranchPythonOperator, PythonOperator,  # noqa: F401
                                    ShortCircuitOperator, get_current_context)
from airflow.sdk._venv import ExternalPythonOperator, PythonVirtualenvOperator, is_venv_installed  # noqa: F401
