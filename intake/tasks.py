"""Tasks the worker runs (Django's task API; `manage.py db_worker` executes them)."""

from django_tasks import task

from intake import outbox


@task(queue_name="email")
def send_delivery(delivery_id: int) -> str:
    """Send one outbox row. Enqueued in the same transaction that created the delivery, and
    again by its own retries and by the outbox sweep; running it twice sends once."""
    return outbox.send(delivery_id)
