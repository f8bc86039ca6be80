"""The privacy admin places, lifts and releases through privacy's services: what it stores
can be matched, what it does is in the admin history, and a person has one active
restriction however many officers act at once."""

import datetime
import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from privacy.models import LegalHold, Restriction
from privacy.services import is_restricted, subject_restrict

pytestmark = pytest.mark.django_db

UNREADABLE = "Telefonnummeret kan ikke leses."


def test_a_restriction_with_a_phone_that_cannot_be_read_is_refused(client, privacy_officer):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("admin:privacy_restriction_add"),
        {"email": "", "phone": "22 33", "reason": "Bestrider riktigheten"},
    )

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert not Restriction.objects.exists()


def test_a_legal_hold_with_a_phone_that_cannot_be_read_is_refused(client, privacy_officer):
    client.force_login(privacy_officer)
    until = timezone.localdate() + datetime.timedelta(days=90)

    response = client.post(
        reverse("admin:privacy_legalhold_add"),
        {
            "email": "kari@eksempel.no",
            "phone": "ring meg",
            "content_type": "",
            "object_id": "",
            "basis": "legal_claims",
            "reason": "Tvist om kontrakt",
            "retain_until": until.isoformat(),
        },
    )

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_second_active_restriction_for_the_same_person_is_refused(client, privacy_officer):
    subject_restrict(phone="+4722334455", reason="Første")
    client.force_login(privacy_officer)

    response = client.post(
        reverse("admin:privacy_restriction_add"),
        {"email": "", "phone": "22 33 44 55", "reason": "Andre"},
    )

    assert response.status_code == 200
    assert "Personen har allerede en aktiv begrensning" in response.content.decode()
    assert Restriction.objects.count() == 1


def test_placing_and_lifting_a_restriction_in_the_admin_is_in_its_history(client, privacy_officer):
    client.force_login(privacy_officer)
    client.post(
        reverse("admin:privacy_restriction_add"),
        {"email": "Kari@Eksempel.no", "phone": "", "reason": "Bestrider riktigheten"},
    )
    restriction = Restriction.objects.get()

    response = client.post(
        reverse("admin:privacy_restriction_changelist"),
        {"action": "lift", "_selected_action": [restriction.pk]},
    )

    restriction.refresh_from_db()
    assert response.status_code == 302
    assert restriction.lifted_by == privacy_officer
    assert not is_restricted(email="kari@eksempel.no")
    history = LogEntry.objects.filter(object_id=str(restriction.pk)).order_by("action_time")
    assert [(entry.is_addition(), entry.is_change()) for entry in history] == [
        (True, False),
        (False, True),
    ]
    assert history[1].user == privacy_officer


def test_releasing_a_legal_hold_in_the_admin_is_in_its_history(client, privacy_officer):
    from privacy.services import legal_hold_place

    hold = legal_hold_place(
        basis="legal_claims",
        reason="Tvist",
        retain_until=timezone.localdate() + datetime.timedelta(days=30),
        email="kari@eksempel.no",
    )
    client.force_login(privacy_officer)

    client.post(
        reverse("admin:privacy_legalhold_changelist"),
        {"action": "release", "_selected_action": [hold.pk]},
    )

    hold.refresh_from_db()
    assert hold.released_by == privacy_officer
    assert LogEntry.objects.get(object_id=str(hold.pk)).user == privacy_officer


def test_a_placed_restriction_cannot_be_edited_or_deleted_only_lifted(client, privacy_officer):
    restriction = subject_restrict(email="kari@eksempel.no")
    client.force_login(privacy_officer)

    client.post(
        reverse("admin:privacy_restriction_change", args=[restriction.pk]),
        {"email": "ola@eksempel.no", "phone": "", "reason": "endret"},
    )
    deleted = client.post(reverse("admin:privacy_restriction_delete", args=[restriction.pk]))

    restriction.refresh_from_db()
    assert restriction.email == "kari@eksempel.no"
    assert deleted.status_code == 403
    assert is_restricted(email="kari@eksempel.no")


@pytest.mark.django_db(transaction=True)
def test_two_officers_restricting_the_same_person_at_once_make_one_restriction():
    """The second call cannot see the first's row until it commits; the database's partial
    unique index makes it wait and then find the first one."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once need PostgreSQL")
    first_inserted = threading.Event()
    results, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                results["first"] = subject_restrict(phone="22 33 44 55", reason="A")
                first_inserted.set()
                # The second call starts now and has to wait for this commit.
                threading.Event().wait(0.5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            first_inserted.set()
            connection.close()

    def second():
        try:
            first_inserted.wait(5)
            results["second"] = subject_restrict(phone="+47 22 33 44 55", reason="B")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert results["first"].pk == results["second"].pk
    assert Restriction.objects.active().count() == 1


@pytest.mark.parametrize("object_id", ["999999", "ikke-et-tall", "1\x00"])
def test_a_legal_hold_on_a_record_that_does_not_exist_is_refused(
    client, privacy_officer, object_id
):
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    client.force_login(privacy_officer)
    user_type = ContentType.objects.get_for_model(get_user_model())

    response = client.post(
        reverse("admin:privacy_legalhold_add"),
        {
            "email": "",
            "phone": "",
            "content_type": str(user_type.pk),
            "object_id": object_id,
            "basis": "legal_claims",
            "reason": "Tvist",
            "retain_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert not LegalHold.objects.exists()
