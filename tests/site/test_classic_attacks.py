"""The classic attacks on the site and the admin, each named: open redirects through `next`
and the language switch, clickjacking, insecure direct object references (a staff member
opening, changing or downloading what their role does not give them, by typing its address)
and cross-site request forgery on every state-changing request.

Every registered admin of the project's apps is covered, so an admin added later is too."""

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from intake.models import Lead

pytestmark = pytest.mark.django_db

EVIL = "angriper.example"
PROJECT_APPS = ("intake", "privacy")


def _project_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]


def _admin_url(model, view: str, *args) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _every_admin_address(lead) -> list[str]:
    """Every list, add, change, history and delete page of the project's admins, with a
    real object where there is one, and the downloads."""
    urls = [
        reverse("admin:intake_lead_export", args=["csv"]),
        reverse("admin:intake_lead_export", args=["xlsx"]),
        reverse("admin:intake_lead_dashboard"),
    ]
    for model, _model_admin in _project_admins():
        # Unmanaged models (the records of processing) are read from the registry, not a table.
        obj = model._default_manager.first() if model._meta.managed else None
        obj = lead if model is Lead else obj
        urls += [_admin_url(model, "changelist"), _admin_url(model, "add")]
        if obj is not None:
            urls += [_admin_url(model, view, obj.pk) for view in ("change", "history", "delete")]
    return [url for url in urls if url]


# --- insecure direct object references ----------------------------------------------------


def test_staff_without_a_role_open_no_admin_page_and_download_nothing(
    client, outsider, make_lead, privacy_statement
):
    lead = make_lead()
    client.force_login(outsider)
    client.raise_request_exception = False

    opened = {}
    for url in _every_admin_address(lead):
        response = client.get(url)
        if response.status_code == 200:
            opened[url] = response.get("Content-Type")

    assert opened == {}


def test_a_subsidiary_user_cannot_open_change_or_download_another_subsidiarys_lead(
    client, subsidiary_user, make_lead, subsidiary_mesterhus, subsidiary_blinkhus
):
    theirs = make_lead(subsidiary=subsidiary_mesterhus, company_name="Andres Bygg AS")
    own = make_lead(subsidiary=subsidiary_blinkhus, company_name="Egen Bygg AS")
    client.force_login(subsidiary_user)
    client.raise_request_exception = False

    for view in ("change", "history", "delete"):
        url = reverse(f"admin:intake_lead_{view}", args=[theirs.pk])
        assert client.get(url).status_code in (302, 403, 404), url
    posted = client.post(
        reverse("admin:intake_lead_change", args=[theirs.pk]), {"status": "contacted"}
    )
    assert posted.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.status == "new"
    # Selecting another subsidiary's lead by its id in an action does nothing to it.
    client.post(
        reverse("admin:intake_lead_changelist"),
        {"action": "export_csv", "index": 0, "_selected_action": [theirs.pk, own.pk]},
    )
    export = client.get(reverse("admin:intake_lead_export", args=["csv"]))
    assert "Egen Bygg AS" in export.content.decode("utf-8-sig")
    assert "Andres Bygg AS" not in export.content.decode("utf-8-sig")


def test_a_subsidiary_users_action_on_another_subsidiarys_lead_id_exports_nothing_of_it(
    client, subsidiary_user, make_lead, subsidiary_mesterhus
):
    theirs = make_lead(subsidiary=subsidiary_mesterhus, company_name="Andres Bygg AS")
    client.force_login(subsidiary_user)

    response = client.post(
        reverse("admin:intake_lead_changelist"),
        {"action": "export_csv", "index": 0, "_selected_action": [theirs.pk]},
    )

    assert "Andres Bygg AS" not in response.content.decode("utf-8-sig", "replace")


def test_central_staff_cannot_open_the_privacy_officers_records(client, central_staff):
    client.force_login(central_staff)
    client.raise_request_exception = False
    privacy_models = [m for m, _a in _project_admins() if m._meta.app_label == "privacy"]

    opened = [
        url
        for model in privacy_models
        if (url := _admin_url(model, "changelist"))
        and client.get(url).status_code == 200
        and model._meta.model_name not in ("privacystatement",)
    ]

    assert opened == []


# --- cross-site request forgery -------------------------------------------------


def test_every_state_changing_admin_request_without_a_csrf_token_is_refused(
    client, site_admin, make_lead, privacy_statement
):
    lead = make_lead()
    browser = client  # signed in as the staff fixtures do, checking CSRF as a browser would
    browser.handler.enforce_csrf_checks = True
    browser.force_login(site_admin)
    browser.get(reverse("admin:index"))  # the CSRF cookie, as the victim's browser holds it

    accepted = {}
    for url in _every_admin_address(lead):
        if "/eksport/" in url or url.endswith("/oversikt/"):
            continue
        response = browser.post(url, {"action": "delete_selected", "_selected_action": [1]})
        if response.status_code != 403:
            accepted[url] = response.status_code
    response = browser.post(reverse("admin:logout"))
    if response.status_code != 403:
        accepted["logout"] = response.status_code

    assert accepted == {}
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_the_language_switch_refuses_a_post_without_its_csrf_token():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies


def _stays_on_the_site(location: str) -> bool:
    """A browser following `location` stays on this site (Django's own test of a target)."""
    return url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"})


# --- open redirects ----------------------------------------------------------------------------

OFFSITE = [
    f"https://{EVIL}/",
    f"//{EVIL}/",
    f"/\\{EVIL}/",
    f"\\\\{EVIL}",
    f"https:{EVIL}",
    "javascript:alert(1)",
    f"http://testserver@{EVIL}/",
    f"%2F%2F{EVIL}",
]


@pytest.mark.parametrize("target", OFFSITE)
def test_the_language_switch_never_redirects_off_the_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})

    assert response.status_code == 302
    assert _stays_on_the_site(response["Location"])


@pytest.mark.parametrize("target", OFFSITE)
def test_the_language_switch_ignores_an_offsite_referer(client, target):
    response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_REFERER=target)

    assert response.status_code in (204, 302)
    assert _stays_on_the_site(response.get("Location", "/"))


def test_the_language_switch_keeps_a_page_on_the_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/personvern/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/personvern/"


@pytest.mark.parametrize("target", OFFSITE)
def test_the_admin_sign_in_never_sends_a_person_off_the_site(client, central_staff, target):
    response = client.post(
        reverse("admin:login") + "?next=" + target,
        {"username": "sentral", "password": "sentral-passord-123", "next": target},
    )

    assert _stays_on_the_site(response.get("Location", "/"))


# --- clickjacking ------------------------------------------------------------------------------


def test_no_public_page_can_be_framed_by_another_site(public_pages):
    client = Client()
    frameable = []
    for page in public_pages:
        response = client.get(page)
        csp = response.get("Content-Security-Policy", "")
        if response.get("X-Frame-Options") != "DENY" or "frame-ancestors 'none'" not in csp:
            frameable.append(page)

    assert frameable == []


def test_no_admin_page_can_be_framed_by_another_site(client, site_admin):
    client.force_login(site_admin)
    for url in (reverse("admin:index"), reverse("admin:intake_lead_changelist")):
        response = client.get(url)

        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
