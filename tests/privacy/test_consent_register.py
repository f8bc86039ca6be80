"""The consent register: every cookie choice and every news consent or withdrawal is a row
the company can show as proof (GDPR Art. 7(1)); a cookie choice names no one; withdrawing
the news consent turns it off wherever it is kept (Art. 7(3))."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.consents import (
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
    cookie_choice_latest,
    cookie_choice_record,
    news_consent_give,
    news_consent_in_force,
    news_consent_withdraw,
)
from privacy.retention import retention_enforce
from privacy.services import subject_erase, subject_export, subject_find

pytestmark = pytest.mark.django_db


def test_a_cookie_choice_is_recorded_per_category_with_what_was_shown_and_no_identity(
    privacy_statement,
):
    consent_id = uuid.uuid4()

    rows = cookie_choice_record(
        consent_id=str(consent_id),
        choices={"statistics": True, "marketing": False},
        declaration_version="4",
        statement=privacy_statement,
    )

    stored = ConsentRecord.objects.filter(consent_id=consent_id)
    assert {(r.purpose, r.given) for r in stored} == {("statistics", True), ("marketing", False)}
    assert len(rows) == 2
    for row in stored:
        assert row.email == ""
        assert row.source == ConsentSource.COOKIE_BANNER
        assert row.declaration_version == "4"
        assert row.statement == privacy_statement
    assert len({row.recorded_at for row in stored}) == 1


def test_a_category_left_out_of_a_cookie_choice_is_recorded_as_not_given():
    consent_id = uuid.uuid4()

    cookie_choice_record(
        consent_id=consent_id, choices={"statistics": True}, declaration_version="1", statement=None
    )

    assert cookie_choice_latest(consent_id) == {"statistics": True, "marketing": False}


def test_a_changed_cookie_choice_is_a_new_record_and_the_first_stays_as_history():
    consent_id = uuid.uuid4()
    cookie_choice_record(
        consent_id=consent_id,
        choices={"statistics": True, "marketing": True},
        declaration_version="1",
        statement=None,
    )

    cookie_choice_record(
        consent_id=consent_id,
        choices={"statistics": False, "marketing": False},
        declaration_version="1",
        statement=None,
    )

    assert ConsentRecord.objects.filter(consent_id=consent_id).count() == 4
    assert cookie_choice_latest(consent_id) == {"statistics": False, "marketing": False}


@pytest.mark.parametrize("consent_id", ["not-a-uuid", "x" * 5000, "\x00"])
def test_a_forged_consent_id_is_refused_and_nothing_is_recorded(consent_id):
    with pytest.raises(ValueError):
        cookie_choice_record(
            consent_id=consent_id, choices={}, declaration_version="1", statement=None
        )

    assert not ConsentRecord.objects.exists()
    assert cookie_choice_latest(consent_id) is None


def test_an_unknown_cookie_category_is_refused():
    with pytest.raises(ValueError):
        cookie_choice_record(
            consent_id=uuid.uuid4(),
            choices={"news": True},
            declaration_version="1",
            statement=None,
        )


def test_the_database_refuses_an_address_on_a_cookie_choice():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            purpose=ConsentPurpose.STATISTICS,
            given=True,
            email="kari@eksempel.no",
            source=ConsentSource.COOKIE_BANNER,
        )


def test_a_news_consent_is_in_force_from_given_until_withdrawn_whatever_the_letter_case(
    privacy_statement,
):
    news_consent_give(
        " Kari.Nordmann@Eksempel.no",
        source=ConsentSource.CONTACT_FORM,
        statement=privacy_statement,
    )

    assert news_consent_in_force("kari.nordmann@eksempel.no")
    assert not news_consent_in_force("ola@eksempel.no")

    changed = news_consent_withdraw("KARI.NORDMANN@eksempel.no", source="unsubscribe_link")

    assert changed == 1
    assert not news_consent_in_force("kari.nordmann@eksempel.no")
    history = ConsentRecord.objects.news().for_email("kari.nordmann@eksempel.no").newest_first()
    assert [(r.given, r.source) for r in history] == [
        (False, "unsubscribe_link"),
        (True, "contact_form"),
    ]
    assert history[1].statement == privacy_statement


def test_withdrawing_turns_off_the_contact_forms_news_consent_on_every_lead_of_the_address(
    make_lead,
):
    first = make_lead(email="kari@eksempel.no", wants_news=True)
    second = make_lead(email="kari@eksempel.no", wants_news=True)
    someone_else = make_lead(email="ola@eksempel.no", wants_news=True)
    news_consent_give("kari@eksempel.no", source=ConsentSource.CONTACT_FORM, statement=None)

    changed = news_consent_withdraw("kari@eksempel.no", source=ConsentSource.MINE_DATA)

    assert changed == 3  # the register and two leads
    for lead in (first, second, someone_else):
        lead.refresh_from_db()
    assert not first.wants_news and not second.wants_news
    assert someone_else.wants_news
    assert news_consent_in_force("ola@eksempel.no") is False  # never recorded, so not in force


def test_a_withdrawal_with_nothing_in_force_is_still_recorded_as_proof_it_was_honoured():
    changed = news_consent_withdraw("kari@eksempel.no", source=ConsentSource.DATA_SUBJECT_REQUEST)

    assert changed == 0
    row = ConsentRecord.objects.get()
    assert (row.purpose, row.given, row.email) == ("news", False, "kari@eksempel.no")


def test_a_news_consent_needs_an_address():
    with pytest.raises(ValueError):
        news_consent_give("  ", source=ConsentSource.CONTACT_FORM, statement=None)
    with pytest.raises(ValueError):
        news_consent_withdraw("", source=ConsentSource.UNSUBSCRIBE_LINK)


def test_the_registry_finds_and_erasure_anonymises_a_persons_consent_rows(django_user_model):
    news_consent_give("kari@eksempel.no", source=ConsentSource.CONTACT_FORM, statement=None)
    cookie_choice_record(
        consent_id=uuid.uuid4(),
        choices={"statistics": True},
        declaration_version="1",
        statement=None,
    )

    found = subject_find(email="KARI@eksempel.no").by_model
    assert len(found["privacy.ConsentRecord"]) == 1

    subject_erase(email="kari@eksempel.no", by=None)

    assert not ConsentRecord.objects.filter(email="kari@eksempel.no").exists()
    assert ConsentRecord.objects.news().count() == 1  # kept as a count, naming no one
    assert not news_consent_in_force("kari@eksempel.no")


def test_retention_keeps_a_news_consent_in_force_and_deletes_old_proof():
    old = timezone.now() - timedelta(days=4 * 365)
    in_force = news_consent_give("kari@eksempel.no", source="contact_form", statement=None)
    superseded = news_consent_give("ola@eksempel.no", source="contact_form", statement=None)
    news_consent_withdraw("ola@eksempel.no", source="unsubscribe_link")
    cookie = cookie_choice_record(
        consent_id=uuid.uuid4(), choices={}, declaration_version="1", statement=None
    )
    ConsentRecord.objects.update(recorded_at=old)
    ConsentRecord.objects.filter(pk=superseded.pk).update(recorded_at=old - timedelta(days=1))
    recent = cookie_choice_record(
        consent_id=uuid.uuid4(), choices={}, declaration_version="1", statement=None
    )

    retention_enforce()

    left = set(ConsentRecord.objects.values_list("pk", flat=True))
    assert in_force.pk in left
    assert {row.pk for row in recent} <= left
    assert superseded.pk not in left
    assert not left & {row.pk for row in cookie}
    assert news_consent_in_force("kari@eksempel.no")


def test_a_persons_copy_of_their_data_holds_their_consent_history(privacy_statement):
    news_consent_give("kari@eksempel.no", source="contact_form", statement=privacy_statement)
    news_consent_withdraw("kari@eksempel.no", source="unsubscribe_link")
    news_consent_give("ola@eksempel.no", source="contact_form", statement=None)

    export = subject_export(email="kari@eksempel.no")

    [consents] = [m for m in export["models"] if m["model"] == "privacy.ConsentRecord"]
    rows = [(r["given"], r["source"], r["email"]) for r in consents["records"]]
    assert sorted(rows) == [
        (False, "unsubscribe_link", "kari@eksempel.no"),
        (True, "contact_form", "kari@eksempel.no"),
    ]
    assert "ola@eksempel.no" not in json.dumps(export, default=str)


def test_withdrawing_with_a_confirmed_phone_reaches_the_persons_other_address_too(make_lead):
    make_lead(email="kari@eksempel.no", phone="+4791234567", wants_news=True)
    private = make_lead(email="kari.privat@eksempel.no", phone="+4791234567", wants_news=True)
    make_lead(email="ola@eksempel.no", phone="+4799887766", wants_news=True)
    for address in ("kari@eksempel.no", "kari.privat@eksempel.no", "ola@eksempel.no"):
        news_consent_give(address, source="contact_form", statement=None)

    changed = news_consent_withdraw(
        "kari@eksempel.no", phone="912 34 567", source=ConsentSource.DATA_SUBJECT_REQUEST
    )

    assert changed == 4  # two register entries and two leads
    assert not news_consent_in_force("kari@eksempel.no")
    assert not news_consent_in_force("kari.privat@eksempel.no")
    private.refresh_from_db()
    assert private.wants_news is False
    assert news_consent_in_force("ola@eksempel.no")
    assert ConsentRecord.objects.filter(given=False).count() == 2


def test_without_a_phone_only_the_given_address_is_withdrawn(make_lead):
    make_lead(email="kari@eksempel.no", phone="+4791234567", wants_news=True)
    make_lead(email="kari.privat@eksempel.no", phone="+4791234567", wants_news=True)
    news_consent_give("kari.privat@eksempel.no", source="contact_form", statement=None)

    news_consent_withdraw("kari@eksempel.no", source=ConsentSource.UNSUBSCRIBE_LINK)

    assert news_consent_in_force("kari.privat@eksempel.no")
