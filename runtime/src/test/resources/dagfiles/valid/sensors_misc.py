import datetime

from airflow import DAG
from airflow.operators.dummy import DummyOperator
from airflow.operators.latest_only import LatestOnlyOperator
from airflow.sensors.bash import BashSensor
from airflow.sensors.time_sensor import TimeSensor
from airflow.sensors.weekday import DayOfWeekSensor
from airflow.decorators import task
from airflow.utils.weekday import WeekDay

dag = DAG(
    dag_id="sensors_misc",
    schedule_interval="@weekly",
    start_date=datetime.datetime(2023, 6, 1, tzinfo=datetime.timezone.utc),
    catchup=True,
    description="classic style with dag=",
)

latest = LatestOnlyOperator(task_id="latest_only", dag=dag)
bash_sensor = BashSensor(task_id="bash_sensor", bash_command="test -f /tmp/x", dag=dag, poke_interval=10)
at_noon = TimeSensor(task_id="at_noon", target_time=datetime.time(12, 0), dag=dag)
weekend = DayOfWeekSensor(task_id="weekend", week_day={WeekDay.SATURDAY, WeekDay.SUNDAY},
                          use_task_logical_date=True, dag=dag)
legacy = DummyOperator(task_id="legacy")
legacy.dag = dag


@task.sensor(poke_interval=1, timeout=10, mode="poke", dag=dag)
def ready():
    return True


latest >> [bash_sensor, at_noon] >> weekend >> legacy
legacy >> ready()
