"""«Mine data»'s session pages get what an attacker sends on purpose, inside an open session
(the public-page suite reaches them only without one): a page every time, never a 500, every
value escaped; and the link form and link address outside a session. Part of the hostile
suite (`-m hostile`, HOSTILE_EXAMPLES per endpoint)."""

import itertools
import logging
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from mestergruppen.http import LenientContentTypeRequest
from privacy.mine_data.links import COOKIE_NAME, link_open, link_token
from privacy.models import MineDataLink
from tests.hostile import (
    CONTENT_TYPES,
    answer_is_a_page,
    hostile_settings,
    hostile_text,
    query_string,
)

pytestmark = [pytest.mark.hostile, pytest.mark.django_db]

SESSION_PAGES = [
    "oversikt/",
    "nyheter/",
    "be-om/retting/",
    "be-om/begrensning/",
    "be-om/protest/",
    "slett/",
    "slettet/",
    "avslutt/",
]


@pytest.fixture(autouse=True)
def _as_the_site_reads_requests(monkeypatch):
    monkeypatch.setattr("django.test.client.WSGIRequest", LenientContentTypeRequest)
    for name in ("django.request", "django.security"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.ERROR)


@pytest.mark.parametrize("page", SESSION_PAGES)
def test_session_page_answers_hostile_requests_with_a_page(kari_lead, page):
    people = itertools.count()
    # One client for every example: a new one loads the middleware again, and WhiteNoise's
    # scan of the static files would cost more than the page itself.
    client = Client()

    @hostile_settings
    @given(
        english=st.booleans(),
        query=query_string(["sendt", "nyheter", "k", "avsluttet"]),
        body=query_string(["details", "email", "website", "form_token"]),
        method=st.sampled_from(["GET", "HEAD", "POST", "POST", "PUT"]),
        content_type=st.sampled_from(CONTENT_TYPES),
    )
    def check(english, query, body, method, content_type):
        # A fresh session each time (an "avslutt" in one example must not end the next's),
        # on Kari's address so the page shows her lead, and on a stranger's now and then.
        # Each example is undone after it: a person holds a link or two, not thousands, and
        # what one example left (links, access records, requests) would make every later
        # page and erasure preview slower, not harder.
        email = kari_lead.email if next(people) % 3 else "ukjent@eksempel.no"
        with transaction.atomic():
            row = MineDataLink.objects.create(email=email, language="nb")
            _row, token = link_open(token=link_token(row))
            client.cookies.clear()
            client.cookies[COOKIE_NAME] = token
            path = ("/en" if english else "") + f"/personvern/mine-data/{page}"
            response = client.generic(
                method, path, body, content_type=content_type, QUERY_STRING=query
            )
            transaction.set_rollback(True)
        answer_is_a_page(response)

    check()


def test_link_form_and_link_answer_hostile_requests_with_a_page(kari_lead):
    client = Client()

    @hostile_settings
    @given(
        body=query_string(["email", "website", "form_token"]),
        token=hostile_text,
        content_type=st.sampled_from(CONTENT_TYPES),
    )
    def check(body, token, content_type):
        answer_is_a_page(
            client.generic("POST", "/personvern/mine-data/", body, content_type=content_type)
        )
        path = f"/personvern/mine-data/lenke/{quote(token, safe='') or 'x'}/"
        answer_is_a_page(client.get(path))
        answer_is_a_page(client.post(path))

    check()
