"""The privacy officer places legal holds and restrictions in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import LegalHold, Restriction
from privacy.services import is_restricted

pytestmark = pytest.mark.django_db


def test_officer_places_a_legal_hold_stored_in_the_registrys_form(client, privacy_officer):
    client.force_login(privacy_officer)
    until = timezone.localdate() + datetime.timedelta(days=90)

    response = client.post(
        reverse("admin:privacy_legalhold_add"),
        {
            "email": " Kari@Eksempel.NO ",
            "phone": "912 34 567",
            "content_type": "",
            "object_id": "",
            "basis": "legal_claims",
            "reason": "Tvist om kontrakt",
            "retain_until": until.isoformat(),
        },
    )

    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.email, hold.phone) == ("kari@eksempel.no", "+4791234567")
    assert hold.placed_by == privacy_officer
    assert hold.is_active


def test_officer_restricts_a_subject_and_intake_sees_it(client, privacy_officer):
    client.force_login(privacy_officer)

    client.post(
        reverse("admin:privacy_restriction_add"),
        {"email": "Kari@Eksempel.no", "phone": "", "reason": "Bestrider riktigheten"},
    )

    assert Restriction.objects.get().placed_by == privacy_officer
    assert is_restricted(email="kari@eksempel.no")


def test_staff_without_privacy_permissions_cannot_open_legal_holds(client, central_staff):
    client.force_login(central_staff)

    assert client.get(reverse("admin:privacy_legalhold_changelist")).status_code == 403
