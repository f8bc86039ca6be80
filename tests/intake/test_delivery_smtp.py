"""Leads sent through a real SMTP server (aiosmtpd on 127.0.0.1), read back as a mail client
reads them: the letters, the headers, and what happens while the server is away; on each task
backend (`task_queue`: the database and RQ)."""

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command

from intake.models import County, Delivery, DeliveryKind, DeliveryStatus, Lead

pytestmark = [pytest.mark.smtp, pytest.mark.django_db]


def arrived_for(server, address):
    return [message for message in server.messages if message["To"] == address]


def subject(message) -> str:
    # Django 5.2 folds a long encoded subject onto its own line; the unfolded value starts
    # with that fold's space, which mail clients drop too.
    return message["Subject"].strip()


def text_and_html(message) -> tuple[str, str]:
    # SMTP carries CRLF line ends; a mail client shows lines.
    return tuple(
        message.get_body((subtype,)).get_content().replace("\r\n", "\n")
        for subtype in ("plain", "html")
    )


def test_a_submitted_lead_arrives_with_norwegian_letters_intact_and_replies_to_the_prospect(
    client, contact_form, smtp_server, task_queue
):
    response = client.post(
        "/bli-medlem/",
        contact_form(
            contact_name="Åse Ødegård",
            company_name="Bølgen & Blå AS",
            county=County.MORE_OG_ROMSDAL,
            message="Vi bygger hytter på Ørsta.\nHilsen Åse",
        ),
    )
    assert response.status_code == 302
    lead = Lead.objects.get()

    task_queue.run()

    [routing] = arrived_for(smtp_server, "post@mesterhus.example")
    assert subject(routing) == (
        f"Ny henvendelse {lead.reference} fra kontaktskjemaet – Møre og Romsdal"
    )
    assert routing["Reply-To"] == "ase@byggmester-odegard.example"
    assert routing["From"] == settings.DEFAULT_FROM_EMAIL
    delivery = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    assert routing["Message-ID"] == delivery.message_id
    text, html = text_and_html(routing)
    for expected in ("Åse Ødegård", "Bølgen & Blå AS", "Vi bygger hytter på Ørsta.\nHilsen Åse"):
        assert expected in text
    assert "Bølgen &amp; Blå AS" in html
    assert "Åse Ødegård" in html
    assert f"{settings.SITE_URL}/admin/intake/lead/{lead.pk}/change/" in html

    [receipt] = arrived_for(smtp_server, "ase@byggmester-odegard.example")
    assert subject(receipt) == f"Vi har mottatt henvendelsen din ({lead.reference})"
    text, html = text_and_html(receipt)
    assert "Mesterhus" in text and "Mesterhus" in html
    assert "Bølgen" not in text + html and "Ørsta" not in text + html


def test_line_breaks_typed_into_the_form_add_no_header(
    client, contact_form, smtp_server, task_queue
):
    client.post(
        "/bli-medlem/",
        contact_form(
            contact_name="Åse\r\nBcc: victim@elsewhere.example",
            company_name="Bølgen\nBcc: victim@elsewhere.example",
        ),
    )

    task_queue.run()

    assert smtp_server.envelopes
    for envelope, message in zip(smtp_server.envelopes, smtp_server.messages, strict=True):
        assert "Bcc" not in message
        assert not any("elsewhere" in address for address in envelope.rcpt_tos)
        assert all("victim" not in str(value) for value in message.values())


def test_a_stored_name_and_address_with_line_breaks_cannot_inject_headers(
    submit_lead, smtp_server, task_queue
):
    # Past the form (which strips line breaks): the email layer must hold on its own.
    lead = submit_lead(
        contact_name="Åse Ødegård\r\nBcc: victim@elsewhere.example",
        company_name="Bølgen & Blå AS\r\nBcc: victim@elsewhere.example",
        email="ase@bolgen.example\r\nBcc: victim@elsewhere.example",
    )

    task_queue.run()

    [routing] = arrived_for(smtp_server, "leads@nord.example")
    assert "Bcc" not in routing
    assert "Reply-To" not in routing
    assert "Åse Ødegård" in routing.get_body(("plain",)).get_content()
    recipients = {address for envelope in smtp_server.envelopes for address in envelope.rcpt_tos}
    assert recipients == {"leads@nord.example", settings.CENTRAL_INBOX_EMAIL}
    receipt = lead.deliveries.get(kind=DeliveryKind.RECEIPT)
    assert receipt.status == DeliveryStatus.FAILED
    assert receipt.alerts.count() == 1


def test_while_smtp_refuses_connections_leads_wait_and_each_arrives_once_when_it_returns(
    client, contact_form, local_smtp, task_queue, settings
):
    settings.INTAKE_RATE_LIMIT = 0
    for number in range(3):
        response = client.post(
            "/bli-medlem/", contact_form(company_name=f"Bedrift nummer {number} AS")
        )
        assert response.status_code == 302
    assert Lead.objects.count() == 3

    task_queue.run()  # nothing listens on the port: every attempt is refused
    task_queue.advance(timedelta(minutes=1))
    task_queue.run()

    deliveries = Delivery.objects.all()
    assert deliveries.count() == 9
    for delivery in deliveries:
        assert delivery.status == DeliveryStatus.WAITING
        assert delivery.attempts == 2
        assert delivery.last_error.startswith("ConnectionRefusedError")
    assert local_smtp.envelopes == []

    local_smtp.start()
    task_queue.advance(timedelta(minutes=2))
    task_queue.run()
    # Whatever runs later (the sweep, a duplicate task, more time) sends nothing again.
    call_command("sweep_outbox")
    task_queue.advance(timedelta(hours=2))
    task_queue.run()

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    arrived = Counter((subject(message), message["To"]) for message in local_smtp.messages)
    expected = {
        (expected_subject, delivery.recipient)
        for delivery in Delivery.objects.select_related("lead")
        for expected_subject in [
            f"Ny henvendelse {delivery.lead.reference} fra kontaktskjemaet – Oslo"
            if delivery.kind == DeliveryKind.ROUTING
            else f"Vi har mottatt henvendelsen din ({delivery.lead.reference})"
        ]
    }
    assert set(arrived) == expected
    assert set(arrived.values()) == {1}
