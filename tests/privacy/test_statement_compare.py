"""Comparing two versions: additions and removals that eyes and screen readers notice."""

import datetime

import pytest

from privacy.models import PrivacyStatement

pytestmark = pytest.mark.django_db

OLD = """# Personvernerklæring

## 4. Lagring av personopplysninger

Vi lagrer dine personopplysninger så lenge det er nødvendig.
Regnskapsdokumenter lagres i fem år.
Personopplysningene vil etter dette bli slettet.

## 8. Endringer

Vi oppdaterer erklæringen ved behov.
"""

NEW = """# Personvernerklæring

## 4. Lagring av personopplysninger

Vi lagrer dine personopplysninger så lenge det er nødvendig.
Henvendelser fra kontaktskjemaet slettes etter ett år.
Personopplysningene vil etter dette bli slettet.

## 8. Endringer

Vi oppdaterer erklæringen ved behov.
"""


def publish(version, effective_date, body):
    statement = PrivacyStatement.objects.create(
        version=version, language="nb", title="Personvernerklæring",
        effective_date=effective_date, body=body,
    )  # fmt: skip
    statement.publish(by=None, allow_backdated=True)
    return statement


def test_comparison_shows_an_inserted_and_a_removed_sentence(client):
    publish("2030-01-01", datetime.date(2030, 1, 1), OLD)
    publish("2030-06-01", datetime.date(2030, 6, 1), NEW)

    response = client.get(
        "/personvern/versjoner/nb/sammenlign/", {"fra": "2030-01-01", "til": "2030-06-01"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<ins><span class="visually-hidden">Lagt til: </span>'
        "Henvendelser fra kontaktskjemaet slettes etter ett år. </ins>"
    ) in html
    assert (
        '<del><span class="visually-hidden">Fjernet: </span>'
        "Regnskapsdokumenter lagres i fem år. </del>"
    ) in html
    assert "Tillegg: 1. Fjerninger: 1." in html
    # Unchanged text is shown as it is, without marks.
    assert "<p>Vi oppdaterer erklæringen ved behov.</p>" in html


def test_comparison_in_either_order_reads_from_older_to_newer(client):
    publish("2030-01-01", datetime.date(2030, 1, 1), OLD)
    publish("2030-06-01", datetime.date(2030, 6, 1), NEW)

    html = client.get(
        "/personvern/versjoner/nb/sammenlign/", {"fra": "2030-06-01", "til": "2030-01-01"}
    ).content.decode()

    assert "Endringer fra versjon 2030-01-01 til 2030-06-01" in html
    assert "Lagt til: </span>Henvendelser fra kontaktskjemaet" in html


def test_comparison_with_an_unknown_version_explains_in_norwegian(privacy_statement, client):
    response = client.get(
        "/personvern/versjoner/nb/sammenlign/", {"fra": "2024-01-26", "til": "tull"}
    )

    assert response.status_code == 400
    assert "Velg versjonen du vil sammenligne med." in response.content.decode()


def test_english_comparison_announces_changes_in_english_around_norwegian_text(client):
    publish("2030-01-01", datetime.date(2030, 1, 1), OLD)
    publish("2030-06-01", datetime.date(2030, 6, 1), NEW)

    html = client.get(
        "/en/personvern/versjoner/nb/sammenlign/", {"fra": "2030-01-01", "til": "2030-06-01"}
    ).content.decode()

    assert '<ins><span class="visually-hidden" lang="en">Added: </span>Henvendelser' in html
    assert '<del><span class="visually-hidden" lang="en">Removed: </span>Regnskaps' in html
    assert '<div class="statement-diff" lang="nb">' in html
