"""Who sees which leads in the admin: each role, through every door (list, change page,
history, search, autocomplete, export, actions, dashboard)."""

import pytest
from django.urls import reverse

from intake.models import Lead, LeadStatus

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:intake_lead_changelist"


@pytest.fixture
def blinkhus_lead(make_lead, subsidiary_blinkhus):
    return make_lead(company_name="Blink Bygg AS", subsidiary=subsidiary_blinkhus)


@pytest.fixture
def mesterhus_lead(make_lead, subsidiary_mesterhus):
    return make_lead(
        company_name="Mester Snekker AS",
        email="hemmelig@mester.no",
        phone="+4791234567",
        org_number="923456783",
        subsidiary=subsidiary_mesterhus,
    )


@pytest.fixture
def central_lead(make_lead):
    return make_lead(company_name="Usikker Tømrer AS", subsidiary=None)


@pytest.fixture
def all_leads(blinkhus_lead, mesterhus_lead, central_lead):
    return [blinkhus_lead, mesterhus_lead, central_lead]


def listed_references(response) -> set[str]:
    return {lead.reference for lead in response.context["cl"].result_list}


def test_subsidiary_user_lists_only_own_subsidiarys_leads(client, subsidiary_user, all_leads):
    client.force_login(subsidiary_user)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert listed_references(response) == {all_leads[0].reference}
    assert "Mester Snekker AS" not in response.content.decode()


def test_central_staff_and_privacy_officer_list_every_lead(
    client, central_staff, privacy_officer, all_leads
):
    for person in (central_staff, privacy_officer):
        client.force_login(person)
        response = client.get(reverse(CHANGELIST))
        assert listed_references(response) == {lead.reference for lead in all_leads}


def test_outsider_without_role_is_refused_the_lead_list(client, outsider, all_leads):
    client.force_login(outsider)

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert Lead.objects.visible_to(outsider).count() == 0


def test_anonymous_visitor_is_sent_to_the_login_page(client, all_leads):
    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_subsidiary_user_gets_404_for_another_subsidiarys_lead_by_direct_url(
    client, subsidiary_user, mesterhus_lead, central_lead
):
    client.force_login(subsidiary_user)

    for lead in (mesterhus_lead, central_lead):
        for name in ("change", "history", "delete"):
            response = client.get(reverse(f"admin:intake_lead_{name}", args=[lead.pk]))
            assert response.status_code == 404, name
            assert lead.company_name not in response.content.decode()


def test_subsidiary_user_cannot_change_another_subsidiarys_lead_by_posting(
    client, subsidiary_user, mesterhus_lead
):
    client.force_login(subsidiary_user)

    response = client.post(
        reverse("admin:intake_lead_change", args=[mesterhus_lead.pk]),
        {"status": "spam", "assignee": "", "note": "hei", **_empty_inline()},
    )

    assert response.status_code == 404
    mesterhus_lead.refresh_from_db()
    assert mesterhus_lead.status == LeadStatus.NEW
    assert not mesterhus_lead.notes.exists()


def test_subsidiary_user_opens_own_lead(client, subsidiary_user, blinkhus_lead):
    client.force_login(subsidiary_user)

    response = client.get(reverse("admin:intake_lead_change", args=[blinkhus_lead.pk]))

    assert response.status_code == 200
    assert "Blink Bygg AS" in response.content.decode()


def test_search_never_finds_another_subsidiarys_lead(client, subsidiary_user, mesterhus_lead):
    client.force_login(subsidiary_user)

    for term in ("Mester Snekker", "hemmelig@mester.no", "912 34 567", "923 456 783"):
        response = client.get(reverse(CHANGELIST), {"q": term})
        assert listed_references(response) == set(), term


def test_autocomplete_never_offers_another_subsidiarys_lead(
    client, subsidiary_user, blinkhus_lead, mesterhus_lead
):
    client.force_login(subsidiary_user)
    url = reverse("admin:autocomplete")
    params = {"app_label": "intake", "model_name": "delivery", "field_name": "lead"}

    mine = client.get(url, {**params, "term": "Blink"}).json()["results"]
    theirs = client.get(url, {**params, "term": "Mester"}).json()["results"]

    assert [row["id"] for row in mine] == [str(blinkhus_lead.pk)]
    assert theirs == []


def test_export_contains_only_visible_leads(client, subsidiary_user, all_leads):
    client.force_login(subsidiary_user)

    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("admin:intake_lead_export", args=[fmt]))
        assert response.status_code == 200
        body = _export_text(response, fmt)
        assert "Blink Bygg AS" in body
        assert "Mester Snekker AS" not in body
        assert "Usikker Tømrer AS" not in body


