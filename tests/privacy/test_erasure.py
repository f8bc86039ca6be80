"""Erasure removes or anonymises exactly what the registry declares, and reports it."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from privacy.models import LegalHold, LegalHoldBasis
from privacy.registry import Anonymise, registry
from privacy.services import legal_hold_place, subject_erase
from tests.registry_testapp.models import Attachment, Member, Ticket, Visit

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


@pytest.fixture
def kari(kari):
    """Kari came back once more: two visits to erase."""
    Visit.objects.create(member=kari, ip_address="192.0.2.11")
    return kari


def test_erasure_anonymises_exactly_the_declared_fields(kari, ola):
    before = Member.objects.get(pk=kari.pk)

    report = subject_erase(email="Kari.Nordmann@eksempel.no")

    after = Member.objects.get(pk=kari.pk)
    assert (after.name, after.email, after.phone, after.note) == ("Anonymisert", "", "", "")
    # Not declared for replacement: unchanged.
    assert (after.company, after.county, after.created_at) == (
        before.company,
        before.county,
        before.created_at,
    )
    (outcome,) = [o for o in report.anonymised if o.model == "registry_testapp.Member"]
    assert outcome.pk == kari.pk
    assert sorted(outcome.fields) == ["email", "name", "note", "phone"]
    assert outcome.kept_fields == {"company": "Bedriftens navn trengs i statistikken"}


def test_erasure_deletes_rows_declared_for_deletion_and_reports_cascades(kari, ola):
    report = subject_erase(phone="912 34 567", email="kari.nordmann@eksempel.no")

    assert not Visit.objects.filter(member=kari).exists()
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    deleted = sorted((o.model, o.action) for o in report.deleted)
    assert deleted == [
        ("registry_testapp.Attachment", "deleted"),
        ("registry_testapp.Ticket", "deleted"),
        ("registry_testapp.Visit", "deleted"),
        ("registry_testapp.Visit", "deleted"),
    ]
    assert report.kept == []


def test_erasure_leaves_other_people_alone(kari, ola):
    subject_erase(email="kari.nordmann@eksempel.no", phone="+4791234567")

    ola.refresh_from_db()
    assert ola.name == "Ola Hansen"
    assert ola.note == "Ring tilbake"
    assert Visit.objects.filter(member=ola).count() == 1


def test_erasure_report_is_plain_data_for_the_request_record(kari):
    report = subject_erase(email="kari.nordmann@eksempel.no").as_dict()

    assert report["subject"]["email"] == "kari.nordmann@eksempel.no"
    assert report["anonymised"] == 1
    assert report["deleted"] == 4  # two visits, the ticket and its attachment


def test_a_legal_hold_on_the_subject_keeps_every_record_and_says_why(kari, privacy_officer):
    legal_hold_place(
        email="KARI.nordmann@eksempel.no",
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist om medlemskontrakt, sak 2026-14",
        retain_until=NEXT_YEAR,
        by=privacy_officer,
    )

    report = subject_erase(email="kari.nordmann@eksempel.no")

    kari.refresh_from_db()
    assert kari.name == "Kari Nordmann"
    assert Visit.objects.filter(member=kari).count() == 2
    assert Ticket.objects.count() == 1
    assert report.deleted == [] and report.anonymised == []
    member_outcome = next(o for o in report.kept if o.model == "registry_testapp.Member")
    assert "Tvist om medlemskontrakt, sak 2026-14" in member_outcome.reason
    assert "art. 17 nr. 3 bokstav e" in member_outcome.reason
    assert NEXT_YEAR.strftime("%d.%m.%Y") in member_outcome.reason


def test_a_legal_hold_on_one_record_keeps_that_record_and_what_would_cascade_into_it(kari):
    attachment = Attachment.objects.get()
    legal_hold_place(
        record=attachment,
        basis=LegalHoldBasis.ACCOUNTING,
        reason="Vedlegg til faktura",
        retain_until=NEXT_YEAR,
    )

    report = subject_erase(email="kari.nordmann@eksempel.no")

    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert Ticket.objects.count() == 1  # deleting it would have removed the held attachment
    kept = {o.model: o.reason for o in report.kept}
    assert "Vedlegg til faktura" in kept["registry_testapp.Attachment"]
    assert "registry_testapp.Attachment #" in kept["registry_testapp.Ticket"]
    # The rest of the erasure went ahead.
    assert Member.objects.get(pk=kari.pk).name == "Anonymisert"
    assert not Visit.objects.filter(member=kari).exists()


def test_a_released_or_expired_legal_hold_no_longer_blocks_erasure(kari, privacy_officer):
    released = legal_hold_place(
        email=kari.email, basis=LegalHoldBasis.LEGAL_CLAIMS, reason="Tvist", retain_until=NEXT_YEAR
    )
    released.release(by=privacy_officer)
    LegalHold.objects.create(
        phone="+4791234567",
        basis=LegalHoldBasis.ACCOUNTING,
        reason="Gammel faktura",
        retain_until=timezone.localdate() - datetime.timedelta(days=1),
    )

    report = subject_erase(email=kari.email, phone=kari.phone)

    # Only the hold records themselves stay (they document why data was kept).
    assert {o.model for o in report.kept} == {"privacy.LegalHold"}
    assert Member.objects.get(pk=kari.pk).name == "Anonymisert"


def test_an_erasure_that_fails_halfway_changes_nothing(kari):
    declaration = registry.get(Member)

    def explode(member):
        raise RuntimeError("replacement failed")

    broken = dataclasses.replace(
        declaration,
        erasure=Anonymise(
            replace={**declaration.erasure.replace, "note": explode},
            keep=declaration.erasure.keep,
        ),
    )
    registry.unregister(Member)
    registry.register(broken)
    try:
        with pytest.raises(RuntimeError):
            subject_erase(email=kari.email)
    finally:
        registry.unregister(Member)
        registry.register(declaration)

    # The visits and the ticket were deleted before the member failed; all rolled back.
    assert Visit.objects.filter(member=kari).count() == 2
    assert Ticket.objects.count() == 1
    assert Member.objects.get(pk=kari.pk).name == "Kari Nordmann"


def test_a_staff_account_is_anonymised_and_can_no_longer_sign_in(central_staff, client):
    report = subject_erase(email="sentral.ansatt@MESTERGRUPPEN.no")

    central_staff.refresh_from_db()
    assert central_staff.username == f"slettet-{central_staff.pk}"
    assert (central_staff.first_name, central_staff.last_name, central_staff.email) == ("", "", "")
    assert not central_staff.is_active and not central_staff.has_usable_password()
    client.post("/admin/login/", {"username": "sentral", "password": "sentral-passord-123"})
    assert "_auth_user_id" not in client.session
    (outcome,) = report.anonymised
    assert outcome.model == "auth.User"
    assert "date_joined" in outcome.kept_fields


def test_erasing_a_staff_account_removes_its_second_factors(central_staff):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mestergruppen.two_factor import issue_backup_codes
    from tests.staff_sign_in import authenticator_app

    authenticator_app(central_staff)
    issue_backup_codes(central_staff)

    subject_erase(email=central_staff.email)

    assert not TOTPDevice.objects.filter(user=central_staff).exists()
    assert not StaticToken.objects.filter(device__user=central_staff).exists()
