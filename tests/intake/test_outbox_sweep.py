"""The outbox sweep: nothing waits forever because a task was lost or a worker died.

The tests with `task_queue` run on each task backend (the database and RQ); the others are
about the database backend, whose tasks the sweep can see (on RQ it queues every overdue row
again and the task skips what is already sent: tests/intake/test_outbox_on_rq.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.models import Delivery, DeliveryKind, DeliveryStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphaned_delivery(submit_lead, task_queue):
    """A routing delivery whose task is gone, as after a crash between commit and enqueue
    with a backend outside the database, Redis restarted without its data, or a pruned task
    table."""
    lead = submit_lead()
    task_queue.lose_all()
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=30))
    return lead.deliveries.get(kind=DeliveryKind.ROUTING)


def test_the_sweep_requeues_a_waiting_delivery_that_lost_its_task_and_it_is_sent(
    orphaned_delivery, task_queue, mailoutbox, capsys
):
    call_command("sweep_outbox")

    assert "Lagt i kø igjen: 2." in capsys.readouterr().out
    task_queue.run()
    orphaned_delivery.refresh_from_db()
    assert orphaned_delivery.status == DeliveryStatus.SENT
    assert [m.to for m in mailoutbox if "leads@nord.example" in m.to] == [["leads@nord.example"]]


def test_the_sweep_leaves_deliveries_with_a_live_task_alone(submit_lead):
    submit_lead()
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=30))

    call_command("sweep_outbox")

    assert DBTaskResult.objects.count() == 2


def test_the_sweep_leaves_a_fresh_delivery_to_its_task(submit_lead, task_queue):
    submit_lead()
    task_queue.lose_all()

    call_command("sweep_outbox")

    assert task_queue.waiting() == 0


def test_a_retry_whose_task_is_stuck_running_on_a_dead_worker_is_requeued(submit_lead, run_tasks):
    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    # The worker claimed the task an hour ago and died before it touched the delivery.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(hours=1))
    Delivery.objects.update(created_at=timezone.now() - timedelta(hours=1))

    call_command("sweep_outbox")
    run_tasks()

    routing.refresh_from_db()
    assert routing.status == DeliveryStatus.SENT


def test_a_delivery_left_sending_by_a_dead_worker_is_failed_as_unknown_and_alerted(
    submit_lead, mailoutbox, run_tasks
):
    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    Delivery.objects.filter(pk=routing.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=1,
        message_id="<lead.1@mestergruppen.no>",
        status_changed_at=timezone.now() - timedelta(hours=1),
    )
    DBTaskResult.objects.all().delete()

    call_command("sweep_outbox")

    routing.refresh_from_db()
    assert routing.status == DeliveryStatus.FAILED
    assert "Utfallet er ukjent" in routing.last_error
    [alert] = routing.alerts.all()
    run_tasks()
    # At most once: the delivery itself is not sent again, only the alert goes out.
    assert [m.to for m in mailoutbox] == [[alert.recipient]]


def test_a_duplicate_task_does_not_jump_ahead_of_a_scheduled_retry(submit_lead, mailoutbox):
    from intake import outbox

    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    Delivery.objects.filter(pk=routing.pk).update(
        attempts=3, next_attempt_at=timezone.now() + timedelta(minutes=8)
    )

    assert outbox.send(routing.pk) == "skipped: not due"
    assert mailoutbox == []
