"""A real procrastinate worker for the tests: runs every job that is due, in this process, then returns.

Only tests with a committed database (transactional_db) can use it: the worker has its own connection.
"""

from django.db import connection
from procrastinate.contrib.django import app


def clear_queue() -> None:
    """Empty procrastinate's tables (a flush leaves them: they are not Django's models)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers")


def run_worker() -> None:
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def queued(task: str) -> int:
    """How many jobs of this task wait to run."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s AND status = 'todo'", [task]
        )
        return cursor.fetchone()[0]
