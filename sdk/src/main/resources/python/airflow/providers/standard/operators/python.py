from airflow.sdk._operators import (BranchPythonOperator, PythonOperator,  # noqa: F401
                                    ShortCircuitOperator, get_current_context)
