"""Tasks the worker runs for privacy (Django's task API; `manage.py db_worker`)."""

from django_tasks import task

from privacy.retention import retention_enforce


@task()
def enforce_retention() -> dict[str, int]:
    """The retention run, for a scheduler that enqueues tasks rather than running commands
    (`enforce_retention.enqueue()`). Returns the totals; the counts per kind of record are
    on the recorded run in the admin."""
    run = retention_enforce()
    return {"run": run.pk, **run.totals()}
