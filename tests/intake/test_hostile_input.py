"""The hostile-input suite for the contact form and the tracking webhook (the public pages and
the admin lists: tests/site/test_hostile_input.py): what an attacker posts on purpose gets a
page (4xx, or the form shown again), never a 500, leaves every lead whole, and every value
it stored is shown escaped in the admin."""

import base64
import json
import logging
from urllib.parse import quote

import pytest
from django.db.models import Count, Q
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from intake.models import Delivery, Lead
from mestergruppen.http import LenientContentTypeRequest
from tests.hostile import (
    CONTENT_TYPES,
    EXAMPLES,
    answer_is_a_page,
    assert_escaped,
    hostile_settings,
    hostile_text,
    invalid_utf8,
)
from tests.intake.conftest import hidden_fields
from tests.staff_sign_in import StaffClient

pytestmark = [pytest.mark.hostile, pytest.mark.django_db]

BLOCK = 2**20  # a megabyte


@pytest.fixture(autouse=True)
def _as_the_site_reads_requests(monkeypatch, settings):
    """The test client builds requests as the WSGI application gunicorn serves does
    (mestergruppen.http), and the form's own defences stay out of the way."""
    monkeypatch.setattr("django.test.client.WSGIRequest", LenientContentTypeRequest)
    settings.INTAKE_RATE_LIMIT = 0
    # Thousands of refused requests: their warnings would drown a failure's report.
    for name in ("django.request", "django.security"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.ERROR)


class NothingHalfDone:
    """Every lead is whole: a suspected spam lead has no delivery; any other has its routing
    and its receipt, each with the task that sends it. Checked over every lead after each
    example; a fault is laid at the example that made it (not at every one after), so
    hypothesis shrinks the example that broke something."""

    def __init__(self):
        self.half_done: set[int] = set()
        self.tasks_missing = 0

    def check(self) -> None:
        half_done = set(
            Lead.objects.annotate(deliveries_made=Count("deliveries"))
            .filter(
                Q(is_suspected_spam=True, deliveries_made__gt=0)
                | Q(is_suspected_spam=False, deliveries_made__lt=2)
            )
            .values_list("pk", flat=True)
        )
        tasks_missing = max(0, Delivery.objects.count() - DBTaskResult.objects.count())
        new_half_done = half_done - self.half_done
        new_tasks_missing = tasks_missing - self.tasks_missing
        self.half_done, self.tasks_missing = half_done, tasks_missing
        assert not new_half_done, f"leads left half-done: {sorted(new_half_done)}"
        assert new_tasks_missing <= 0, f"{new_tasks_missing} deliveries without a task"


# --- the contact form --------------------------------------------------------------------------

FORM_FIELDS = [
    "contact_name",
    "phone",
    "email",
    "company_name",
    "org_number",
    "county",
    "subsidiary",
    "message",
    "privacy_acknowledged",
    "wants_news",
    "statement_version",
    "form_token",
    "website",
    "csrfmiddlewaretoken",
]


_FIELD_FATE = st.sampled_from(["keep", "keep", "hostile", "missing", "twice"])


@st.composite
def form_fields(draw, filled_in: dict[str, str]) -> list[tuple[str, str]]:
    """The form as a person fills it in, each field kept, replaced, left out or repeated."""
    pairs = []
    for name in FORM_FIELDS:
        choice = draw(_FIELD_FATE)
        value = filled_in.get(name, "")
        if choice == "missing":
            continue
        if choice == "hostile":
            value = draw(hostile_text)
        pairs.append((name, value))
        if choice == "twice":
            pairs.append((name, draw(hostile_text)))
    return pairs


def _urlencoded(pairs, encoding="utf-8") -> bytes:
    return "&".join(
        f"{quote(name, safe='')}={quote(value, safe='', encoding=encoding, errors='replace')}"
        for name, value in pairs
    ).encode("ascii")


