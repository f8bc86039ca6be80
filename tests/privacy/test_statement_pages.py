"""The public statement pages: the current version, its headings, safety and caching."""

import datetime
import re
from html.parser import HTMLParser

import pytest

from privacy.models import PrivacyStatement
from privacy.statement_files import INITIAL_STATEMENT, read_statement

pytestmark = pytest.mark.django_db


class _Headings(HTMLParser):
    """Collects (tag, id, text) of the headings and the href of every link."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[str, str, str]] = []
        self.links: list[str] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._open = [tag, attrs.get("id", ""), ""]
        if tag == "a":
            self.links.append(attrs.get("href", ""))

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            self.headings.append((self._open[0], self._open[1], self._open[2].strip()))
            self._open = None


def parse(html: str) -> _Headings:
    parser = _Headings()
    # Long words in headings carry soft hyphens (mestergruppen/hyphenation.py); readers see none.
    parser.feed(html.replace("\u00ad", ""))
    return parser


def publish(version: str, effective_date: datetime.date, body: str) -> PrivacyStatement:
    statement = PrivacyStatement.objects.create(
        version=version, language="nb", title="Personvernerklæring", effective_date=effective_date,
        body=body,
    )  # fmt: skip
    statement.publish(by=None, allow_backdated=True)
    return statement


def test_every_heading_of_the_shipped_statement_appears_on_the_page_with_its_anchor(
    privacy_statement, client
):
    shipped = read_statement(INITIAL_STATEMENT).body
    expected = [
        (f"h{len(hashes)}", text.strip())
        for hashes, text in re.findall(r"^(#{1,6})\s+(.+)$", shipped, re.MULTILINE)
    ]

    response = client.get("/personvern/")

    assert response.status_code == 200
    page = parse(response.content.decode())
    on_page = {(tag, text): anchor for tag, anchor, text in page.headings}
    assert len(expected) == 16  # 1 title, 9 sections, 6 subsections
    for tag, text in expected:
        assert (tag, text) in on_page, f"{tag} «{text}» is missing"
        anchor = on_page[(tag, text)]
        assert anchor, f"{tag} «{text}» has no anchor"
        if tag in ("h2", "h3"):
            assert f"#{anchor}" in page.links, f"the table of contents does not link «{text}»"
    anchors = [anchor for _tag, anchor, _text in page.headings if anchor]
    assert len(anchors) == len(set(anchors)), "anchors must be unique on the page"
    # Norwegian letters become readable ASCII instead of disappearing.
    assert on_page[("h2", "2. Formål, kategorier personopplysninger og rettslig grunnlag")] == (
        "2-formal-kategorier-personopplysninger-og-rettslig-grunnlag"
    )
    assert on_page[("h3", "Overholdelse av lovpålagte plikter")] == (
        "overholdelse-av-lovpalagte-plikter"
    )


def test_statement_page_shows_last_changed_date_links_cookie_settings_and_mails(
    privacy_statement, client
):
    html = client.get("/personvern/").content.decode()

    assert 'Sist endret: <time datetime="2024-01-26">26. januar 2024</time>' in html
    assert (
        '<a href="/personvern/informasjonskapsler/#cookie-settings">link til cookiebanner</a>'
        in html
    )
    assert 'href="#cookie-settings"' not in html
    assert '<a href="mailto:personvern@mestergruppen.no">personvern@mestergruppen.no</a>' in html
    assert '<a href="mailto:sentralbord@mestergruppen.no">' in html
    assert "Nils Hansens vei 8, 0667 Oslo" in html
    assert '<div class="statement-body" lang="nb">' in html


def test_controller_contact_details_come_from_settings(privacy_statement, client, settings):
    settings.CONTROLLER = {
        **settings.CONTROLLER,
        "postal_address": "Postboks 1, 0101 Oslo",
        "privacy_email": "dpo@example.no",
    }

    html = client.get("/personvern/").content.decode()

    assert "Postadresse: Postboks 1, 0101 Oslo" in html
    assert '<a href="mailto:dpo@example.no">dpo@example.no</a>' in html
    assert "personvern@mestergruppen.no" not in html.split("<article")[1].split("</article>")[0]


def test_script_in_a_statement_body_is_not_rendered(privacy_statement, client):
    publish(
        "2025-02-01",
        datetime.date(2025, 2, 1),
        "# Personvernerklæring\n\n## Innledning\n\n"
        '<script>alert("hei")</script>\n\n'
        "Tekst <script>document.cookie</script> og <img src=x onerror=alert(1)>.\n\n"
        "[Klikk her](javascript:alert(1))\n",
    )

    html = client.get("/personvern/").content.decode()
    article = html.split("<article")[1].split("</article>")[0]

    # The only script is the cookie choice's own, from our static files.
    assert re.findall(r"<script[^>]*>", html) == [
        re.search(r'<script src="/static/js/consent\.[0-9a-f]+\.js" defer>', html).group(0)
    ]
    assert "<img" not in article
    assert "javascript:" not in article
    assert "Innledning" in article


def test_conditional_get_of_the_statement_answers_304_until_the_statement_changes(
    privacy_statement, client
):
    first = client.get("/personvern/")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    by_etag = client.get("/personvern/", headers={"if-none-match": etag})
    by_date = client.get("/personvern/", headers={"if-modified-since": last_modified})

    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"]
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_date.status_code == 304

    publish("2025-03-01", datetime.date(2025, 3, 1), "# Personvernerklæring\n\nNy tekst.\n")
    changed = client.get("/personvern/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_earlier_versions_stay_reachable_and_are_listed_with_their_dates(privacy_statement, client):
    newer = publish("2025-03-01", datetime.date(2025, 3, 1), "# Ny\n\n## Innledning\n\nNy.\n")

    old_page = client.get(privacy_statement.get_absolute_url())
    new_page = client.get(newer.get_absolute_url())
    listing = client.get("/personvern/versjoner/").content.decode()

    assert old_page.status_code == 200
    assert "Dette er en tidligere versjon" in old_page.content.decode()
    assert "Behandlingsansvarlig" in old_page.content.decode()
    assert old_page["ETag"]
    assert new_page.status_code == 200
    assert "tidligere versjon" not in new_page.content.decode()
    assert '<a href="/personvern/versjoner/nb/2025-03-01/" lang="nb">2025-03-01</a>' in listing
    assert "(gjeldende)" in listing
    assert "26. januar 2024" in listing and "1. mars 2025" in listing


def test_unknown_or_draft_version_is_not_found(privacy_statement, client):
    PrivacyStatement.objects.create(
        version="hemmelig", language="nb", title="Utkast", effective_date=datetime.date(2025, 1, 1),
        body="Utkast.",
    )  # fmt: skip

    assert client.get("/personvern/versjoner/nb/hemmelig/").status_code == 404
    assert client.get("/personvern/versjoner/nb/finnes-ikke/").status_code == 404


def test_statement_page_is_the_same_for_every_visitor_and_sets_no_cookie(privacy_statement):
    from django.test import Client

    first, second = Client().get("/personvern/"), Client().get("/personvern/")

    assert first.content == second.content
    assert not first.cookies and not second.cookies
    assert "Cookie" not in first.get("Vary", "")
    assert "csrfmiddlewaretoken" not in first.content.decode()


def test_statement_page_switches_language_with_links(privacy_statement, client):
    html = client.get("/personvern/").content.decode()
    english = client.get("/en/personvern/")

    assert '<a href="/en/personvern/" hreflang="en" lang="en">English</a>' in html
    assert 'aria-current="true">Norsk bokmål</a>' in html
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert '<div class="statement-body" lang="nb">' in english.content.decode()
    assert "Last changed" in english.content.decode()


def test_a_message_waiting_for_the_visitor_is_shown_on_the_statement_page(
    privacy_statement, admin_client
):
    admin_client.get("/personvern/")  # cached without messages
    draft = PrivacyStatement.objects.create(
        version="2031-01-01", language="nb", title="T", effective_date=datetime.date(2031, 1, 1),
        body="Tekst.",
    )  # fmt: skip
    admin_client.post(
        "/admin/privacy/privacystatement/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    response = admin_client.get("/personvern/")

    assert "2031-01-01 er publisert" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_email_addresses_typed_without_brackets_become_mailto_links(privacy_statement, client):
    publish(
        "2025-04-01",
        datetime.date(2025, 4, 1),
        "# Personvernerklæring\n\n## Kontakt\n\n"
        "Skriv til post@example.no, ikke `kode@example.no`.\n",
    )

    html = client.get("/personvern/").content.decode()

    assert 'Skriv til <a href="mailto:post@example.no">post@example.no</a>, ikke' in html
    assert "<code>kode@example.no</code>" in html


def test_a_version_page_is_fetched_again_once_a_newer_version_is_in_force(
    privacy_statement, client
):
    url = privacy_statement.get_absolute_url()
    before = client.get(url)
    assert "tidligere versjon" not in before.content.decode()

    publish("2025-05-01", datetime.date(2025, 5, 1), "# Ny\n\nNy tekst.\n")
    after = client.get(url, headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert "Dette er en tidligere versjon" in after.content.decode()


def test_head_request_gets_the_headers_without_the_page(privacy_statement, client):
    response = client.head("/personvern/")

    assert response.status_code == 200
    assert response["ETag"]
    assert response.content == b""


def test_current_statement_announces_a_published_version_that_takes_effect_later(
    privacy_statement, client
):
    first = client.get("/personvern/")
    assert "En ny versjon" not in first.content.decode()
    assert ">Alle versjoner</a>" in first.content.decode()

    coming = datetime.date.today() + datetime.timedelta(days=40)
    upcoming = PrivacyStatement.objects.create(
        version=coming.isoformat(), language="nb", title="Personvernerklæring",
        effective_date=coming, body="# Ny\n\nNy tekst.\n",
    )  # fmt: skip
    upcoming.publish(by=None)
    # The page kept in memory and the visitor's copy are both replaced.
    response = client.get("/personvern/", headers={"if-none-match": first["ETag"]})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<time datetime="{privacy_statement.effective_date:%Y-%m-%d}">' in html
    assert "En ny versjon av personvernerklæringen gjelder fra" in html
    assert f'<a href="{upcoming.get_absolute_url()}">Les versjon {upcoming.version}</a>' in html
    # Still the version in force that the page shows.
    assert "Ny tekst." not in html
