"""Requests an attacker sends on purpose get a clear 4xx page, never a server error.

Each test here is one defect found when the site was tried from outside (issue #12): every
one of them answered 500 before it was fixed.
"""

import base64
import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections
from django.test import Client

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "postmark:kj7Hsd9-2kdLq"


def test_a_nul_byte_in_a_statement_version_address_answers_not_found(privacy_statement):
    # PostgreSQL refuses a string with a NUL byte: the lookup itself used to fail.
    response = Client(raise_request_exception=False).get("/personvern/versjoner/nb/2024%00/")

    assert response.status_code == 404
    assert "Siden finnes ikke" in response.text or "finnes ikke" in response.text


def test_a_nul_byte_in_the_query_string_answers_bad_request():
    response = Client(raise_request_exception=False).get("/personvern/versjoner/?x=%00")

    assert response.status_code == 400
    assert "Vi forstod ikke forespørselen" in response.text


def test_a_form_body_declared_utf16_with_a_csrf_cookie_gets_the_bad_request_page(
    privacy_statement,
):
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get("/bli-medlem/")  # the CSRF cookie
    body = "contact_name=Åse&email=ase@example.no".encode("utf-16")

    response = browser.generic(
        "POST",
        "/bli-medlem/",
        data=body,
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )

    assert response.status_code == 400
    assert "Vi forstod ikke forespørselen" in response.text


def _call_wsgi_application(method: str, path: str, *, content_type: str, body: bytes = b""):
    """Through the application gunicorn serves: Django's test client builds its request
    before any of the site's own code could run, exactly where this defect was."""
    from mestergruppen.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "testserver",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(body),
    }
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status.split()[0])

    # As Django's test client does: the handler must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return started["status"], content.decode()


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset*=x''utf-8",
        "text/plain; charset*=no-such-charset'nb'%C3%A5",
    ],
)
def test_a_broken_rfc2231_charset_parameter_does_not_fail_before_the_site_can_answer(
    privacy_statement, content_type
):
    # Django 5.2.19 (the newest 5.2 release) raises while it builds the request object.
    status, html = _call_wsgi_application("GET", "/personvern/", content_type=content_type)
    assert status == 200
    assert "Personvernerklæring" in html

    status, html = _call_wsgi_application(
        "POST", "/bli-medlem/", content_type=content_type, body=b"contact_name=x"
    )
    assert status == 403  # no CSRF cookie: the form's own refusal, not a server error
    assert "Skjemaet kunne ikke sendes" in html


# --- the email provider's tracking webhooks -----------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/anymail/mailgun/tracking/",
        "/anymail/sendgrid/tracking/",
        "/anymail/amazon_ses/tracking/",
        "/anymail/mandrill/",
        "/anymail/postmark/inbound/",
    ],
)
def test_webhooks_of_providers_not_configured_are_not_there(path):
    response = Client(raise_request_exception=False).post(
        path, data="{}", content_type="application/json"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("secret", [WEBHOOK_SECRET, None], ids=["with-secret", "without-secret"])
@pytest.mark.parametrize(
    "body", ["{nope", "[1, 2", "\x00", '"a string"', "[1]", "null", b"\xff\xfe"]
)
def test_malformed_json_to_the_configured_tracking_webhook_answers_bad_request(
    settings, secret, body
):
    settings.ANYMAIL = {**django_settings.ANYMAIL, "WEBHOOK_SECRET": secret}
    headers = {}
    if secret:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(secret.encode()).decode()

    response = Client(raise_request_exception=False).post(
        "/anymail/postmark/tracking/", data=body, content_type="application/json", **headers
    )

    assert response.status_code == 400


def test_a_well_formed_event_still_reaches_the_configured_tracking_webhook(settings):
    settings.ANYMAIL = {**django_settings.ANYMAIL, "WEBHOOK_SECRET": WEBHOOK_SECRET}
    auth = "Basic " + base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    event = {"RecordType": "Delivery", "MessageID": "nobody-knows-it", "Metadata": {}}

    response = Client().post(
        "/anymail/postmark/tracking/",
        data=json.dumps(event),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )

    assert response.status_code == 200
