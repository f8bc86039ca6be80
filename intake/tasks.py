"""Tasks the worker runs (Django's task API; `manage.py db_worker` executes them)."""

from django_tasks import task


@task(queue_name="email")
def send_delivery(delivery_id: int) -> None:
    """Send one outbox row. Enqueued in the same transaction that created the delivery."""
    # The email-delivery work fills this in: render, send, record the attempt, retry.
    raise NotImplementedError