def test_contact_form_answers_hostile_submissions_with_a_page_and_stores_whole_leads(
    contact_form,
):
    browser = Client(enforce_csrf_checks=True)
    # The form as this browser got it: its CSRF cookie, token and the form's hidden fields.
    filled_in = {**contact_form(), **hidden_fields(browser.get("/bli-medlem/").text)}
    stranger = Client(enforce_csrf_checks=True)  # no CSRF cookie at all
    stored = NothingHalfDone()

    @hostile_settings
    @given(
        pairs=form_fields(filled_in),
        encoding=st.sampled_from(["urlencoded", "urlencoded", "multipart", "utf-16", "bytes"]),
        raw=invalid_utf8,
        content_type=st.one_of(st.none(), st.sampled_from(CONTENT_TYPES)),
        with_cookie=st.booleans(),
        english=st.booleans(),
    )
    def check(pairs, encoding, raw, content_type, with_cookie, english):
        if encoding == "multipart":
            body, declared = encode_multipart("BoUnDaRy", dict(pairs)), MULTIPART_CONTENT
            declared = declared.replace("BoUnDaRyStRiNg", "BoUnDaRy")
        elif encoding == "utf-16":
            body = "&".join(f"{n}={v}" for n, v in pairs).encode("utf-16", "surrogatepass")
            declared = "application/x-www-form-urlencoded; charset=utf-16"
        elif encoding == "bytes":
            body = _urlencoded(pairs) + b"&message=" + raw
            declared = "application/x-www-form-urlencoded"
        else:
            body, declared = _urlencoded(pairs), "application/x-www-form-urlencoded"
        response = (browser if with_cookie else stranger).generic(
            "POST",
            "/en/bli-medlem/" if english else "/bli-medlem/",
            data=body,
            content_type=content_type if content_type is not None else declared,
        )
        answer_is_a_page(response)
        assert response.status_code in (200, 302, 400, 403, 429), response.status_code
        stored.check()

    check()


def test_an_oversized_form_body_answers_bad_request_and_stores_nothing(contact_form):
    response = Client(raise_request_exception=False).post(
        "/bli-medlem/", contact_form(message="x" * (3 * BLOCK))
    )

    assert response.status_code == 400
    assert "Vi forstod ikke forespørselen" in response.text
    assert not Lead.objects.exists()


def test_a_form_with_thousands_of_fields_answers_bad_request_and_stores_nothing(contact_form):
    fields = {**contact_form(), **{f"extra{n}": "x" for n in range(1500)}}

    response = Client(raise_request_exception=False).post("/bli-medlem/", fields)

    assert response.status_code == 400
    assert not Lead.objects.exists()


# --- the email provider's tracking webhook ---------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4)
    ),
    max_leaves=12,
)


_RECORD_TYPE = st.sampled_from(["Bounce", "Delivery", "SpamComplaint", "Open", ""]) | hostile_text
_BOUNCE_TYPE = st.sampled_from(["HardBounce", "SoftBounce", "Transient"]) | hostile_text
_BOUNCED_AT = st.sampled_from(["2026-11-25T10:33:54Z", ""]) | hostile_text
_EVENT_KEYS = [
    "RecordType",
    "MessageID",
    "Type",
    "Email",
    "Recipient",
    "Details",
    "Description",
    "BouncedAt",
    "DeliveredAt",
    "Metadata",
    "Tag",
]
_LEFT_OUT = st.lists(st.sampled_from(sorted(_EVENT_KEYS)), max_size=4)


@st.composite
def _postmark_event(draw):
    event = {
        "RecordType": draw(_RECORD_TYPE),
        "MessageID": draw(hostile_text),
        "Type": draw(_BOUNCE_TYPE),
        "Email": draw(hostile_text),
        "Recipient": draw(hostile_text),
        "Details": draw(hostile_text),
        "Description": draw(hostile_text),
        "BouncedAt": draw(_BOUNCED_AT),
        "DeliveredAt": draw(hostile_text),
        "Metadata": draw(json_values),
        "Tag": draw(json_values),
    }
    for key in draw(_LEFT_OUT):
        event.pop(key, None)
    return event


