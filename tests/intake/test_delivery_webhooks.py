"""The email provider's tracking webhooks (through Anymail) update each delivery, and a lead
whose email bounced or was refused is reported, so it never silently disappears.

Posted to the real URL with the provider's payload (Postmark's format) and basic auth: the
provider is the only thing outside our walls.
"""

import base64
import json

import pytest
from django.conf import settings as django_settings

from intake.models import Delivery, DeliveryKind, DeliveryStatus

pytestmark = pytest.mark.django_db

WEBHOOK_URL = "/anymail/postmark/tracking/"
SECRET = "postmark:kj7Hsd9-2kdLq"
POSTMARK_ID = "883953f4-6105-42a2-a16a-77a8eac79483"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.ANYMAIL = {**django_settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def sent_routing(submit_lead, run_tasks):
    """A routing email the provider accepted and named by its own id."""
    lead = submit_lead()
    run_tasks()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    Delivery.objects.filter(pk=routing.pk).update(provider_message_id=POSTMARK_ID)
    routing.refresh_from_db()
    return routing


def post_event(client, event: dict, *, auth: str | None = SECRET):
    headers = {}
    if auth is not None:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(
        WEBHOOK_URL, data=json.dumps(event), content_type="application/json", **headers
    )


def bounce(message_id: str = POSTMARK_ID, **changes) -> dict:
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": message_id,
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 <leads@nord.example>: the email account does not exist",
        "Email": "leads@nord.example",
        "BouncedAt": "2026-11-25T10:33:54Z",
        "Metadata": {},
        **changes,
    }


def delivered(message_id: str = POSTMARK_ID, **changes) -> dict:
    return {
        "RecordType": "Delivery",
        "MessageID": message_id,
        "Recipient": "leads@nord.example",
        "DeliveredAt": "2026-11-25T10:30:00Z",
        "Details": "250 2.0.0 OK",
        "Metadata": {},
        **changes,
    }


def test_a_bounce_marks_the_delivery_bounced_and_alerts_the_central_inbox(
    client, sent_routing, run_tasks, mailoutbox
):
    response = post_event(client, bounce())

    assert response.status_code == 200
    sent_routing.refresh_from_db()
    assert sent_routing.status == DeliveryStatus.BOUNCED
    assert "leads@nord.example" not in sent_routing.last_error
    mailoutbox.clear()
    run_tasks()
    [alert] = mailoutbox
    assert alert.to == [django_settings.CENTRAL_INBOX_EMAIL]
    assert sent_routing.lead.reference in alert.subject
    assert "Avvist" in alert.subject


def test_a_bounce_reported_twice_alerts_once(client, sent_routing):
    post_event(client, bounce())
    post_event(client, bounce())

    assert sent_routing.alerts.count() == 1


def test_a_delivered_event_marks_the_delivery_delivered_without_alerting(client, sent_routing):
    post_event(client, delivered())

    sent_routing.refresh_from_db()
    assert sent_routing.status == DeliveryStatus.DELIVERED
    assert sent_routing.alerts.count() == 0


def test_a_late_delivered_event_does_not_hide_a_bounce(client, sent_routing):
    post_event(client, bounce())
    post_event(client, delivered())

    sent_routing.refresh_from_db()
    assert sent_routing.status == DeliveryStatus.BOUNCED


def test_a_spam_complaint_marks_the_delivery_and_alerts(client, sent_routing):
    post_event(
        client,
        {
            "RecordType": "SpamComplaint",
            "Type": "SpamComplaint",
            "MessageID": POSTMARK_ID,
            "Email": "leads@nord.example",
            "BouncedAt": "2026-11-25T11:00:00Z",
        },
    )

    sent_routing.refresh_from_db()
    assert sent_routing.status == DeliveryStatus.COMPLAINED
    assert sent_routing.alerts.count() == 1


def test_an_event_naming_our_message_id_finds_the_delivery(client, submit_lead, run_tasks):
    lead = submit_lead()
    run_tasks()
    receipt = lead.deliveries.get(kind=DeliveryKind.RECEIPT)

    post_event(client, bounce(receipt.message_id.strip("<>"), Email="ase@bolgen.example"))

    receipt.refresh_from_db()
    assert receipt.status == DeliveryStatus.BOUNCED
    assert receipt.alerts.count() == 1


def test_the_provider_is_given_the_delivery_id_and_its_events_find_the_delivery_by_it(
    client, submit_lead, run_tasks, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    lead = submit_lead()
    run_tasks()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    [sent] = [m for m in mailoutbox if m.to == ["leads@nord.example"]]
    assert sent.anymail_test_params["metadata"] == {"delivery": str(routing.pk)}

    post_event(client, delivered("an-id-we-never-saw", Metadata={"delivery": str(routing.pk)}))

    routing.refresh_from_db()
    assert routing.status == DeliveryStatus.DELIVERED


def test_the_delivery_id_alone_does_not_match_a_delivery_to_another_address(client, sent_routing):
    post_event(
        client,
        bounce("an-id-we-never-saw", Email="other@x.example", Metadata={"delivery": "1"}),
    )
    post_event(
        client,
        bounce(
            "an-id-we-never-saw",
            Email="other@x.example",
            Metadata={"delivery": str(sent_routing.pk)},
        ),
    )

    assert Delivery.objects.filter(status=DeliveryStatus.BOUNCED).count() == 0


@pytest.mark.parametrize("auth", [None, "postmark:wrong"])
def test_a_webhook_post_without_the_right_credentials_is_refused_and_changes_nothing(
    client, sent_routing, auth
):
    response = post_event(client, bounce(), auth=auth)

    assert response.status_code == 400
    sent_routing.refresh_from_db()
    assert sent_routing.status == DeliveryStatus.SENT
    assert sent_routing.alerts.count() == 0


def test_without_a_webhook_secret_tracking_events_change_nothing(client, sent_routing, settings):
    from anymail.exceptions import AnymailInsecureWebhookWarning

    settings.ANYMAIL = {}

    with pytest.warns(AnymailInsecureWebhookWarning):
        post_event(client, bounce(), auth=None)

    sent_routing.refresh_from_db()
    assert sent_routing.status == DeliveryStatus.SENT


@pytest.mark.slow
def test_production_with_an_email_provider_refuses_to_start_without_a_webhook_secret():
    from tests.site.test_settings import PRODUCTION_ENV, run_manage

    env = {**PRODUCTION_ENV, "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend"}

    refused = run_manage("check", env=env)
    started = run_manage("check", env={**env, "ANYMAIL_WEBHOOK_SECRET": SECRET})

    assert refused.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET" in refused.stderr
    assert started.returncode == 0, started.stderr
