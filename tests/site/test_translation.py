"""The English site: pages under /en/ read in English, and the catalogue leaves nothing out."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import path

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

ENGLISH_NAVIGATION_AND_FOOTER = [
    "Skip to main content",
    'aria-label="Main menu"',
    ">Become a member</a>",
    ">Privacy</a>",
    'aria-label="Footer menu"',
    ">Contact form</a>",
    ">Privacy statement</a>",
    ">Your privacy rights</a>",
    ">Cookie settings</a>",
    "Change language",
    "Org. no.",
]
NORWEGIAN_NAVIGATION_AND_FOOTER = [
    "Hopp til hovedinnholdet",
    ">Bli medlem</a>",
    ">Kontaktskjema</a>",
    ">Personvernerklæring</a>",
    ">Dine personvernrettigheter</a>",
    ">Innstillinger for informasjonskapsler</a>",
    "Bytt språk",
]


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/en/", "<h1>Become a member of one of Mestergruppen's chains</h1>"),
        ("/en/bli-medlem/", "Become a member of one of our chains</h1>"),
        ("/en/personvern/versjoner/", "Versions of the privacy statement</h1>"),
        ("/en/personvern/dine-rettigheter/", "Your rights"),
        ("/en/personvern/informasjonskapsler/", "Cookies</h1>"),
    ],
)
def test_english_pages_show_english_navigation_footer_and_heading(
    client, privacy_statement, url, heading
):
    # Long words in headings carry soft hyphens, which readers do not see.
    html = client.get(url).content.decode().replace("\u00ad", "")

    assert '<html lang="en">' in html
    assert heading in html
    for text in ENGLISH_NAVIGATION_AND_FOOTER:
        assert text in html
    for text in NORWEGIAN_NAVIGATION_AND_FOOTER:
        assert text not in html


def test_english_statement_page_shows_english_headings_around_the_norwegian_text(
    client, privacy_statement
):
    html = client.get("/en/personvern/").content.decode()

    assert "Last changed" in html
    assert "Contents" in html
    assert ">All versions</a>" in html
    assert ">Privacy statement</a>" in html
    assert "Innhold" not in html and "Sist endret" not in html


def test_english_statement_page_says_the_statement_is_only_in_norwegian_and_marks_it_so(
    client, privacy_statement
):
    html = client.get("/en/personvern/").content.decode()

    assert "The privacy statement is so far only available in Norwegian" in html
    assert '<div class="statement-body" lang="nb">' in html
    heading_id = "personvernerklaering-for-mestergruppenno-og-tilknyttede-applikasjoner"
    assert f'id="{heading_id}" lang="nb"' in html
    # On the Norwegian page there is nothing to say.
    assert "bare på norsk" not in client.get("/personvern/").content.decode()


@pytest.mark.parametrize("url", ["/", "/en/", "/bli-medlem/", "/en/personvern/"])
def test_language_switch_names_each_language_in_that_language(client, privacy_statement, url):
    html = client.get(url).content.decode()

    assert re.search(r'lang="en"[^>]*>English</', html)
    assert re.search(r'lang="nb"[^>]*>Norsk bokmål</', html)
    assert "Engelsk" not in html and "Norwegian Bokmål" not in html


def test_chain_descriptions_written_in_norwegian_are_marked_so_on_the_english_form(
    client, privacy_statement, subsidiary_blinkhus
):
    subsidiary_blinkhus.description = "Småhus og fritidsboliger over hele landet."
    subsidiary_blinkhus.save()

    english = client.get("/en/bli-medlem/").content.decode()
    norwegian = client.get("/bli-medlem/").content.decode()

    assert 'lang="nb">Småhus og fritidsboliger over hele landet.</p>' in english
    assert '_description">Småhus og fritidsboliger over hele landet.</p>' in norwegian
    # The choice written by us is translated, so it is not marked.
    assert '_description">We send your enquiry to Mestergruppen' in english


def test_english_contact_form_shows_english_labels_and_button(client, privacy_statement):
    html = client.get("/en/bli-medlem/").content.decode()

    assert "Tell us a little about your company, and the right chain will contact you." in html
    assert "Organisation number (optional)" in html
    assert "Send enquiry" in html
    assert "Send henvendelsen" not in html


def test_norwegian_pages_are_still_norwegian_after_the_english_ones_are_shown(
    client, privacy_statement
):
    # The blank form is kept rendered in memory: each language must get its own copy.
    client.get("/bli-medlem/")
    english_form = client.get("/en/bli-medlem/").content.decode()
    home = client.get("/").content.decode().replace("\u00ad", "")
    form = client.get("/bli-medlem/").content.decode()

    assert "Send enquiry" in english_form and "Send henvendelsen" not in english_form
    assert "<h1>Bli medlem i en av Mestergruppens kjeder</h1>" in home
    assert "Send henvendelsen" in form and "Send enquiry" not in form
    for text in NORWEGIAN_NAVIGATION_AND_FOOTER:
        assert text in home
        assert text in form


def _explode(request):
    raise RuntimeError("boom")


urlpatterns = [path("en/boom/", _explode), path("boom/", _explode)]
handler500 = "mestergruppen.views.server_error"


@pytest.mark.urls("tests.site.test_translation")
def test_english_server_error_page_is_in_english(client):
    from django.utils import translation

    client.raise_request_exception = False
    # The test URLconf has no i18n_patterns, so the language is chosen here as the
    # middleware would for /en/.
    with translation.override("en"):
        response = client.get("/en/boom/", headers={"accept-language": "en"})

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Noe gikk galt" not in html


def _catalogue_entries() -> list[dict]:
    """The entries of the .po file: flags, msgid and msgstr(s), obsolete ones left out."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        entry = {"flags": set(), "msgid": None, "plural": False, "msgstr": []}
        field = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                field, text = match.group(1), ast.literal_eval(match.group(2))
                if field == "msgid":
                    entry["msgid"] = text
                elif field == "msgid_plural":
                    entry["plural"] = True
                else:
                    entry["msgstr"].append(text)
            elif line.startswith('"') and field:
                text = ast.literal_eval(line)
                if field == "msgid":
                    entry["msgid"] += text
                elif field.startswith("msgstr"):
                    entry["msgstr"][-1] += text
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = _catalogue_entries()
    real = [entry for entry in entries if entry["msgid"] != ""]  # not the header

    untranslated = [e["msgid"] for e in real if not e["msgstr"] or "" in e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert len(real) > 100  # the parser found the catalogue's entries
    assert untranslated == []
    assert fuzzy == []


def test_english_compiled_catalogue_matches_the_po_file():
    """The .mo is committed (servers may lack gettext); it must be compiled from this .po."""
    with open(CATALOGUE.with_suffix(".mo"), "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    singular = [e for e in _catalogue_entries() if e["msgid"] and not e["plural"]]

    stale = [e["msgid"] for e in singular if translations.gettext(e["msgid"]) != e["msgstr"][0]]
    assert stale == []


@pytest.mark.django_db
def test_english_statement_page_writes_its_date_the_british_way(client, privacy_statement):
    html = client.get("/en/personvern/").content.decode()

    assert "26 January 2024" in html
    assert "Jan. 26, 2024" not in html