def test_central_staff_export_contains_every_lead(client, central_staff, all_leads):
    client.force_login(central_staff)

    body = _export_text(client.get(reverse("admin:intake_lead_export", args=["csv"])), "csv")

    for lead in all_leads:
        assert lead.company_name in body


def test_outsider_cannot_export(client, outsider, all_leads):
    client.force_login(outsider)

    response = client.get(reverse("admin:intake_lead_export", args=["csv"]))

    assert response.status_code in (403, 404)
    assert "Blink Bygg AS" not in response.content.decode()


def test_actions_ignore_another_subsidiarys_lead_in_the_selection(
    client, subsidiary_user, blinkhus_lead, mesterhus_lead
):
    client.force_login(subsidiary_user)

    client.post(
        reverse(CHANGELIST),
        {
            "action": "assign_to_me",
            "index": 0,
            "_selected_action": [blinkhus_lead.pk, mesterhus_lead.pk],
        },
    )
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "export_csv",
            "index": 0,
            "_selected_action": [blinkhus_lead.pk, mesterhus_lead.pk],
        },
    )

    blinkhus_lead.refresh_from_db()
    mesterhus_lead.refresh_from_db()
    assert blinkhus_lead.assignee == subsidiary_user
    assert mesterhus_lead.assignee is None
    body = _export_text(response, "csv")
    assert "Blink Bygg AS" in body
    assert "Mester Snekker AS" not in body


def test_subsidiary_user_does_not_see_other_subsidiaries_in_the_filter(
    client, subsidiary_user, all_leads
):
    client.force_login(subsidiary_user)

    html = client.get(reverse(CHANGELIST)).content.decode()

    assert "Blinkhus" in html
    assert "Mesterhus" not in html


def test_dashboard_counts_only_visible_leads(client, subsidiary_user, central_staff, all_leads):
    client.force_login(subsidiary_user)
    response = client.get(reverse("admin:intake_lead_dashboard"))
    assert response.status_code == 200
    assert response.context["open_total"] == 1
    assert "Mesterhus" not in response.content.decode()

    client.force_login(central_staff)
    assert client.get(reverse("admin:intake_lead_dashboard")).context["open_total"] == 3


def test_outsider_gets_no_dashboard(client, outsider, all_leads):
    client.force_login(outsider)

    assert client.get(reverse("admin:intake_lead_dashboard")).status_code == 404


def test_only_the_privacy_officer_sees_the_access_log(
    client, privacy_officer, central_staff, subsidiary_user
):
    url = reverse("admin:privacy_accessrecord_changelist")
    client.force_login(privacy_officer)
    assert client.get(url).status_code == 200
    for person in (central_staff, subsidiary_user):
        client.force_login(person)
        assert client.get(url).status_code == 403


def _empty_inline() -> dict:
    return {
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
        "deliveries-MIN_NUM_FORMS": "0",
        "deliveries-MAX_NUM_FORMS": "1000",
    }


def _export_text(response, fmt: str) -> str:
    if fmt == "csv":
        return response.content.decode("utf-8-sig")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(
        ";".join(str(cell) if cell is not None else "" for cell in row)
        for row in sheet.iter_rows(values_only=True)
    )


def test_restricted_persons_leads_are_out_of_staff_lists_and_exports_but_not_the_officers(
    client, central_staff, subsidiary_user, privacy_officer, make_lead, subsidiary_blinkhus
):
    from privacy.services import subject_restrict

    restricted = make_lead(
        company_name="Begrenset AS", email="kari@begrenset.no", subsidiary=subsidiary_blinkhus
    )
    by_phone = make_lead(
        company_name="Også Begrenset AS", phone="+4790000001", subsidiary=subsidiary_blinkhus
    )
    free = make_lead(company_name="Fri AS", subsidiary=subsidiary_blinkhus)
    subject_restrict(email="Kari@Begrenset.no", by=privacy_officer)
    subject_restrict(phone="900 00 001", by=privacy_officer)

    for person in (central_staff, subsidiary_user):
        client.force_login(person)
        assert listed_references(client.get(reverse(CHANGELIST))) == {free.reference}
        body = _export_text(client.get(reverse("admin:intake_lead_export", args=["csv"])), "csv")
        assert "Begrenset AS" not in body and "Fri AS" in body
        change = reverse("admin:intake_lead_change", args=[restricted.pk])
        assert client.get(change).status_code == 404

    client.force_login(privacy_officer)
    assert listed_references(client.get(reverse(CHANGELIST))) == {
        restricted.reference,
        by_phone.reference,
        free.reference,
    }
