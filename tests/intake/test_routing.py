import pytest

from intake.models import County, DeliveryKind, DeliveryStatus, Lead


def _routed(lead: Lead) -> set[str]:
    return set(
        lead.deliveries.filter(kind=DeliveryKind.ROUTING).values_list("recipient", flat=True)
    )


def test_county_with_a_rule_routes_to_the_rule_addresses(client, contact_form):
    client.post("/bli-medlem/", contact_form(county=County.OSLO))

    assert _routed(Lead.objects.get()) == {"oslo@mesterhus.example", "salg@mesterhus.example"}


def test_county_without_a_rule_routes_to_the_subsidiary_default(client, contact_form):
    client.post("/bli-medlem/", contact_form(county=County.FINNMARK))

    assert _routed(Lead.objects.get()) == {"post@mesterhus.example"}


def test_not_sure_routes_to_the_central_inbox(client, contact_form, settings):
    settings.CENTRAL_INBOX_EMAIL = "sentralt@mestergruppen.example"

    response = client.post("/bli-medlem/", contact_form(subsidiary="usikker"), follow=True)

    lead = Lead.objects.get()
    assert lead.subsidiary is None
    assert _routed(lead) == {"sentralt@mestergruppen.example"}
    assert "Mestergruppen sentralt" in response.content.decode()


@pytest.mark.parametrize("county", County.values)
def test_every_county_can_be_chosen(client, contact_form, county):
    assert client.post("/bli-medlem/", contact_form(county=county)).status_code == 302
    assert Lead.objects.get().county == county


def test_form_lists_offered_subsidiaries_with_descriptions_and_the_not_sure_choice(
    client, mesterhus, hidden_chain
):
    html = client.get("/bli-medlem/").content.decode()

    assert "Mesterhus" in html
    assert "Boligbyggere over hele landet." in html
    assert "Usikker / annet" in html
    assert "Skjult kjede" not in html
    for county in County.labels:
        assert f">{county}</option>" in html


def _nothing_sent_about(lead: Lead, mailoutbox) -> None:
    """No email left, and each of the lead's deliveries says why it was not sent."""
    assert mailoutbox == []
    assert lead.deliveries.exists()
    for delivery in lead.deliveries.all():
        assert delivery.status == DeliveryStatus.FAILED
        assert "art. 18" in delivery.last_error


def test_lead_of_a_restricted_person_is_stored_but_nothing_is_sent(
    client, contact_form, run_tasks, mailoutbox
):
    from privacy.services import subject_restrict

    subject_restrict(email="ase@byggmester-odegard.example", reason="Art. 18")

    response = client.post("/bli-medlem/", contact_form())
    run_tasks()

    assert response.status_code == 302
    _nothing_sent_about(Lead.objects.get(), mailoutbox)


def test_restriction_by_phone_number_also_stops_sending(
    client, contact_form, run_tasks, mailoutbox
):
    from privacy.services import subject_restrict

    subject_restrict(phone="+47 912 34 567")

    client.post("/bli-medlem/", contact_form())
    run_tasks()

    _nothing_sent_about(Lead.objects.get(), mailoutbox)


def test_restriction_placed_in_the_admin_with_a_local_number_stops_a_lead_sent_with_plus_47(
    client, contact_form, run_tasks, mailoutbox, privacy_officer
):
    """The officer types the number as people say it; the person types it with the country
    code. Both are the same E.164 number, so the lead is stored and not routed."""
    client.force_login(privacy_officer)
    placed = client.post(
        "/admin/privacy/restriction/add/",
        {"email": "", "phone": "22 33 44 55", "reason": "Bestrider riktigheten"},
    )

    response = client.post("/bli-medlem/", contact_form(phone="+47 22 33 44 55"))
    run_tasks()

    assert placed.status_code == 302
    assert response.status_code == 302
    _nothing_sent_about(Lead.objects.get(), mailoutbox)
