"""The hourly pipeline as an Airflow DAG: what the original ran, made idempotent.

Every hour at minute 30, store exactly the hour that just ended (Airflow's data interval) with
`sensors pipeline --window FROM/TO`. A run is idempotent (readings are keyed by store, sensor and
hour), so retries, reruns and backfills (`airflow dags backfill`) never double a reading, and
`catchup=True` fills every missed interval since `start_date`. `max_active_runs=1`: one process
writes the DuckDB file at a time (a second one would get "database is in use by another process").

Set the Airflow Variable `sensors_home` to the checkout that holds `./sensors`, and
`sensors_api` to the client API's address.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

SENSORS_HOME = "{{ var.value.get('sensors_home', '/srv/sensors') }}"
SENSORS_API = "{{ var.value.get('sensors_api', 'http://127.0.0.1:8000') }}"

with DAG(
    dag_id="sensors_and_more_hourly",
    description="Fetch the last hour of footfall readings into DuckDB and refresh the views",
    schedule="30 * * * *",
    start_date=datetime(2024, 7, 1),
    catchup=True,
    max_active_runs=1,
    default_args={
        "retries": 3,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
    },
    tags=["sensors-and-more"],
) as dag:
    BashOperator(
        task_id="ingest_interval",
        # With minute 30 the interval is 13:30-14:30: its ends cut to the hour give [13:00, 14:00),
        # the hour that just ended. (On an "@hourly" schedule, `--window {{ data_interval_start }}/
        # {{ data_interval_end }}` works as it is: 2024-08-07T13:00:00+00:00 is read as 13:00.)
        # Hours are store-local, the offset is dropped, as the original's naive times were.
        bash_command=(
            f"cd {SENSORS_HOME} && ./sensors pipeline --api {SENSORS_API}"
            " --db data/sensors.duckdb --export data/views"
            " --window {{ data_interval_start.strftime('%Y-%m-%dT%H:00') }}"
            "/{{ data_interval_end.strftime('%Y-%m-%dT%H:00') }}"
        ),
    )
