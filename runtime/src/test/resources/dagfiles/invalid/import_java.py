# expect-message: host lookup is not allowed
# `import java` finds GraalPy's module, but the context allows no host class lookup: no Java class is reachable.
from airflow import DAG
import java

java.type("java.lang.System").exit(1)
