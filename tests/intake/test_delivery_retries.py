"""A delivery that cannot be sent is retried with back-off for about a day, then reported, on
each task backend (`task_queue`: the database and RQ)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from intake import outbox
from intake.models import Delivery, DeliveryKind, DeliveryStatus

pytestmark = pytest.mark.django_db


def test_retries_wait_one_two_four_minutes_and_spread_over_about_a_day():
    delays = [outbox.retry_delay(attempt) for attempt in range(1, outbox.MAX_ATTEMPTS)]

    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == timedelta(hours=8)
    assert timedelta(hours=22) <= sum(delays, timedelta()) <= timedelta(hours=26)


def test_a_failed_attempt_is_recorded_and_a_retry_scheduled_with_back_off(
    submit_lead, local_smtp, task_queue
):
    lead = submit_lead()  # the SMTP server is down: connections are refused
    before = timezone.now()

    task_queue.run()

    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    assert routing.status == DeliveryStatus.WAITING
    assert routing.attempts == 1
    assert routing.last_error.startswith("ConnectionRefusedError")
    assert before + timedelta(minutes=1) <= routing.next_attempt_at
    assert routing.next_attempt_at <= timezone.now() + timedelta(minutes=1)
    # The retry is handed to the backend's own scheduler (RQ keeps whole seconds).
    [retry_at] = task_queue.scheduled_for(routing.pk)
    assert abs(retry_at - routing.next_attempt_at) < timedelta(seconds=1)


def test_the_second_failure_waits_twice_as_long(submit_lead, local_smtp, task_queue):
    lead = submit_lead()
    task_queue.run()
    task_queue.advance(timedelta(minutes=1))

    task_queue.run()

    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    assert routing.attempts == 2
    wait = routing.next_attempt_at - timezone.now()
    assert timedelta(minutes=1, seconds=50) < wait <= timedelta(minutes=2)


def test_after_the_last_attempt_the_delivery_fails_and_the_central_inbox_is_alerted(
    submit_lead, local_smtp, task_queue, settings, mailoutbox
):
    lead = submit_lead(message="Hemmelig plan for Tromsø-avdelingen")
    for _attempt in range(outbox.MAX_ATTEMPTS):
        task_queue.run()
        task_queue.advance(timedelta(hours=9))

    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    assert routing.status == DeliveryStatus.FAILED
    assert routing.attempts == outbox.MAX_ATTEMPTS
    alerts = lead.deliveries.filter(kind=DeliveryKind.ALERT)
    assert {alert.about.kind for alert in alerts} == {DeliveryKind.ROUTING, DeliveryKind.RECEIPT}

    # The email server is back for the alerts.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue.run()

    assert all(message.to == [settings.CENTRAL_INBOX_EMAIL] for message in mailoutbox)
    [alert] = [m for m in mailoutbox if "leads@nord.example" in m.body]
    assert lead.reference in alert.subject
    assert "Feilet" in alert.subject
    assert f"{settings.SITE_URL}/admin/intake/lead/{lead.pk}/change/" in alert.body
    assert "ConnectionRefusedError" in alert.body
    for message in mailoutbox:
        whole = message.body + message.alternatives[0][0] + message.subject
        assert "Hemmelig plan" not in whole
        assert "Bølgen" not in whole
        assert "ase@bolgen.example" not in whole


def test_an_address_the_server_refuses_for_good_fails_at_once_and_alerts(
    submit_lead, smtp_server, task_queue
):
    async def refuse_recipient(server, session, envelope, address, rcpt_options):
        if address == "leads@nord.example":
            return "550 5.1.1 Mailbox does not exist"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = refuse_recipient
    lead = submit_lead()

    task_queue.run()

    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    assert routing.status == DeliveryStatus.FAILED
    assert routing.attempts == 1
    assert "SMTPRecipientsRefused" in routing.last_error
    assert "leads@nord.example" not in routing.last_error
    assert routing.alerts.count() == 1


def test_an_alert_that_cannot_be_delivered_does_not_alert_again(submit_lead, local_smtp):
    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    alert = Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ALERT,
        recipient=settings.CENTRAL_INBOX_EMAIL,
        about=routing,
        attempts=outbox.MAX_ATTEMPTS - 1,
    )

    assert outbox.send(alert.pk) == "failed"

    assert lead.deliveries.filter(kind=DeliveryKind.ALERT).count() == 1


def test_a_restriction_placed_while_a_delivery_waits_stops_it_from_being_sent(
    submit_lead, local_smtp, task_queue, settings, mailoutbox
):
    from privacy.services import subject_restrict

    lead = submit_lead()
    task_queue.run()  # the first attempt fails: the server is down
    subject_restrict(email=lead.email, reason="Art. 18-krav")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue.advance(timedelta(minutes=1))

    task_queue.run()

    assert mailoutbox == []
    for delivery in lead.deliveries.all():
        assert delivery.status == DeliveryStatus.FAILED
        assert "art. 18" in delivery.last_error
