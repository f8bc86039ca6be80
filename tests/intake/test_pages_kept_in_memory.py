"""The blank form and the thank-you page are kept rendered in process memory
(mestergruppen.shared_pages): every visitor must still get their own tokens and reference, and a
visitor with something of their own to see must get a page rendered for them."""

import time

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from intake.models import Lead
from intake.thank_you import thank_you_path
from tests.intake.conftest import hidden_fields

FILLED_IN = {
    "contact_name": "Åse Ødegård",
    "phone": "912 34 567",
    "email": "ase@byggmester-odegard.example",
    "company_name": "Ødegård Bygg AS",
    "county": "oslo",
    "privacy_acknowledged": "on",
}


def _send_form(client: Client, subsidiary) -> tuple[str, object]:
    """GETs the form, sends it with the page's own tokens; (form page, POST response)."""
    html = client.get("/bli-medlem/").content.decode()
    data = {**hidden_fields(html), **FILLED_IN, "subsidiary": str(subsidiary.pk)}
    return html, client.post("/bli-medlem/", data)


def test_every_visitor_gets_a_form_whose_csrf_token_their_own_cookie_accepts(
    mesterhus, privacy_statement
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_page, first_post = _send_form(first, mesterhus)
    second_page, second_post = _send_form(second, mesterhus)

    assert first_post.status_code == 302
    assert second_post.status_code == 302
    assert Lead.objects.count() == 2
    tokens = [hidden_fields(page)["csrfmiddlewaretoken"] for page in (first_page, second_page)]
    assert tokens[0] != tokens[1]


def test_a_form_page_from_memory_with_another_visitors_csrf_token_is_refused(
    mesterhus, privacy_statement
):
    """The kept page must not carry the first visitor's token to the next one."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/bli-medlem/")
    second_page = second.get("/bli-medlem/").content.decode()
    stolen = {**hidden_fields(second_page), **FILLED_IN, "subsidiary": str(mesterhus.pk)}

    response = first.post("/bli-medlem/", stolen)

    assert response.status_code == 403
    assert not Lead.objects.exists()


def test_two_leads_to_one_chain_each_see_their_own_reference_and_no_other(
    client, mesterhus, privacy_statement
):
    _, first = _send_form(client, mesterhus)
    _, second = _send_form(client, mesterhus)

    first_page = client.get(first["Location"]).content.decode()
    second_page = client.get(second["Location"]).content.decode()

    first_lead, second_lead = Lead.objects.order_by("pk")
    first_ref, second_ref = first_lead.reference, second_lead.reference
    assert first_ref in first_page and second_ref not in first_page
    assert second_ref in second_page and first_ref not in second_page
    # The language switch returns to this visitor's own thank-you page.
    assert f'name="next" type="hidden" value="{thank_you_path(second_lead)}"' in second_page
    assert "Henvendelsen er sendt til Mesterhus" in second_page


def test_thank_you_page_names_the_chain_each_lead_went_to(client, mesterhus, privacy_statement):
    _, to_chain = _send_form(client, mesterhus)
    html = client.get("/bli-medlem/").content.decode()
    not_sure = {**hidden_fields(html), **FILLED_IN, "subsidiary": "usikker"}
    to_central = client.post("/bli-medlem/", not_sure)

    assert "sendt til Mesterhus" in client.get(to_chain["Location"]).content.decode()
    central_page = client.get(to_central["Location"]).content.decode()
    assert "sendt til Mestergruppen sentralt" in central_page
    assert "Mesterhus," not in central_page


def test_a_visitor_with_a_message_waiting_sees_it_on_the_form(client, mesterhus):
    client.get("/bli-medlem/")  # the page is now kept in memory
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.INFO, "Innstillingene er lagret.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    html = client.get("/bli-medlem/").content.decode()

    assert "Innstillingene er lagret." in html


def test_the_language_switch_keeps_the_query_string_of_the_page(client, mesterhus):
    client.get("/bli-medlem/")  # the page is now kept in memory

    html = client.get("/bli-medlem/?kilde=annonse").content.decode()

    assert 'name="next" type="hidden" value="/bli-medlem/?kilde=annonse"' in html


def test_once_kept_the_blank_form_and_the_thank_you_page_need_no_database(
    client, mesterhus, privacy_statement, django_assert_num_queries
):
    _, sent = _send_form(client, mesterhus)
    client.get(sent["Location"])

    with django_assert_num_queries(0):
        form_page = client.get("/bli-medlem/")
        thank_you_page = client.get(sent["Location"])

    assert "Mesterhus" in form_page.content.decode()
    assert Lead.objects.get().reference in thank_you_page.content.decode()


def test_a_subsidiary_edit_made_by_another_web_process_shows_within_half_a_minute(
    client, mesterhus, monkeypatch
):
    from intake import subsidiary_cache
    from intake.models import Subsidiary

    client.get("/bli-medlem/")
    # update() sends no signal: as if staff saved the edit through another web process.
    Subsidiary.objects.filter(pk=mesterhus.pk).update(description="Nå også fritidsboliger.")
    assert "Nå også fritidsboliger." not in client.get("/bli-medlem/").content.decode()

    later = time.monotonic() + subsidiary_cache.OFFERED_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)

    assert "Nå også fritidsboliger." in client.get("/bli-medlem/").content.decode()


def test_the_forms_rendered_fields_are_never_left_in_the_shared_cache(
    client, mesterhus, privacy_statement, monkeypatch
):
    """The shared cache outlives a deploy; fields rendered from the old templates must not
    be served by the new processes."""
    from django.core.cache import caches

    shared = caches["default"]
    stored = []
    real_set = shared.set

    def recording_set(key, value, *args, **kwargs):
        stored.append(str(value))
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(shared, "set", recording_set)
    client.cookies["sessionid"] = "a-visitor-with-a-session"  # rendered for this request
    with_session = client.get("/bli-medlem/").content.decode()
    del client.cookies["sessionid"]
    kept = client.get("/bli-medlem/").content.decode()

    assert 'name="contact_name"' in with_session and 'name="contact_name"' in kept
    assert [value for value in stored if "contact_name" in value] == []
