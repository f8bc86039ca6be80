"""The cookie banner and panel without JavaScript: a plain form POST and a redirect back.

What a visitor notices (the banner, the page they come back to, which scripts run) and what
the company can prove afterwards (a consent record per choice, naming no one)."""

import datetime
import re

import pytest
from django.test import Client

from privacy.consents import ConsentRecord
from privacy.cookie_consent import CONSENT_COOKIE, parse_choice
from privacy.models import DeclaredCookie
from privacy.models.statement import today_in_norway
from tests.privacy.cookie_helpers import (
    MARKETING_MARKER,
    STATISTICS_MARKER,
    configure_scripts,
    consent_cookie,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cookie_declaration")]

PUBLIC_PAGES = ["/", "/bli-medlem/", "/personvern/", "/personvern/dine-rettigheter/", "/en/"]
CHOOSE = "/personvern/informasjonskapsler/valg/"
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def scripts(db, privacy_statement):
    configure_scripts()


def banner_shown(html: str) -> bool:
    found = re.search(r'<section id="cookie-consent"[^>]*>', html)
    assert found, "every public page carries the banner, shown or hidden"
    return " hidden" not in found.group(0)


def choose(client: Client, choice: str, *, next_page: str = "/bli-medlem/", **fields):
    return client.post(CHOOSE, {"choice": choice, "next": next_page, **fields}, **SAME_SITE)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_first_visit_shows_the_banner_with_accept_and_reject_alike_and_nothing_ticked(
    client, page, scripts
):
    html = client.get(page).content.decode()

    assert banner_shown(html)
    accept = re.search(r'<button[^>]*value="all"[^>]*>', html).group(0)
    reject = re.search(r'<button[^>]*value="none"[^>]*>', html).group(0)
    assert accept.replace('value="all"', "") == reject.replace('value="none"', "")
    english = page.startswith("/en/")
    accept_label, reject_label = (
        ("Accept all", "Reject all") if english else ("Godta alle", "Avvis alle")
    )
    assert f">{accept_label}<" in html and f">{reject_label}<" in html
    banner = html[html.index('id="cookie-consent"') : html.index("</section>")]
    assert " checked" not in banner
    assert ("Necessary (always on)" if english else "Nødvendige (alltid på)") in banner


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_voluntary_script_is_in_a_page_before_consent(client, page, scripts):
    response = client.get(page)

    html = response.content.decode()
    assert STATISTICS_MARKER not in html and MARKETING_MARKER not in html
    assert "nonce-" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_after_accepting_all_each_page_runs_the_scripts_with_the_responses_nonce(
    client, page, scripts
):
    choose(client, "all")

    response = client.get(page)

    html = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    assert not banner_shown(html)
    nonces = re.findall(r'<script nonce="([^"]+)">', html)
    assert len(nonces) == 2 and STATISTICS_MARKER in html and MARKETING_MARKER in html
    assert f"'nonce-{nonces[0]}'" in policy and nonces[0] == nonces[1]
    assert "unsafe-inline" not in policy


def test_accepting_statistics_only_runs_the_statistics_script_and_not_the_marketing_one(
    client, scripts
):
    choose(client, "selected", statistics="on")

    html = client.get("/personvern/").content.decode()

    assert STATISTICS_MARKER in html
    assert MARKETING_MARKER not in html


def test_the_choice_takes_the_visitor_back_to_the_page_they_chose_on(client, scripts):
    response = choose(client, "none", next_page="/personvern/dine-rettigheter/")

    assert response.status_code == 303
    assert response.headers["Location"] == "/personvern/dine-rettigheter/"


@pytest.mark.parametrize(
    "next_page",
    [
        "https://angriper.example/",
        "//angriper.example/",
        "/\\angriper.example/",
        "javascript:alert(1)",
        "/side\x00",
        "/side\r\nSet-Cookie: x=1",
        "/" + "a" * 3000,
        "",
    ],
)
def test_a_choice_never_sends_the_visitor_to_another_site(client, scripts, next_page):
    response = choose(client, "none", next_page=next_page)

    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_rejecting_all_leaves_only_the_necessary_cookies_and_deletes_the_voluntary_ones(
    client, scripts
):
    choose(client, "all")
    # What the statistics and marketing scripts set while they were allowed.
    client.cookies["_stat_id"] = "abc"
    client.cookies["_ad"] = "xyz"

    response = choose(client, "none")

    deleted = {name for name, morsel in response.cookies.items() if morsel["max-age"] == 0}
    kept = {name for name, morsel in response.cookies.items() if morsel["max-age"] != 0}
    assert deleted == {"_stat_id", "_ad"}
    assert response.cookies["_ad"]["domain"] == ".testserver.local"
    assert kept == {CONSENT_COOKIE}
    assert DeclaredCookie.objects.get(name=CONSENT_COOKIE).category == "necessary"
    html = client.get("/bli-medlem/").content.decode()
    assert STATISTICS_MARKER not in html and MARKETING_MARKER not in html
    assert not banner_shown(html)


def test_withdrawing_one_category_keeps_the_cookies_of_the_other(client, scripts):
    choose(client, "all")
    client.cookies["_stat_id"] = "abc"
    client.cookies["_ad"] = "xyz"

    response = choose(client, "selected", statistics="on")

    assert {n for n, m in response.cookies.items() if m["max-age"] == 0} == {"_ad"}


def test_each_choice_is_recorded_with_what_was_shown_and_no_one_named(client, scripts):
    choose(client, "all")
    first = parse_choice(client.cookies[CONSENT_COOKIE].value)
    choose(client, "selected", marketing="on")
    second = parse_choice(client.cookies[CONSENT_COOKIE].value)

    rows = list(ConsentRecord.objects.order_by("recorded_at", "purpose"))
    assert first.consent_id == second.consent_id
    assert [(r.purpose, r.given) for r in rows] == [
        ("marketing", True),
        ("statistics", True),
        ("marketing", True),
        ("statistics", False),
    ]
    assert {r.consent_id for r in rows} == {first.consent_id}
    assert {r.declaration_version for r in rows} == {str(first.version)}
    assert {r.statement.version for r in rows} == {"2024-01-26"}
    assert {r.email for r in rows} == {""}
    assert {r.source for r in rows} == {"cookie_banner"}


def test_the_consent_cookie_lasts_twelve_months_is_first_party_and_hidden_from_scripts(
    client, scripts
):
    response = choose(client, "none")

    cookie = response.cookies[CONSENT_COOKIE]
    assert 365 * 86400 <= cookie["max-age"] <= 366 * 86400
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["domain"]
    assert parse_choice(cookie.value).given_on == today_in_norway()


def test_a_choice_twelve_months_old_is_asked_again_and_runs_no_script(client, scripts):
    today = today_in_norway()
    a_year_ago = today.replace(year=today.year - 1)
    client.cookies[CONSENT_COOKIE] = consent_cookie(
        statistics=True, marketing=True, given_on=a_year_ago
    )

    html = client.get("/bli-medlem/").content.decode()

    assert banner_shown(html)
    assert "Det er over et år siden du valgte" in html
    assert STATISTICS_MARKER not in html


def test_a_choice_eleven_months_old_still_counts(client, scripts):
    client.cookies[CONSENT_COOKIE] = consent_cookie(
        statistics=True, marketing=False, given_on=today_in_norway() - datetime.timedelta(days=330)
    )

    html = client.get("/bli-medlem/").content.decode()

    assert not banner_shown(html)
    assert STATISTICS_MARKER in html


def test_a_changed_declaration_asks_again_and_runs_no_script_until_then(
    client, admin_client, scripts
):
    choose(client, "all")
    admin_client.post(
        "/admin/privacy/declaredcookie/add/",
        {
            "name": "_nytt",
            "provider": "Ny leverandør AS",
            "category": "marketing",
            "purpose": "Noe nytt.",
            "lifetime": "Ett år",
        },
    )

    html = client.get("/personvern/").content.decode()

    assert banner_shown(html)
    assert MARKETING_MARKER not in html and STATISTICS_MARKER not in html
    choose(client, "all")
    assert MARKETING_MARKER in client.get("/personvern/").content.decode()


def test_editing_a_necessary_cookies_text_asks_no_one_again(client, admin_client, scripts):
    choose(client, "none")
    csrf = DeclaredCookie.objects.get(name="csrftoken")

    admin_client.post(
        f"/admin/privacy/declaredcookie/{csrf.pk}/change/",
        {
            "name": "csrftoken",
            "provider": "Mestergruppen AS",
            "category": "necessary",
            "purpose": "Ny tekst.",
            "lifetime": "Ett år",
        },
    )

    assert DeclaredCookie.objects.get(name="csrftoken").purpose == "Ny tekst."
    assert not banner_shown(client.get("/personvern/").content.decode())


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://angriper.example"},
        {"HTTP_REFERER": "https://angriper.example/side"},
        {},
    ],
)
def test_a_choice_sent_from_another_site_is_refused_and_changes_nothing(client, scripts, headers):
    response = client.post(CHOOSE, {"choice": "all", "next": "/"}, **headers)

    assert response.status_code == 403
    assert CONSENT_COOKIE not in response.cookies
    assert not ConsentRecord.objects.exists()


