"""Pages kept in memory (mestergruppen.shared_pages) are the same for everyone who gets them,
but for the values the mechanism fills in per request: no visitor ever sees another's.

Six visitors ask for every kept page in turn, so the later ones get the copy the first left
in memory: Anna, Bjørn, Eva and Frida in Norwegian, Claire in English, and Dag, signed in,
whose session gets his pages rendered for him alone. They differ in
everything a request carries that a template could show: cookies (each has their own CSRF
secret and consent id), browser, address, language, session, their form tokens and thank-you
addresses, the CSP nonce of their response, and their cookie choice: Anna, Bjørn and Dag
accepted all (the statistics and marketing scripts run in their pages, with their response's
nonce), Claire and Eva rejected all, and Frida is here for the first time (the banner).
"""

import re
import secrets
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client

from intake.thank_you import thank_you_path
from mestergruppen.memo import Memo
from privacy.cookie_consent import CONSENT_COOKIE, parse_choice
from tests.privacy.cookie_helpers import configure_scripts, consent_cookie

pytestmark = pytest.mark.django_db

ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass
class Visitor:
    name: str
    language: str
    client: Client
    lead: object
    # What only this visitor's requests and pages carry; none of it may reach another's page.
    own_values: set[str] = field(default_factory=set)

    def path(self, page: str) -> str:
        prefix = "" if self.language == settings.LANGUAGE_CODE else f"/{self.language}"
        return {
            "the contact form": f"{prefix}/bli-medlem/",
            "the thank-you page": thank_you_path(self.lead),
            "the privacy statement": f"{prefix}/personvern/",
        }[page]

    def get(self, page: str) -> str:
        response = self.client.get(self.path(page))
        assert response.status_code == 200, (self.name, page, response.status_code)
        html = response.content.decode()
        self.own_values |= set(per_request_values(html).values())
        return html


def per_request_values(html: str) -> dict[str, str]:
    """The values a kept page fills in per request, as this page shows them."""
    values = {}
    for name in ("csrfmiddlewaretoken", "form_token"):
        found = re.search(rf'name="{name}" value="([^"]+)"', html)
        if found:
            values[name] = found.group(1)
    found = re.search(r'<script nonce="([^"]+)">', html)
    if found:
        values["csp_nonce"] = found.group(1)
    return values


def _visitor(name, language, make_lead, subsidiary, *, choice=None, **headers) -> Visitor:
    lead = make_lead(subsidiary=subsidiary, contact_name=f"{name} Nordmann")
    user_agent = f"Nettleser for {name} {secrets.token_hex(6)}"
    client = Client(HTTP_USER_AGENT=user_agent, **headers)
    csrf_secret = "".join(secrets.choice(ALPHANUMERIC) for _ in range(32))
    client.cookies[settings.CSRF_COOKIE_NAME] = csrf_secret
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    visitor = Visitor(name=name, language=language, client=client, lead=lead)
    proof = thank_you_path(lead).rstrip("/").rsplit("/", 1)[1]
    visitor.own_values |= {user_agent, csrf_secret, lead.reference, proof, *headers.values()}
    if choice is not None:
        cookie = consent_cookie(statistics=choice, marketing=choice)
        client.cookies[CONSENT_COOKIE] = cookie
        consent_id = parse_choice(cookie).consent_id
        visitor.own_values |= {cookie, consent_id.hex, str(consent_id)}
    return visitor


@pytest.fixture
def visitors(make_lead, subsidiary_mesterhus, privacy_statement, outsider):
    configure_scripts()
    lead = {"make_lead": make_lead, "subsidiary": subsidiary_mesterhus}
    anna = _visitor("Anna", "nb", **lead, choice=True, REMOTE_ADDR="198.51.100.11")
    bjorn = _visitor("Bjørn", "nb", **lead, choice=True, REMOTE_ADDR="198.51.100.22")
    claire = _visitor("Claire", "en", **lead, choice=False, REMOTE_ADDR="203.0.113.33")
    dag = _visitor("Dag", "nb", **lead, choice=True, REMOTE_ADDR="203.0.113.44")
    dag.client.force_login(outsider)
    dag.own_values.add(dag.client.cookies[settings.SESSION_COOKIE_NAME].value)
    eva = _visitor("Eva", "nb", **lead, choice=False, REMOTE_ADDR="198.51.100.55")
    frida = _visitor("Frida", "nb", **lead, REMOTE_ADDR="198.51.100.66")
    return [anna, bjorn, claire, dag, eva, frida]


KEPT_PAGES = ["the contact form", "the thank-you page", "the privacy statement"]


@pytest.mark.parametrize("page", KEPT_PAGES)
def test_no_visitor_sees_another_visitors_values_on_a_kept_page(page, visitors):
    anna = visitors[0]
    pages = {visitor.name: visitor.get(page) for visitor in visitors}
    pages["Anna again"] = anna.get(page)

    leaks = [
        f"{other.name}'s {value!r} in {seen_by}'s page"
        for other in visitors
        for seen_by, html in pages.items()
        if not seen_by.startswith(other.name)
        for value in other.own_values
        if value in html
    ]
    assert leaks == []


def _without_own_values(html: str) -> str:
    for value in per_request_values(html).values():
        html = html.replace(value, "(filled in per request)")
    return html


@pytest.mark.parametrize("page", KEPT_PAGES)
def test_a_kept_page_is_what_the_visitor_would_have_got_rendered_for_them(page, visitors):
    """A template of a kept page that shows something of the request the mechanism does not
    fill in (a header, an address, a cookie) makes the kept copy differ from the page
    rendered for the visitor; only the values filled in per request may differ."""
    anna, bjorn, claire, _dag, eva, frida = visitors
    anna.get(page)  # keeps the page for those who accepted all
    claire.get(page)  # keeps its English version
    # Bjørn made Anna's choice: his page comes from memory, his own values filled in. Eva
    # rejected all and Frida has not chosen: neither may get the page Anna left.
    others = (bjorn, eva, frida)
    from_memory = {visitor.name: visitor.get(page) for visitor in others}
    rendered = {}
    for visitor in others:
        Memo.clear_all()
        rendered[visitor.name] = visitor.get(page)

    assert "nonce=" in from_memory["Bjørn"], "no script ran: the nonce goes untested"
    assert "nonce=" not in from_memory["Eva"]
    assert 'aria-labelledby="cookie-consent-title">' in from_memory["Frida"]  # not hidden
    for name, html in from_memory.items():
        assert _without_own_values(html) == _without_own_values(rendered[name]), name
