"""Statement versions: which one is current, and that published versions never change."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacy.models import PrivacyStatement, PublishedStatementLocked, StatementStatus

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def make_version(version: str, effective_date: datetime.date, *, body: str = "", publish=True):
    statement = PrivacyStatement.objects.create(
        version=version,
        language="nb",
        title="Personvernerklæring",
        effective_date=effective_date,
        body=body or f"# Personvernerklæring\n\n## Innledning\n\nVersjon {version}.\n",
    )
    if publish:
        statement.publish(by=None, allow_backdated=True)
    return statement


def at_utc(*args):
    moment = datetime.datetime(*args, tzinfo=UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_set_up_ships_the_published_statement_of_2024_01_26(privacy_statement):
    current = PrivacyStatement.objects.published().current(language="nb")

    assert current == privacy_statement
    assert current.effective_date == datetime.date(2024, 1, 26)
    assert current.status == StatementStatus.PUBLISHED
    assert current.get_absolute_url() == "/personvern/versjoner/nb/2024-01-26/"


def test_future_version_becomes_current_at_midnight_norwegian_time_on_its_date(
    privacy_statement, client
):
    with at_utc(2030, 5, 1, 12, 0):
        summer = make_version("2030-06-01", datetime.date(2030, 6, 1))

    # 21:59 UTC on 31 May is 23:59 in Oslo (summer time): the old version still applies.
    with at_utc(2030, 5, 31, 21, 59):
        assert PrivacyStatement.objects.current(language="nb") == privacy_statement
        assert "Versjon 2030-06-01." not in client.get("/personvern/").content.decode()
    # 22:00 UTC is midnight in Oslo: the new version applies, without anyone acting.
    with at_utc(2030, 5, 31, 22, 0):
        assert PrivacyStatement.objects.published().current(language="nb") == summer
        assert "Versjon 2030-06-01." in client.get("/personvern/").content.decode()


def test_drafts_are_never_current_even_when_their_date_has_come(privacy_statement):
    make_version("utkast", datetime.date(2025, 1, 1), publish=False)

    assert PrivacyStatement.objects.current(language="nb") == privacy_statement
    assert PrivacyStatement.objects.all().current(language="nb") == privacy_statement


def test_published_version_refuses_edits_through_save_update_and_delete(privacy_statement):
    privacy_statement.body += "\nEn ny setning.\n"

    with pytest.raises(PublishedStatementLocked):
        privacy_statement.save()
    with pytest.raises(PublishedStatementLocked):
        PrivacyStatement.objects.filter(pk=privacy_statement.pk).update(body="Endret")
    with pytest.raises(PublishedStatementLocked):
        privacy_statement.delete()
    with pytest.raises(PublishedStatementLocked):
        PrivacyStatement.objects.filter(pk=privacy_statement.pk).delete()

    privacy_statement.refresh_from_db()
    assert "En ny setning." not in privacy_statement.body


def test_a_draft_can_be_edited_and_publishing_records_who_and_when(admin_user):
    draft = make_version("2031-01-01", datetime.date(2031, 1, 1), publish=False)
    draft.change_summary = "Ny kontaktadresse."
    draft.save()

    draft.publish(by=admin_user)

    draft.refresh_from_db()
    assert draft.status == StatementStatus.PUBLISHED
    assert draft.published_by == admin_user
    assert abs(draft.published_at - timezone.now()) < datetime.timedelta(minutes=1)
    with pytest.raises(PublishedStatementLocked):
        draft.publish(by=admin_user)


def test_a_new_version_cannot_be_published_with_a_date_in_the_past():
    draft = make_version("tilbakedatert", datetime.date(2020, 1, 1), publish=False)

    with pytest.raises(ValidationError) as error:
        draft.publish(by=None)

    assert "fortiden" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT
