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


def compare(client, older="2030-01-01", newer="2030-06-01", prefix=""):
    return client.get(
        f"{prefix}/personvern/versjoner/nb/sammenlign/", {"fra": older, "til": newer}
    ).content.decode()


def section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


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
        "Henvendelser fra kontaktskjemaet slettes etter ett år.</ins>"
    ) in html
    assert (
        '<del><span class="visually-hidden">Fjernet: </span>'
        "Regnskapsdokumenter lagres i fem år.</del>"
    ) in html
    assert "Tillegg: 1. Fjerninger: 1." in html


def test_comparison_summary_links_to_the_changed_sections_and_folds_the_unchanged(client):
    publish("2030-01-01", datetime.date(2030, 1, 1), OLD)
    publish("2030-06-01", datetime.date(2030, 6, 1), NEW)

    html = compare(client)

    summary = html[html.index('<ul class="diff-summary">') :]
    summary = summary[: summary.index("</ul>")]
    assert 'href="#endring-4-lagring-av-personopplysninger"' in summary
    assert "4. Lagring av personopplysninger</a>" in summary
    assert "8. Endringer" not in summary
    assert "1 av 2 deler er endret" in html
    assert 'id="endring-4-lagring-av-personopplysninger"' in html
    # The unchanged section is there to read, folded away.
    folded = html[html.index('<details class="diff-unchanged">') :]
    folded = folded[: folded.index("</details>")]
    assert "8. Endringer" in folded
    assert "<p>Vi oppdaterer erklæringen ved behov.</p>" in folded


def test_a_sentence_added_after_an_unchanged_one_leaves_that_one_unmarked(client):
    before = OLD.replace("Personopplysningene vil etter dette bli slettet.\n", "")
    after = before.replace(
        "Regnskapsdokumenter lagres i fem år.",
        "Regnskapsdokumenter lagres i fem år. Kontaktskjemaet lagres i ett år.",
    )
    publish("2030-01-01", datetime.date(2030, 1, 1), before)
    publish("2030-06-01", datetime.date(2030, 6, 1), after)

    changed = section(compare(client), "endring-4-lagring-av-personopplysninger")

    assert "<del>" not in changed
    assert changed.count("<ins>") == 1
    assert "lagres i fem år. <ins>" in changed
    assert "Kontaktskjemaet lagres i ett år.</ins>" in changed


def test_abbreviations_do_not_cut_a_sentence_so_an_edit_marks_words_not_the_whole_sentence(
    client,
):
    before = OLD.replace(
        "Regnskapsdokumenter lagres i fem år.", "Vi sletter jf. loven bl.a. logger."
    )
    after = before.replace("bl.a. logger.", "bl.a. logger og kopier.")
    publish("2030-01-01", datetime.date(2030, 1, 1), before)
    publish("2030-06-01", datetime.date(2030, 6, 1), after)

    changed = section(compare(client), "endring-4-lagring-av-personopplysninger")

    assert "Vi sletter jf. loven bl.a. logger <ins>" in changed
    assert "og kopier</ins>." in changed


def test_bold_text_links_and_lists_are_kept_in_both_columns(client):
    before = OLD.replace(
        "Vi oppdaterer erklæringen ved behov.",
        "Vi oppdaterer **erklæringen** ved behov. Se [versjonene](/personvern/versjoner/).\n\n"
        "- e-post\n- telefon",
    )
    after = before.replace("- telefon", "- telefon\n- brev")
    publish("2030-01-01", datetime.date(2030, 1, 1), before)
    publish("2030-06-01", datetime.date(2030, 6, 1), after)

    changed = section(compare(client), "endring-8-endringer")
    older = changed[changed.index("diff-column--older") : changed.index("diff-column--newer")]
    newer = changed[changed.index("diff-column--newer") :]

    for column in (older, newer):
        assert "<strong>erklæringen</strong>" in column
        assert '<a href="/personvern/versjoner/">versjonene</a>' in column
        assert "<li>e-post</li>" in column
    assert '<li><ins><span class="visually-hidden">Lagt til: </span>brev</ins></li>' in newer
    assert "brev" not in older


def test_a_renumbered_section_is_not_a_change(client):
    publish("2030-01-01", datetime.date(2030, 1, 1), OLD)
    publish(
        "2030-06-01",
        datetime.date(2030, 6, 1),
        OLD.replace("## 8. Endringer", "## 5. Ny del\n\nNy tekst.\n\n## 9. Endringer"),
    )

    html = compare(client)

    assert "5. Ny del</a>" in html
    assert "(ny del)" in html
    assert "9. Endringer</a>" not in html
    assert "1 av 3 deler er endret" in html


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
    assert "1 of 2 sections changed" in html
    assert '<div class="statement-diff" lang="nb">' in html
