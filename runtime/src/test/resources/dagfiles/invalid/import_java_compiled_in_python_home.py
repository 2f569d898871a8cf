# expect-message: host lookup is not allowed
# The bypass of the former file-name based import blocker (issue 17, item 8): code compiled under a file name
# inside GraalPy's home. Nothing checks file names any more; the context's configuration refuses the lookup.
import os
from airflow import DAG

exec(compile("import java", os.__file__, "exec"))
java.type("java.lang.Runtime").getRuntime().exec("touch /tmp/aloft-escaped")
