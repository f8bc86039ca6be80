"""People are told how long their data is kept, in words generated from the declarations, and
the records of processing say the same."""

import pytest
from django.urls import reverse

from privacy.processing import processing_records
from privacy.registry import registry

pytestmark = pytest.mark.django_db

PAGE = "/personvern/lagringstid/"


def test_the_public_table_lists_every_declared_period(client):
    html = client.get(PAGE).content.decode()

    declared = [d for d in registry.with_personal_data() if d.retention is not None]
    assert len(declared) > 10  # our apps, Django's and the packages' tables
    for declaration in declared:
        name = declaration.display_name
        assert name[0].upper() + name[1:] in html, declaration.label
    assert '<th scope="row">Henvendelser</th>' in html
    assert '<th scope="row">Endringshistorikk i administrasjonen</th>' in html
    assert "365 dager etter at henvendelsen ble mottatt; mistenkt søppel 30 dager" in html
    assert "mistenkt søppel slettes" in html
    assert "Like lenge som henvendelse den hører til" in html
    assert "To år etter tilgangen" in html
    assert "Anonymiseres" in html and "Slettes" in html


def test_the_page_is_linked_from_the_rights_page_and_answers_in_english(client):
    rights = client.get(reverse("privacy:rights_request")).content.decode()
    english = client.get("/en" + PAGE)

    assert PAGE in rights
    assert english.status_code == 200
    assert 'lang="en"' in english.content.decode()


def test_the_record_of_processing_gives_the_same_periods_as_the_public_page(client):
    html = client.get(PAGE).content.decode()

    rules = [
        rule for activity in processing_records()["activities"] for rule in activity["retention"]
    ]
    lead = next(rule for rule in rules if rule["model"] == "intake.Lead")
    assert lead["rule"] in html and lead["at_expiry"] in html
    for rule in rules:
        assert rule["rule"].replace("«", "&laquo;")[:15] in html or rule["rule"][:15] in html
