"""The outbox on RQ (django-tasks-rq) instead of the database task backend: the same promise,
a lead sent exactly once, with the tasks in the Redis on 127.0.0.1:6379 and an RQ worker
running them. Selected with `-m rq`; CI runs them on both databases."""

import pytest
import redis
from django.utils import timezone

from intake.models import Delivery, DeliveryStatus, Lead
from intake.outbox import sweep
from tests.task_queues import QUEUES, rq_test_url

pytestmark = [pytest.mark.rq, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rq(settings):
    """The task API on RQ with empty queues; `rq.work()` runs every queued job in this process,
    as `manage.py rqworker --burst` would."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    url = rq_test_url()
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    connection.flushdb()
    settings.RQ_QUEUES = {queue: {"URL": url} for queue in QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}

    class Rq:
        def queue(self, name="email"):
            return django_rq.get_queue(name, job_class=Job)

        def work(self) -> None:
            worker = django_rq.get_worker(*QUEUES, job_class=Job, worker_class=SimpleWorker)
            worker.work(burst=True)

        def scheduled(self, name="email"):
            from rq.registry import ScheduledJobRegistry

            registry = ScheduledJobRegistry(queue=self.queue(name))
            return {
                job_id: registry.get_scheduled_time(job_id) for job_id in registry.get_job_ids()
            }

    yield Rq()
    connection.flushdb()


def test_a_lead_sent_through_the_form_is_delivered_by_an_rq_worker_exactly_once(
    client, contact_form, smtp_server, rq
):
    assert client.post("/bli-medlem/", contact_form()).status_code == 302
    lead = Lead.objects.get()
    deliveries = lead.deliveries.count()
    # Committed, then queued in Redis: one job per email.
    assert rq.queue().count == deliveries

    rq.work()
    # A job run twice (a worker retried it, the sweep queued it again) sends once.
    from intake.outbox import send_delivery

    for delivery in lead.deliveries.all():
        send_delivery.enqueue(delivery.pk)
    rq.work()

    assert set(lead.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(smtp_server.messages) == deliveries
    received = sorted(message["Message-ID"] for message in smtp_server.messages)
    assert received == sorted(lead.deliveries.values_list("message_id", flat=True))


def test_an_email_that_fails_on_rq_is_retried_through_rqs_scheduler(
    client, contact_form, local_smtp, rq
):
    # The mail server is down: every first attempt fails.
    assert client.post("/bli-medlem/", contact_form()).status_code == 302
    lead = Lead.objects.get()

    rq.work()

    waiting = list(lead.deliveries.all())
    assert {d.status for d in waiting} == {DeliveryStatus.WAITING}
    assert {d.attempts for d in waiting} == {1}
    scheduled = rq.scheduled()
    assert len(scheduled) == len(waiting)
    # RQ keeps the time in whole seconds.
    for delivery in waiting:
        assert any(
            abs((at - delivery.next_attempt_at).total_seconds()) < 2 for at in scheduled.values()
        )

    # A minute later the scheduler hands the jobs to the worker, and the server is back.
    local_smtp.start()
    Delivery.objects.update(next_attempt_at=timezone.now())
    queue = rq.queue()
    for job_id in scheduled:
        from rq.registry import ScheduledJobRegistry

        ScheduledJobRegistry(queue=queue).remove(job_id)
        queue.enqueue_job(queue.fetch_job(job_id))
    rq.work()

    assert set(lead.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(local_smtp.messages) == len(waiting)


def test_the_sweep_queues_again_an_email_whose_rq_job_was_lost(
    client, contact_form, smtp_server, rq
):
    assert client.post("/bli-medlem/", contact_form()).status_code == 302
    lead = Lead.objects.get()
    # Redis lost the jobs (a restart without persistence) after the lead was committed.
    rq.queue().empty()

    report = sweep(now=timezone.now() + timezone.timedelta(minutes=11))
    rq.work()

    assert sorted(report.requeued) == sorted(lead.deliveries.values_list("pk", flat=True))
    assert set(lead.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(smtp_server.messages) == lead.deliveries.count()


def test_on_rq_a_worker_gets_the_job_only_once_the_lead_is_committed(submit_lead, rq):
    from django.db import transaction

    from intake.models import DeliveryKind
    from intake.outbox import delivery_create

    with transaction.atomic():
        lead = Lead.objects.create(
            contact_name="Åse Ødegård",
            email="ase@bolgen.example",
            phone="+4791234567",
            company_name="Bølgen AS",
            county="troms",
            submission_token="rq-commit-test",
        )
        delivery_create(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)
        # A worker polling Redis now would find a job whose row it cannot yet see.
        queued_before_commit = rq.queue().count

    assert queued_before_commit == 0
    assert rq.queue().count == 1
