"""Requests are the privacy officer's alone: central and subsidiary staff cannot see them in
any way (list, page, handling steps, search, the admin's menu)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari_request(confirmed_request, kari_lead):
    return confirmed_request(rights=["access", "erasure"])


def urls(request) -> list[str]:
    return [
        reverse("admin:privacy_datasubjectrequest_changelist"),
        reverse("admin:privacy_datasubjectrequest_changelist") + "?q=kari.nordmann%40eksempel.no",
        reverse("admin:privacy_datasubjectrequest_change", args=[request.pk]),
        reverse("admin:privacy_datasubjectrequest_add"),
        reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "innsyn"]),
        reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "sletting"]),
    ]


@pytest.mark.parametrize("persona", ["central_staff", "subsidiary_user", "outsider"])
def test_staff_without_the_privacy_role_cannot_open_any_request_page(
    client, request, kari_request, persona
):
    client.force_login(request.getfixturevalue(persona))

    for url in urls(kari_request):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert kari_request.reference not in response.content.decode()


@pytest.mark.parametrize("persona", ["central_staff", "subsidiary_user"])
def test_staff_without_the_privacy_role_cannot_carry_out_a_step(
    client, request, kari_request, kari_lead, persona
):
    client.force_login(request.getfixturevalue(persona))

    url = reverse("admin:privacy_datasubjectrequest_step", args=[kari_request.pk, "sletting"])
    response = client.post(url, {"send": "1"})

    assert response.status_code == 403
    kari_lead.refresh_from_db()
    assert kari_lead.email == "kari.nordmann@eksempel.no"


@pytest.mark.parametrize("persona", ["central_staff", "subsidiary_user"])
def test_admin_menu_of_other_staff_does_not_mention_requests(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    html = client.get(reverse("admin:index")).content.decode()

    assert "Forespørsler om personvernrettigheter" not in html
    assert "datasubjectrequest" not in html


def test_privacy_officer_sees_the_request_with_what_the_registry_found(
    client, privacy_officer, kari_request, kari_lead, ola_lead
):
    client.force_login(privacy_officer)

    listing = client.get(reverse("admin:privacy_datasubjectrequest_changelist")).content.decode()
    page = client.get(
        reverse("admin:privacy_datasubjectrequest_change", args=[kari_request.pk])
    ).content.decode()

    assert kari_request.reference in listing
    assert "Innsyn, Sletting" in listing
    assert kari_lead.reference in page  # the lead, with its notes and deliveries
    assert "Notater (1)" in page
    assert ola_lead.reference not in page


def test_opening_a_request_is_in_the_access_log_under_its_reference(
    client, privacy_officer, kari_request, kari_lead
):
    from privacy.models import AccessRecord

    client.force_login(privacy_officer)
    client.get(reverse("admin:privacy_datasubjectrequest_change", args=[kari_request.pk]))

    record = AccessRecord.objects.get(object_repr=kari_request.reference)
    assert record.actor == privacy_officer
    assert record.detail["request"] == kari_request.reference
    assert record.detail["operation"] == "find"
    assert "kari" not in str(record.detail).lower()


def test_officer_finds_a_request_by_the_address_typed_any_way_or_by_reference(
    client, privacy_officer, kari_request
):
    client.force_login(privacy_officer)
    url = reverse("admin:privacy_datasubjectrequest_changelist")

    by_address = client.get(url, {"q": " Kari.Nordmann@Eksempel.NO "}).content.decode()
    by_reference = client.get(url, {"q": kari_request.reference.lower()}).content.decode()
    other = client.get(url, {"q": "ola@eksempel.no"}).content.decode()

    assert kari_request.reference in by_address
    assert kari_request.reference in by_reference
    assert kari_request.reference not in other
