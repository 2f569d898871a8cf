# expect-line: 6
# expect-message: polyglot access is not allowed
# GraalPy's polyglot module imports (its re module needs it), but the context allows no polyglot access.
from airflow import DAG
import polyglot
polyglot.eval(language="java", string="java.lang.Runtime")
