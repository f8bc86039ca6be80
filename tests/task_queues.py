"""The outbox's tests run on each task backend the site supports (issue #15): the database
backend (django-tasks-db, the default) and RQ on Redis (django-tasks-rq). A test asks for the
`task_queue` fixture and says what a worker does in words both backends share: run what is
due, let time pass, lose every queued task, count what waits, finished or is scheduled.

The RQ variant uses its own Redis database (11, one more per xdist worker, or `RQ_TEST_URL`)
and is marked `rq` and transactional: with RQ the task is enqueued once the lead's transaction
has committed, so the test must commit as production does.
"""

import os
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

QUEUES = ["default", "email"]


def rq_test_url() -> str:
    if os.environ.get("RQ_TEST_URL"):
        return os.environ["RQ_TEST_URL"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{11 + int(worker.removeprefix('gw') or 0)}"


def _shift_retries(delta: timedelta) -> None:
    from intake.models import Delivery

    Delivery.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=F("next_attempt_at") - delta
    )


class DatabaseTaskQueue:
    """django-tasks-db: the tasks are rows in the same database as the leads."""

    backend = "db"

    def __init__(self, run_tasks):
        self._run_tasks = run_tasks

    def run(self) -> None:
        self._run_tasks()

    def advance(self, delta: timedelta) -> None:
        from django_tasks_db.models import DBTaskResult, get_date_max

        # Tasks without run_after carry the far-future sentinel, which means "now": keep it.
        DBTaskResult.objects.exclude(run_after=get_date_max()).update(
            run_after=F("run_after") - delta
        )
        _shift_retries(delta)

    def lose_all(self) -> None:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()

    def waiting(self) -> int:
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status="READY").count()

    def finished(self) -> int:
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status="SUCCESSFUL").count()

    def scheduled_for(self, delivery_id: int) -> list[datetime]:
        from django_tasks_db.models import DBTaskResult, get_date_max

        return [
            task.run_after
            for task in DBTaskResult.objects.filter(
                status="READY", args_kwargs__args=[delivery_id]
            ).exclude(run_after=get_date_max())
        ]


class RedisTaskQueue:
    """django-tasks-rq: the tasks are RQ jobs in Redis; `run()` does what an RQ worker and
    RQ's scheduler do (`manage.py rqworker --burst --with-scheduler`), in this process."""

    backend = "rq"

    def __init__(self, connection):
        self.connection = connection

    def _queues(self):
        import django_rq
        from django_tasks_rq.backend import Job

        return [django_rq.get_queue(name, job_class=Job) for name in QUEUES]

    def _scheduled(self):
        from rq.registry import ScheduledJobRegistry

        return [(queue, ScheduledJobRegistry(queue=queue)) for queue in self._queues()]

    def run(self) -> None:
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        now = timezone.now()
        for queue, registry in self._scheduled():
            for job_id in registry.get_jobs_to_schedule(now.timestamp()):
                registry.remove(job_id)
                queue.enqueue_job(queue.fetch_job(job_id))
        worker = django_rq.get_worker(*QUEUES, job_class=Job, worker_class=SimpleWorker)
        worker.work(burst=True)

    def advance(self, delta: timedelta) -> None:
        for _queue, registry in self._scheduled():
            for job_id in registry.get_job_ids():
                at = registry.get_scheduled_time(job_id)
                self.connection.zadd(registry.key, {job_id: (at - delta).timestamp()})
        _shift_retries(delta)

    def lose_all(self) -> None:
        for queue, registry in self._scheduled():
            queue.empty()
            for job_id in registry.get_job_ids():
                registry.remove(job_id)

    def waiting(self) -> int:
        return sum(queue.count for queue in self._queues()) + sum(
            registry.count for _queue, registry in self._scheduled()
        )

    def finished(self) -> int:
        return sum(queue.finished_job_registry.count for queue in self._queues())

    def scheduled_for(self, delivery_id: int) -> list[datetime]:
        times = []
        for queue, registry in self._scheduled():
            for job_id in registry.get_job_ids():
                if list(queue.fetch_job(job_id).args) == [delivery_id]:
                    times.append(registry.get_scheduled_time(job_id))
        return times
