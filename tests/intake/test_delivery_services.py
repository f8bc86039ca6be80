"""What lead triage can do with a lead's emails: send one again, forward the lead; on each task
backend (`task_queue`: the database and RQ)."""

import pytest

from intake.models import County, Delivery, DeliveryKind, DeliveryStatus, RoutingRule, Subsidiary
from intake.outbox import DeliveryInFlight, delivery_create, delivery_restart
from intake.services import lead_send_to_subsidiary

pytestmark = pytest.mark.django_db


@pytest.fixture
def sorlandet(db):
    subsidiary = Subsidiary.objects.create(
        name="Sørlandsbygg", slug="sorlandsbygg", default_email="post@sorlandsbygg.example"
    )
    RoutingRule.objects.create(
        subsidiary=subsidiary, county=County.TROMS, email="nord@sorlandsbygg.example"
    )
    return subsidiary


def test_a_failed_delivery_sent_again_by_staff_arrives_with_a_new_message_id(
    submit_lead, task_queue, mailoutbox, central_staff
):
    lead = submit_lead()
    task_queue.run()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)
    first_message_id = routing.message_id
    Delivery.objects.filter(pk=routing.pk).update(
        status=DeliveryStatus.BOUNCED, last_error="550 mailbox full"
    )

    delivery_restart(delivery=routing, by=central_staff)
    task_queue.run()

    routing.refresh_from_db()
    assert routing.status == DeliveryStatus.SENT
    assert routing.attempts == 1
    assert routing.last_error == ""
    assert routing.message_id != first_message_id
    assert len([m for m in mailoutbox if m.to == ["leads@nord.example"]]) == 2


def test_a_delivery_still_on_its_way_cannot_be_started_again(submit_lead, central_staff):
    lead = submit_lead()
    routing = lead.deliveries.get(kind=DeliveryKind.ROUTING)

    with pytest.raises(DeliveryInFlight):
        delivery_restart(delivery=routing, by=central_staff)


def test_forwarding_a_lead_sends_it_to_the_other_subsidiarys_address_for_the_county(
    submit_lead, sorlandet, task_queue, mailoutbox, central_staff
):
    lead = submit_lead(county=County.TROMS)
    task_queue.run()

    [forwarded] = lead_send_to_subsidiary(lead=lead, subsidiary=sorlandet, by=central_staff)
    task_queue.run()

    forwarded.refresh_from_db()
    assert forwarded.recipient == "nord@sorlandsbygg.example"
    assert forwarded.kind == DeliveryKind.ROUTING
    assert forwarded.status == DeliveryStatus.SENT
    [message] = [m for m in mailoutbox if m.to == ["nord@sorlandsbygg.example"]]
    assert lead.reference in message.subject
    assert message.reply_to == ["ase@bolgen.example"]


def test_forwarding_twice_to_the_same_address_sends_again_rather_than_failing(
    submit_lead, sorlandet, task_queue, mailoutbox, central_staff
):
    lead = submit_lead(county=County.TROMS)
    lead_send_to_subsidiary(lead=lead, subsidiary=sorlandet, by=central_staff)
    task_queue.run()

    lead_send_to_subsidiary(lead=lead, subsidiary=sorlandet, by=central_staff)
    task_queue.run()

    assert lead.deliveries.filter(recipient="nord@sorlandsbygg.example").count() == 1
    assert len([m for m in mailoutbox if m.to == ["nord@sorlandsbygg.example"]]) == 2


def test_a_delivery_created_outside_a_submission_is_enqueued_with_it(submit_lead, task_queue):
    lead = submit_lead()
    delivery = delivery_create(
        lead=lead, kind=DeliveryKind.ROUTING, recipient="ekstra@nord.example"
    )

    task_queue.run()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