def test_a_flood_of_choices_from_one_client_is_refused_with_a_norwegian_page(
    client, scripts, settings
):
    settings.CONSENT_CHOICE_RATE_LIMIT = 2
    for _ in range(2):
        response = client.post(
            CHOOSE, {"choice": "none", "next": "/"}, HTTP_ORIGIN="http://testserver"
        )
        assert response.status_code == 303

    response = client.post(CHOOSE, {"choice": "all", "next": "/"}, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 429
    assert "For mange valg på kort tid" in response.content.decode()
    # Two choices, one row per voluntary category each; the refused one wrote nothing.
    assert ConsentRecord.objects.count() == 4


def test_a_choice_from_a_browser_that_names_only_our_origin_is_taken(client, scripts):
    response = client.post(CHOOSE, {"choice": "none", "next": "/"}, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 303
    assert CONSENT_COOKIE in response.cookies


@pytest.mark.parametrize("choice", ["alle", "x" * 5000])
def test_an_unknown_choice_gets_a_norwegian_error_page(client, scripts, choice):
    response = client.post(CHOOSE, {"choice": choice}, **SAME_SITE)

    assert response.status_code == 400
    assert "Vi forstod ikke forespørselen" in response.content.decode()
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(
    "value",
    # A well-formed id no record has; fixed, so every pytest-xdist process collects the same
    # test (CI runs the suite in two).
    [
        "tull",
        "1.s1m1.20261130.ikke-en-id",
        "1.s2m1.20261130.6f1c0e2a9b3d4c5e8f7a1b2c3d4e5f60",
        "é" * 100,
    ],
)
def test_a_consent_cookie_we_did_not_write_is_treated_as_no_choice(client, scripts, value):
    client.cookies[CONSENT_COOKIE] = value

    response = client.get("/bli-medlem/")

    assert response.status_code == 200
    assert banner_shown(response.content.decode())
    assert STATISTICS_MARKER not in response.content.decode()


def test_with_javascript_the_choice_answers_what_to_run_instead_of_a_redirect(client, scripts):
    response = client.post(
        CHOOSE,
        {"choice": "selected", "statistics": "on"},
        HTTP_ACCEPT="application/json",
        **SAME_SITE,
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["allowed"] == ["statistics"]
    assert answer["scripts"] == ["/personvern/informasjonskapsler/skript/statistics.js"]
    assert "Valget ditt er lagret" in answer["message"]
    script = client.get(answer["scripts"][0])
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert STATISTICS_MARKER in script.content.decode()
    assert client.get("/personvern/informasjonskapsler/skript/marketing.js").content == b""


def test_the_scripts_of_a_category_are_empty_without_consent(client, scripts):
    response = client.get("/personvern/informasjonskapsler/skript/statistics.js")

    assert response.status_code == 200
    assert response.content == b""


def test_the_footer_and_the_statement_lead_to_the_settings_panel(client, scripts):
    home = client.get("/").content.decode()
    statement = client.get("/personvern/").content.decode()

    assert (
        'href="/personvern/informasjonskapsler/#cookie-settings" id="cookie-settings-link"' in home
    )
    assert 'href="/personvern/informasjonskapsler/#cookie-settings"' in statement
    panel = client.get("/personvern/informasjonskapsler/").content.decode()
    assert 'id="cookie-settings"' in panel
    assert 'id="cookie-consent"' not in panel  # the page is the panel; no second form on top


def test_the_panel_shows_the_choice_in_force_with_its_consent_id(client, scripts):
    choose(client, "selected", statistics="on")
    choice = parse_choice(client.cookies[CONSENT_COOKIE].value)

    html = client.get("/personvern/informasjonskapsler/").content.decode()

    assert str(choice.consent_id) in html
    assert re.search(r'name="statistics"[^>]* checked', html)
    assert not re.search(r'name="marketing"[^>]* checked', html)


def test_the_statement_stays_shareable_for_first_visits_and_is_never_reused_with_a_nonce(
    client, scripts
):
    first_visit = Client().get("/personvern/")
    choose(client, "none")
    rejected = client.get("/personvern/")
    choose(client, "all")
    accepted = client.get("/personvern/")

    # A shared cache may keep the first visitor's page (revalidating it every time).
    assert first_visit.headers["ETag"] and "private" not in first_visit["Cache-Control"]
    assert "Cookie" not in first_visit.get("Vary", "")
    # A chosen visitor's page is theirs; with a script it carries this response's nonce.
    assert "private" in rejected["Cache-Control"] and rejected.headers["ETag"]
    assert rejected.headers["ETag"] != first_visit.headers["ETag"]
    assert "no-store" in accepted["Cache-Control"] and "ETag" not in accepted.headers
    assert client.get("/personvern/", HTTP_IF_NONE_MATCH="*").status_code == 200
