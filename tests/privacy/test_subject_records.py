"""The registry finds one person's records, and exports them as structured data."""

import json

import pytest

from privacy.services import subject_export, subject_find

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["kari.nordmann@eksempel.no", "Kari.Nordmann@Eksempel.NO", "  KARI.NORDMANN@EKSEMPEL.NO "],
)
def test_subject_is_found_by_email_in_any_letter_case(kari, ola, typed):
    records = subject_find(email=typed)

    assert [m.pk for m in records.by_model["registry_testapp.Member"]] == [kari.pk]
    assert len(records.by_model["registry_testapp.Ticket"]) == 1


@pytest.mark.parametrize(
    "typed", ["912 34 567", "91 23 45 67", "+47 91234567", "0047 912 34 567", "91234567"]
)
def test_subject_is_found_by_phone_in_any_common_norwegian_notation(kari, ola, typed):
    records = subject_find(phone=typed)

    assert [m.pk for m in records.by_model["registry_testapp.Member"]] == [kari.pk]


def test_related_rows_are_found_through_the_record_they_belong_to(kari, ola):
    records = subject_find(phone="912 34 567")

    visits = records.by_model["registry_testapp.Visit"]
    assert [v.member_id for v in visits] == [kari.pk]


def test_records_of_other_people_are_not_found(kari, ola):
    records = subject_find(email="ola@eksempel.no")

    assert records.by_model["registry_testapp.Member"] == [ola]
    assert "registry_testapp.Ticket" not in records.by_model
    assert records.total == 2  # Ola's member row and his one visit


def test_a_person_nobody_knows_has_no_records(kari):
    records = subject_find(email="ukjent@eksempel.no", phone="22 33 44 55")

    assert not records
    assert records.groups == []


def test_staff_account_is_found_by_its_email_whatever_the_letter_case(central_staff):
    records = subject_find(email="sentral.ansatt@mestergruppen.no")

    assert records.by_model["auth.User"] == [central_staff]


def test_export_is_json_with_every_record_and_what_it_is_kept_for(kari):
    export = subject_export(email="KARI.NORDMANN@eksempel.no", phone="912 34 567")

    json.dumps(export)  # portability: the export must be plain JSON
    assert export["subject"] == {"email": "kari.nordmann@eksempel.no", "phone": "+4791234567"}
    assert export["controller"]["name"] == "Mestergruppen AS"
    models = {entry["model"]: entry for entry in export["models"]}
    member = models["registry_testapp.Member"]
    assert member["records"] == [
        {
            "id": kari.pk,
            "name": "Kari Nordmann",
            "email": "kari.nordmann@eksempel.no",
            "phone": "+4791234567",
            "company": "Nordmann Bygg AS",
            "county": "Oslo",
            "created_at": kari.created_at.isoformat(),
        }
    ]
    assert member["fields"]["email"]["category"] == "contact"
    assert [p["purpose"] for p in member["purposes"]] == ["registration", "communication"]
    assert member["purposes"][0]["legal_bases"] == ["GDPR art. 6 nr. 1 bokstav b (avtale)"]
    assert member["recipients"] == ["Datterselskapet"]
    assert models["registry_testapp.Attachment"]["records"][0]["filename"] == "tilbud.pdf"
    assert models["registry_testapp.Visit"]["records"][0]["ip_address"] == "192.0.2.10"


def test_export_leaves_out_fields_declared_not_for_export(kari, central_staff):
    member_export = subject_export(email=kari.email)
    staff_export = subject_export(email=central_staff.email)

    member = next(m for m in member_export["models"] if m["model"] == "registry_testapp.Member")
    assert "note" not in member["records"][0]
    user = next(m for m in staff_export["models"] if m["model"] == "auth.User")
    assert "password" not in user["records"][0]
    assert user["records"][0]["username"] == "sentral"


def test_a_subject_needs_an_email_or_a_phone_to_be_looked_up():
    with pytest.raises(ValueError):
        subject_find(email="", phone=None)


def test_a_staff_members_export_names_their_second_factors_but_not_their_secrets(central_staff):
    from mestergruppen.two_factor import issue_backup_codes
    from tests.staff_sign_in import authenticator_app

    device = authenticator_app(central_staff)
    codes = issue_backup_codes(central_staff)

    export = subject_export(email=central_staff.email)

    apps = next(m for m in export["models"] if m["model"] == "otp_totp.TOTPDevice")
    assert apps["records"][0]["name"] == device.name
    assert device.key not in str(export)
    assert not any(code in str(export) for code in codes)
