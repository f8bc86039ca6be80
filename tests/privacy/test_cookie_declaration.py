"""The cookie declaration page is generated from the list staff keep in the admin, and that
list holds every cookie the site sets: driving the public pages, the cookie choice, the
contact form and a staff member's sign-in and work in the admin sets no cookie that is not on
it."""

import re

import pytest
from django.conf import settings

from intake.models import County
from privacy.cookie_consent import current_declaration, declaration_refresh
from privacy.models import CookieDeclarationVersion, DeclaredCookie
from tests.intake.conftest import hidden_fields
from tests.staff_sign_in import app_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cookie_declaration")]

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}
CHOOSE = "/personvern/informasjonskapsler/valg/"


def cookies_set(response) -> set[str]:
    return {name for name, morsel in response.cookies.items() if morsel["max-age"] != 0}


def undeclared(names: set[str]) -> set[str]:
    declared = list(DeclaredCookie.objects.all())
    return {name for name in names if not any(cookie.matches(name) for cookie in declared)}


def test_the_declaration_lists_each_cookie_with_provider_purpose_and_lifetime_by_category(
    client, privacy_statement
):
    DeclaredCookie.objects.create(
        name="_stat_*",
        provider="Statistikk AS",
        category="statistics",
        purpose="Teller besøk på sidene.",
        purpose_en="Counts visits to the pages.",
        lifetime="Ett år",
        lifetime_en="One year",
    )

    html = client.get("/personvern/informasjonskapsler/").content.decode()
    english = client.get("/en/personvern/informasjonskapsler/").content.decode()

    sections = re.split(r"<h3>", html)
    necessary = next(s for s in sections if s.startswith("Nødvendige"))
    statistics = next(s for s in sections if s.startswith("Statistikk"))
    marketing = next(s for s in sections if s.startswith("Markedsføring"))
    for name in [settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "consent", "messages"]:
        assert f"<code>{name}</code>" in necessary
    assert "<code>_stat_*</code>" in statistics
    assert "Statistikk AS" in statistics and "Teller besøk på sidene." in statistics
    assert "Ingen i denne kategorien nå." in marketing
    assert "Counts visits to the pages." in english and "One year" in english


def test_the_site_sets_no_cookie_that_is_not_in_the_declaration(
    client, privacy_statement, subsidiary_mesterhus, site_admin, settings
):
    settings.INTAKE_MIN_FILL_SECONDS = 0
    set_by_site: set[str] = set()

    for url in [
        "/",
        "/personvern/",
        "/personvern/versjoner/",
        "/personvern/dine-rettigheter/",
        "/personvern/informasjonskapsler/",
        "/personvern/lagringstid/",
        "/en/",
        "/finnes-ikke/",
    ]:
        set_by_site |= cookies_set(client.get(url))
    # The contact form, sent, and its thank-you page.
    form = client.get("/bli-medlem/")
    set_by_site |= cookies_set(form)
    sent = client.post(
        "/bli-medlem/",
        {
            **hidden_fields(form.content.decode()),
            "contact_name": "Åse Ødegård",
            "phone": "912 34 567",
            "email": "ase@byggmester-odegard.example",
            "company_name": "Ødegård Bygg AS",
            "county": County.OSLO,
            "subsidiary": str(subsidiary_mesterhus.pk),
            "message": "Vi vil gjerne høre mer.",
            "privacy_acknowledged": "on",
        },
    )
    assert sent.status_code == 302, "the form was not accepted: the drive would miss a page"
    set_by_site |= cookies_set(sent) | cookies_set(client.get(sent.headers["Location"]))
    set_by_site |= cookies_set(client.post("/i18n/setlang/", {"language": "en", "next": "/"}))
    set_by_site |= cookies_set(client.post(CHOOSE, {"choice": "all"}, **SAME_SITE))
    set_by_site |= cookies_set(client.post(CHOOSE, {"choice": "none"}, **SAME_SITE))
    # Staff sign in through the real forms (password, then the app's code) and save a change,
    # which leaves a confirmation message for the next page.
    set_by_site |= cookies_set(client.get("/admin/login/"))
    set_by_site |= cookies_set(
        client.post(
            "/admin/login/?next=/admin/",
            {"username": site_admin.username, "password": "system-passord-123"},
        )
    )
    signed_in = client.post("/admin/to-trinn/?next=/admin/", {"code": app_code(site_admin)})
    set_by_site |= cookies_set(signed_in)
    assert client.get("/admin/").status_code == 200, "the sign-in did not get through"
    csrf = DeclaredCookie.objects.get(name="csrftoken")
    saved = client.post(
        f"/admin/privacy/declaredcookie/{csrf.pk}/change/",
        {
            "name": "csrftoken",
            "provider": "Mestergruppen AS",
            "category": "necessary",
            "purpose": csrf.purpose,
            "lifetime": csrf.lifetime,
        },
    )
    assert saved.status_code == 302
    set_by_site |= cookies_set(saved) | cookies_set(client.get("/admin/"))

    assert {"csrftoken", "consent", "sessionid", "messages", "django_language"} <= set_by_site
    assert undeclared(set_by_site) == set()


def test_a_cookie_missing_from_the_declaration_is_caught(client, privacy_statement):
    """The test above compares against the admin's list: with the consent cookie missing
    from it, the same comparison finds it."""
    DeclaredCookie.objects.filter(name="consent").delete()

    response = client.post(CHOOSE, {"choice": "none"}, **SAME_SITE)

    assert undeclared(cookies_set(response)) == {"consent"}


def test_a_new_voluntary_cookie_makes_a_new_declaration_version_holding_what_it_said(
    admin_client,
):
    before = current_declaration().version

    admin_client.post(
        "/admin/privacy/declaredcookie/add/",
        {
            "name": "_ad",
            "provider": "Annonsør AS",
            "category": "marketing",
            "purpose": "Måler annonser.",
            "lifetime": "Tre måneder",
        },
    )

    version = CookieDeclarationVersion.objects.get(number=before + 1)
    assert current_declaration().version == before + 1
    assert [c["name"] for c in version.voluntary_cookies] == ["_ad"]
    assert version.voluntary_cookies[0]["purpose"] == "Måler annonser."


def test_the_same_declaration_refreshed_again_keeps_its_version():
    first = declaration_refresh()

    assert declaration_refresh().number == first.number == 1
    assert CookieDeclarationVersion.objects.count() == 1


def test_the_site_declares_the_cookies_it_sets_from_the_first_migration():
    assert set(DeclaredCookie.objects.values_list("name", "category")) == {
        ("csrftoken", "necessary"),
        ("django_language", "necessary"),
        ("consent", "necessary"),
        ("sessionid", "necessary"),
        ("messages", "necessary"),
        ("mine_data", "necessary"),
    }
    assert current_declaration().version == 1


def test_the_privacy_officer_keeps_the_cookie_list_and_other_staff_do_not_see_it(
    client, privacy_officer, central_staff
):
    client.force_login(privacy_officer)
    assert client.get("/admin/privacy/declaredcookie/add/").status_code == 200
    assert client.get("/admin/privacy/consentscript/add/").status_code == 200
    assert client.get("/admin/privacy/cookiedeclarationversion/").status_code == 200

    client.force_login(central_staff)
    assert client.get("/admin/privacy/declaredcookie/").status_code == 403
    assert client.get("/admin/privacy/consentscript/").status_code == 403