def postmark_events():
    """Postmark's event shape with hostile values (some left out), or any JSON at all."""
    return _postmark_event() | json_values


def test_a_tracking_event_with_nul_bytes_answers_ok_and_keeps_the_delivery_readable(
    client, settings, submit_lead, run_tasks
):
    secret = "postmark:kj7Hsd9-2kdLq"
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": secret}
    lead = submit_lead()
    run_tasks()
    routing = lead.deliveries.filter(kind="routing").first()
    Delivery.objects.filter(pk=routing.pk).update(provider_message_id="pm-1")
    auth = "Basic " + base64.b64encode(secret.encode()).decode()
    events = [
        {"RecordType": "Bounce", "MessageID": "pm-1\x00", "Type": "HardBounce", "Email": "x"},
        {
            "RecordType": "Bounce",
            "MessageID": "pm-1",
            "Type": "HardBounce",
            "Email": "leads@nord.example",
            "Details": "550\x00 no such user",
            "Description": "\x00",
        },
        {
            "RecordType": "Delivery",
            "MessageID": "x",
            "Recipient": "a\x00@b.no",
            "Metadata": {"delivery": str(routing.pk)},
        },
    ]

    answers = [
        client.post(
            reverse("postmark_tracking_webhook"),
            data=json.dumps(event),
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        ).status_code
        for event in events
    ]

    assert answers == [200, 200, 200]
    routing.refresh_from_db()
    assert routing.status == "bounced"
    assert "\x00" not in routing.last_error


def test_tracking_webhook_answers_hostile_posts_without_a_server_error(settings, submit_lead):
    secret = "postmark:kj7Hsd9-2kdLq"
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": secret}
    submit_lead()
    url = reverse("postmark_tracking_webhook")
    client = Client()

    @hostile_settings
    @given(
        event=postmark_events(),
        raw=st.one_of(st.none(), invalid_utf8),
        auth=st.sampled_from([secret, "postmark:wrong", "", None]),
        content_type=st.sampled_from(["application/json", *CONTENT_TYPES]),
    )
    def check(event, raw, auth, content_type):
        headers = {}
        if auth is not None:
            headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
        body = raw if raw is not None else json.dumps(event).encode()
        response = client.generic("POST", url, data=body, content_type=content_type, **headers)
        assert response.status_code in (200, 400), response.status_code

    check()


# Each example sends the form and opens two admin pages: a property over the stored values,
# not an endpoint, so a twentieth of the examples.
def test_every_value_a_visitor_sent_is_shown_escaped_in_the_admin(client, contact_form, site_admin):
    staff = StaffClient()
    staff.force_login(site_admin)
    list_url = reverse("admin:intake_lead_changelist")
    shown = {"up_to": 0}  # leads up to this pk were checked by an earlier example

    @hypothesis_settings(hostile_settings, max_examples=max(3, EXAMPLES // 20))
    @given(contact_name=hostile_text, company_name=hostile_text, message=hostile_text)
    def check(contact_name, company_name, message):
        data = contact_form(
            contact_name="Åse " + contact_name[:100],
            company_name="AS " + company_name[:100],
            message=message[:2900],
        )
        client.post("/bli-medlem/", data)
        stored = list(Lead.objects.filter(pk__gt=shown["up_to"]).order_by("pk"))
        # Marked as shown before the checks: a failure stays with the example that stored it.
        shown["up_to"] = max([shown["up_to"], *(lead.pk for lead in stored)])
        for lead in stored:
            for url in (list_url, reverse("admin:intake_lead_change", args=[lead.pk])):
                response = staff.get(url)
                assert response.status_code == 200
                assert_escaped(response.content)

    check()
