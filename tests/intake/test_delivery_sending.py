"""The worker sends each outbox row once, with the content and headers each reader needs, on
each task backend (`task_queue`: the database and RQ)."""

import pytest
from django.conf import settings

from intake import outbox
from intake.models import Delivery, DeliveryKind, DeliveryStatus
from intake.outbox import send_delivery

pytestmark = pytest.mark.django_db


def _sent_to(mailoutbox, address):
    return [message for message in mailoutbox if address in message.to]


def test_worker_sends_a_waiting_delivery_and_marks_it_sent_with_its_message_id(
    submit_lead, task_queue, mailoutbox
):
    lead = submit_lead()

    task_queue.run()

    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    assert routing.status == DeliveryStatus.SENT
    assert routing.attempts == 1
    assert routing.sent_at is not None
    [message] = _sent_to(mailoutbox, "leads@nord.example")
    assert routing.message_id.startswith("<") and routing.message_id.endswith("@mestergruppen.no>")
    assert message.extra_headers["Message-ID"] == routing.message_id
    assert message.message()["Message-ID"] == routing.message_id
    assert lead.deliveries.get(kind=DeliveryKind.RECEIPT).status == DeliveryStatus.SENT


def test_running_the_task_twice_sends_the_email_once(submit_lead, task_queue, mailoutbox):
    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    send_delivery.enqueue(routing.pk)  # a duplicate task, as a sweep or a redelivery makes

    task_queue.run()
    assert outbox.send(routing.pk) == "skipped: sent"

    assert len(_sent_to(mailoutbox, "leads@nord.example")) == 1
    routing.refresh_from_db()
    assert routing.attempts == 1
    assert task_queue.finished() == 3


def test_a_delivered_delivery_is_left_alone_by_a_late_task(submit_lead, mailoutbox):
    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    Delivery.objects.filter(pk=routing.pk).update(status=DeliveryStatus.DELIVERED)

    assert outbox.send(routing.pk) == "skipped: delivered"
    assert mailoutbox == []


def test_routing_email_to_the_subsidiary_has_the_leads_details_and_a_link_to_the_admin(
    submit_lead, task_queue, mailoutbox
):
    lead = submit_lead(org_number="923609016")

    task_queue.run()

    [message] = _sent_to(mailoutbox, "leads@nord.example")
    html = message.alternatives[0][0]
    admin_url = f"{settings.SITE_URL}/admin/intake/lead/{lead.pk}/change/"
    for part in (message.body, html):
        assert lead.reference in part
        assert "923609016" in part
        assert "+4791234567" in part
        assert "ase@bolgen.example" in part
        assert "Troms" in part
        assert admin_url in part
    assert "Bølgen & Blå AS" in message.body
    assert "Åse Ødegård" in message.body
    assert "Vi vil gjerne bli med i kjeden.\nHilsen Åse på Tromsøya" in message.body
    assert "Bølgen &amp; Blå AS" in html
    assert "Vi vil gjerne bli med i kjeden.<br>Hilsen Åse på Tromsøya" in html
    assert message.reply_to == ["ase@bolgen.example"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_routing_subject_carries_the_reference_and_county_but_nothing_the_prospect_typed(
    submit_lead, task_queue, mailoutbox
):
    lead = submit_lead()

    task_queue.run()

    [message] = _sent_to(mailoutbox, "leads@nord.example")
    assert message.subject == f"Ny henvendelse {lead.reference} fra kontaktskjemaet – Troms"


def test_html_in_what_the_prospect_typed_is_shown_as_text_in_the_routing_email(
    submit_lead, task_queue, mailoutbox
):
    submit_lead(company_name='<a href="https://spam.example">Klikk</a> AS')

    task_queue.run()

    [message] = _sent_to(mailoutbox, "leads@nord.example")
    html = message.alternatives[0][0]
    assert "https://spam.example" in html
    assert '<a href="https://spam.example">' not in html


def test_a_reply_to_that_is_not_one_valid_address_is_left_out(submit_lead, task_queue, mailoutbox):
    submit_lead(email="ase@bolgen.example, victim@elsewhere.example")

    task_queue.run()

    [message] = _sent_to(mailoutbox, "leads@nord.example")
    assert message.reply_to == []


def test_receipt_gives_the_reference_and_subsidiary_and_links_to_privacy_pages(
    submit_lead, task_queue, mailoutbox
):
    lead = submit_lead()

    task_queue.run()

    [receipt] = _sent_to(mailoutbox, "ase@bolgen.example")
    html = receipt.alternatives[0][0]
    assert lead.reference in receipt.subject
    for part in (receipt.body, html):
        assert lead.reference in part
        assert "Byggmesterkjeden Nord" in part
        assert f"{settings.SITE_URL}/personvern/" in part
        assert f"{settings.SITE_URL}/personvern/dine-rettigheter/" in part
    assert receipt.extra_headers["Auto-Submitted"] == "auto-generated"


def test_receipt_never_repeats_the_message_the_company_or_the_name(
    submit_lead, task_queue, mailoutbox
):
    submit_lead(
        contact_name="Vinn en iPhone på spam.example",
        company_name="Billige klokker AS",
        message="Besøk https://spam.example nå",
    )

    task_queue.run()

    [receipt] = _sent_to(mailoutbox, "ase@bolgen.example")
    whole = receipt.message().as_string() + receipt.body + receipt.alternatives[0][0]
    for typed in ("spam.example", "iPhone", "Billige klokker", "Besøk"):
        assert typed not in whole


def test_receipt_to_an_english_speaking_prospect_is_in_english_but_routing_stays_norwegian(
    submit_lead, task_queue, mailoutbox
):
    submit_lead(language="en")

    task_queue.run()

    [receipt] = _sent_to(mailoutbox, "ase@bolgen.example")
    assert receipt.subject.startswith("We have received your enquiry")
    assert "passed it on to Byggmesterkjeden Nord" in receipt.body
    assert f"{settings.SITE_URL}/en/personvern/dine-rettigheter/" in receipt.body
    assert receipt.extra_headers["Content-Language"] == "en"
    [routing] = _sent_to(mailoutbox, "leads@nord.example")
    assert routing.subject.startswith("Ny henvendelse")


def test_a_lead_without_a_subsidiary_goes_to_the_central_inbox(submit_lead, task_queue, mailoutbox):
    lead = submit_lead(subsidiary=None)

    task_queue.run()

    [message] = _sent_to(mailoutbox, settings.CENTRAL_INBOX_EMAIL)
    assert lead.reference in message.subject
    [receipt] = _sent_to(mailoutbox, "ase@bolgen.example")
    assert "Mestergruppen sentralt" in receipt.body


def test_receipt_links_to_the_statement_version_the_prospect_acknowledged(
    submit_lead, privacy_statement, task_queue, mailoutbox
):
    submit_lead(privacy_statement=privacy_statement)

    task_queue.run()

    [receipt] = _sent_to(mailoutbox, "ase@bolgen.example")
    version_url = settings.SITE_URL + privacy_statement.get_absolute_url()
    assert version_url != f"{settings.SITE_URL}/personvern/"
    assert version_url in receipt.body
    assert version_url in receipt.alternatives[0][0]
