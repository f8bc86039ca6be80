"""The hostile-input suite: every public page and every admin list (with its filters, search
and exports) get what an attacker sends on purpose (the contact form and the tracking webhook:
tests/intake/test_hostile_input.py).

The site answers a page (4xx) and never a 500, and shows every value escaped.
`HOSTILE_EXAMPLES` sets the examples per endpoint (tests/hostile.py): 2,000 in CI on
PostgreSQL (.ci/run). Run the suite alone with `-m hostile`.
"""

import logging
import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mestergruppen.http import LenientContentTypeRequest
from tests.hostile import (
    CONTENT_TYPES,
    EXAMPLES,
    answer_is_a_page,
    hostile_settings,
    hostile_text,
    invalid_utf8,
    query_string,
)
from tests.site.conftest import public_routes

pytestmark = [pytest.mark.hostile, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _as_the_site_reads_requests(monkeypatch):
    """The test client builds requests as the WSGI application gunicorn serves does
    (mestergruppen.http)."""
    monkeypatch.setattr("django.test.client.WSGIRequest", LenientContentTypeRequest)
    # Thousands of refused requests: their warnings would drown a failure's report.
    for name in ("django.request", "django.security"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.ERROR)


# --- public pages ----------------------------------------------------------------------------

PAGE_ROUTES = public_routes()
PARAMETER = re.compile(r"<[^>]+>")


@pytest.mark.parametrize(("route", "name"), PAGE_ROUTES, ids=[name for _r, name in PAGE_ROUTES])
def test_public_page_answers_hostile_requests_with_a_page(public_page_urls, route, name):
    client = Client()
    example = public_page_urls[name]
    # Hostile values in the address's parameters, for the pages that have some (drawn only
    # there: a draw costs about as much as a small page).
    with_parameters = "<" in route

    @hostile_settings
    @given(
        english=st.booleans(),
        segments=(
            st.lists(st.one_of(hostile_text, invalid_utf8), min_size=3, max_size=3)
            if with_parameters
            else st.just([])
        ),
        hostile_segments=st.booleans() if with_parameters else st.just(False),
        query=query_string(["fra", "til", "next", "language", "q", "page", "p", "o"]),
        method=st.sampled_from(["GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]),
        content_type=st.sampled_from(CONTENT_TYPES),
        accept_language=hostile_text,
        cookie=hostile_text,
    )
    def check(english, segments, hostile_segments, query, method, content_type, **headers):
        path = example
        if hostile_segments:
            values = iter(segments)
            path = "/" + PARAMETER.sub(lambda _m: _segment(next(values)), route)
        if english and path != "/healthz":
            path = "/en" + path
        response = client.generic(
            method,
            path,
            content_type=content_type,
            QUERY_STRING=query,
            HTTP_ACCEPT_LANGUAGE=_header(headers["accept_language"]),
            HTTP_COOKIE=_header(headers["cookie"]),
        )
        answer_is_a_page(response)

    check()


def _segment(value) -> str:
    if isinstance(value, bytes):
        return "".join(f"%{byte:02X}" for byte in value) or "x"
    return quote(value, safe="") or "x"


def _header(value: str) -> str:
    # A header reaches Django as ISO-8859-1 text; line breaks cannot be sent in one.
    return value.encode("utf-8", "surrogatepass").decode("latin-1").replace("\n", " ")


# --- the admin: every list with its filters and search, and the lead exports ----------------


def _admin_lists() -> list[tuple[str, str, list]]:
    """(id, URL name, arguments) of every registered list, and the lead exports and
    dashboard, which read the list's filters too."""
    lists = [
        (
            f"{meta.app_label}_{meta.model_name}",
            f"admin:{meta.app_label}_{meta.model_name}_changelist",
            [],
        )
        for meta in (model._meta for model in admin.site._registry)
    ]
    lists += [
        ("intake_lead_export_csv", "admin:intake_lead_export", ["csv"]),
        ("intake_lead_export_xlsx", "admin:intake_lead_export", ["xlsx"]),
        ("intake_lead_dashboard", "admin:intake_lead_dashboard", []),
    ]
    return sorted(lists)


def _filter_names(model_admin) -> list[str]:
    """The query parameters this list understands, and lookups on its own fields that the
    admin accepts when typed into the address."""
    names = ["q", "o", "p", "all", "e", "_popup", "_to_field"]
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names += [entry, f"{entry}__exact", f"{entry}__isnull", f"{entry}__in"]
        elif isinstance(entry, tuple | list):
            names += [entry[0], f"{entry[0]}__exact", f"{entry[0]}__gte", f"{entry[0]}__lt"]
        else:
            names += [getattr(entry, "parameter_name", "")]
            names += list(getattr(entry, "FROM", "") and [entry.FROM, entry.TO])
    for field in model_admin.model._meta.concrete_fields:
        names += [
            field.name,
            f"{field.name}__exact",
            f"{field.name}__year",
            f"{field.name}__month",
            f"{field.name}__gte",
            f"{field.name}__regex",
            f"{field.name}__in",
            f"{field.name}__isnull",
        ]
    return [name for name in names if name]


def _model_admin_for(url_name: str):
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if url_name.startswith(f"admin:{meta.app_label}_{meta.model_name}_"):
            return model_admin
    raise LookupError(url_name)


ADMIN_LISTS = _admin_lists()
PROJECT_APPS = ("intake", "privacy")


@pytest.mark.parametrize(
    ("list_id", "url_name", "args"), ADMIN_LISTS, ids=[i for i, *_ in ADMIN_LISTS]
)
def test_admin_list_answers_hostile_filters_and_searches_with_a_page(
    client, site_admin, make_lead, list_id, url_name, args
):
    make_lead(contact_name='Ola <b data-hostile="1"> Nordmann', message="=1+1")
    client.force_login(site_admin)
    url = reverse(url_name, args=args)
    model_admin = _model_admin_for(url_name)
    names = _filter_names(model_admin)
    # The libraries' own lists (users, groups, sign-in records, tasks) get a sample: their
    # filters are the libraries' code, and the site-wide guard (mestergruppen.admin_lookups)
    # is what is tested there.
    ours = model_admin.model._meta.app_label in PROJECT_APPS
    examples = EXAMPLES if ours else max(3, EXAMPLES // 10)

    @hypothesis_settings(hostile_settings, max_examples=examples)
    @given(query=query_string(names))
    def check(query):
        response = client.get(url, QUERY_STRING=query)
        answer_is_a_page(response)
        assert response.status_code in (200, 302, 400), response.status_code

    check()
