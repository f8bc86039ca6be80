"""The privacy officer reads the consent register in the admin (the proof of each consent and
withdrawal); nobody edits it there, and other staff do not see it."""

import uuid

import pytest
from django.urls import reverse

from privacy.consents import (
    ConsentSource,
    cookie_choice_record,
    news_consent_give,
    news_consent_withdraw,
)
from privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db

URL = reverse("admin:privacy_consentrecord_changelist")


@pytest.fixture
def register(privacy_statement):
    news_consent_give("kari@eksempel.no", source=ConsentSource.CONTACT_FORM, statement=None)
    news_consent_withdraw("kari@eksempel.no", source=ConsentSource.UNSUBSCRIBE_LINK)
    news_consent_give("ola@eksempel.no", source=ConsentSource.CONTACT_FORM, statement=None)
    cookie_choice_record(
        consent_id=uuid.uuid4(),
        choices={"statistics": True},
        declaration_version="7",
        statement=privacy_statement,
    )


def test_the_officer_finds_a_persons_consent_history_by_address_in_any_letter_case(
    client, privacy_officer, register
):
    client.force_login(privacy_officer)

    response = client.get(URL, {"q": "  Kari@Eksempel.NO "})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("kari@eksempel.no") >= 2
    assert "Avmeldingslenken i en e-post" in html and "Kontaktskjemaet" in html
    assert "ola@eksempel.no" not in html


def test_the_officer_sees_cookie_choices_with_the_declaration_version_and_no_address(
    client, privacy_officer, register
):
    client.force_login(privacy_officer)

    html = client.get(URL, {"purpose__exact": "statistics"}).content.decode()

    assert "Statistikk (informasjonskapsler)" in html
    assert ">7<" in html


def test_nobody_adds_changes_or_deletes_a_consent_in_the_admin(client, privacy_officer, register):
    client.force_login(privacy_officer)
    row = ConsentRecord.objects.news().first()

    change = client.post(
        reverse("admin:privacy_consentrecord_change", args=[row.pk]), {"given": "on"}
    )
    delete = client.post(
        reverse("admin:privacy_consentrecord_delete", args=[row.pk]), {"post": "yes"}
    )

    assert client.get(reverse("admin:privacy_consentrecord_add")).status_code == 403
    assert change.status_code == 403 and delete.status_code == 403
    assert ConsentRecord.objects.filter(pk=row.pk, given=row.given).exists()


def test_central_staff_do_not_see_the_consent_register(client, central_staff, register):
    client.force_login(central_staff)

    assert client.get(URL).status_code == 403
