"""Pages kept in memory (mestergruppen.shared_pages) are the same for everyone who gets them,
but for the values the mechanism fills in per request: no visitor ever sees another's.

Four visitors ask for every kept page in turn, so the later ones get the copy the first left
in memory: Anna and Bjørn in Norwegian, Claire in English, and Dag, signed in, whose session
gets his pages rendered for him alone. They differ in everything a request carries that a
template could show: cookies (each has their own CSRF secret), browser, address, language,
session, and their form tokens and thank-you addresses.
"""

import re
import secrets
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client

from intake.thank_you import thank_you_path
from mestergruppen.memo import Memo

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
    return values


def _visitor(name, language, make_lead, subsidiary, **headers) -> Visitor:
    lead = make_lead(subsidiary=subsidiary, contact_name=f"{name} Nordmann")
    user_agent = f"Nettleser for {name} {secrets.token_hex(6)}"
    client = Client(HTTP_USER_AGENT=user_agent, **headers)
    csrf_secret = "".join(secrets.choice(ALPHANUMERIC) for _ in range(32))
    client.cookies[settings.CSRF_COOKIE_NAME] = csrf_secret
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    visitor = Visitor(name=name, language=language, client=client, lead=lead)
    proof = thank_you_path(lead).rstrip("/").rsplit("/", 1)[1]
    visitor.own_values |= {user_agent, csrf_secret, lead.reference, proof, *headers.values()}
    return visitor


@pytest.fixture
def visitors(make_lead, subsidiary_mesterhus, privacy_statement, outsider):
    anna = _visitor("Anna", "nb", make_lead, subsidiary_mesterhus, REMOTE_ADDR="198.51.100.11")
    bjorn = _visitor("Bjørn", "nb", make_lead, subsidiary_mesterhus, REMOTE_ADDR="198.51.100.22")
    claire = _visitor("Claire", "en", make_lead, subsidiary_mesterhus, REMOTE_ADDR="203.0.113.33")
    dag = _visitor("Dag", "nb", make_lead, subsidiary_mesterhus, REMOTE_ADDR="203.0.113.44")
    dag.client.force_login(outsider)
    dag.own_values.add(dag.client.cookies[settings.SESSION_COOKIE_NAME].value)
    return [anna, bjorn, claire, dag]


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
    anna, bjorn, claire = visitors[:3]
    anna.get(page)  # keeps the page
    claire.get(page)  # keeps its English version
    from_memory = bjorn.get(page)
    Memo.clear_all()
    rendered_for_bjorn = bjorn.get(page)

    assert _without_own_values(from_memory) == _without_own_values(rendered_for_bjorn)
