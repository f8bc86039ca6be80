"""A lead's page as staff read it: the phone the Norwegian way and callable, the address
mailable, the language by name, people by name, the save button where the triage is done."""

import re

import pytest

from intake.models import Delivery, DeliveryKind, DeliveryStatus

pytestmark = pytest.mark.django_db


def lead_page(client, lead) -> str:
    response = client.get(f"/admin/intake/lead/{lead.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+4722334455", "22 33 44 55"),
        ("+4791234567", "912 34 567"),
        ("+46701234567", "+46 70 123 45 67"),
    ],
)
def test_phone_is_shown_the_norwegian_way_and_can_be_called(
    client, central_staff, make_lead, stored, shown
):
    client.force_login(central_staff)

    html = lead_page(client, make_lead(phone=stored))

    assert f'<a href="tel:{stored}">{shown}</a>' in html


def test_email_can_be_written_to_and_language_is_named(client, central_staff, make_lead):
    client.force_login(central_staff)

    html = lead_page(client, make_lead(email="kari@fjordbygg.example", language="en"))

    assert '<a href="mailto:kari@fjordbygg.example">kari@fjordbygg.example</a>' in html
    # Named in the admin's language.
    assert '<div class="readonly">Engelsk</div>' in html


def test_assignee_list_names_people_as_the_list_and_its_filter_do(
    client, central_staff, subsidiary_user, make_lead, subsidiary_blinkhus
):
    client.force_login(central_staff)

    html = lead_page(client, make_lead(subsidiary=subsidiary_blinkhus))

    start = html.index('name="assignee"')
    select = html[start : html.index("</select>", start)]
    assert ">Sindre Blink</option>" in select
    assert ">Siri Sentral</option>" in select
    assert ">sindre</option>" not in select


def test_save_button_comes_right_after_status_and_assignee(client, central_staff, make_lead):
    client.force_login(central_staff)

    html = lead_page(client, make_lead())

    save = html.index('value="Lagre endringene"')
    assert html.index('name="status"') < html.index('name="note"') < save
    assert save < html.index("Referanse")


def test_saving_with_the_button_by_the_status_stays_on_the_lead(client, central_staff, make_lead):
    lead = make_lead()
    client.force_login(central_staff)

    response = client.post(
        f"/admin/intake/lead/{lead.pk}/change/",
        {
            "status": "in_progress",
            "assignee": str(central_staff.pk),
            "note": "",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
            "_continue": "Lagre endringene",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/admin/intake/lead/{lead.pk}/change/")
    lead.refresh_from_db()
    assert lead.status == "in_progress" and lead.assignee == central_staff


def test_breadcrumbs_name_each_level_once(client, central_staff, make_lead):
    client.force_login(central_staff)

    html = lead_page(client, make_lead())

    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.DOTALL)[1]
    names = [n.strip() for n in re.sub(r"<[^>]+>", "", crumbs).split("›")]
    assert len(names) == len(set(names)), names


def test_message_ids_are_folded_away_in_the_deliveries(client, central_staff, make_lead):
    lead = make_lead()
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        status=DeliveryStatus.SENT,
        message_id="<170000000000.12345.98765432109876543210@mestergruppen.no>",
    )
    client.force_login(central_staff)

    html = lead_page(client, lead)

    assert re.search(
        r'<details class="triage-message-id"><summary>Vis</summary>'
        r"<code>&lt;170000000000\.12345\.98765432109876543210@mestergruppen\.no&gt;</code>",
        html,
    )
