# Airflow 2's deprecated SubDagOperator, as Airflow's example_subdag_operator uses it: the sub-DAG (id
# "<parent>.<task id>", built by a factory function with the parent's default_args) runs as a run of its own at the
# parent run's logical date, and the operator succeeds once that run has; a sub-DAG whose task fails fails its
# operator, and the tasks after it are upstream_failed. The sub-DAGs' own schedule ("@daily") never runs them.
# expect-run: failed
# expect-state: start success
# expect-state: section-1 success
# expect-state: some-other-task success
# expect-state: section-2 failed
# expect-state: end upstream_failed
# expect-log: section-1: subdag_operator.section-1
from datetime import datetime

from airflow.models.dag import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.operators.subdag import SubDagOperator


def subdag(parent_dag_name, child_dag_name, args, fail=False):
    dag_subdag = DAG(dag_id="%s.%s" % (parent_dag_name, child_dag_name), default_args=args,
                     start_date=datetime(2022, 1, 1), schedule="@daily")
    for i in range(3):
        EmptyOperator(task_id="%s-task-%d" % (child_dag_name, i + 1), default_args=args, dag=dag_subdag)
    if fail:
        BashOperator(task_id="%s-fails" % child_dag_name, bash_command="exit 1", dag=dag_subdag)
    return dag_subdag


with DAG(dag_id="subdag_operator", default_args={"retries": 0}, start_date=datetime(2022, 1, 1),
         schedule="@once") as dag:
    start = EmptyOperator(task_id="start")
    section_1 = SubDagOperator(task_id="section-1", subdag=subdag("subdag_operator", "section-1", dag.default_args),
                               poke_interval=1)
    some_other_task = EmptyOperator(task_id="some-other-task")
    section_2 = SubDagOperator(task_id="section-2",
                               subdag=subdag("subdag_operator", "section-2", dag.default_args, fail=True),
                               poke_interval=1)
    end = EmptyOperator(task_id="end")
    start >> section_1 >> some_other_task >> section_2 >> end
