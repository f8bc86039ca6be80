"""HEAD answers like GET on every public page: monitors, link checkers and caches ask with
HEAD, and a 405 looks to them like a broken page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_public_page_answers_head_as_it_answers_get(public_pages):
    client = Client()
    answers = {}
    for page in public_pages:
        get, head = client.get(page), client.head(page)
        answers[page] = (get.status_code, head.status_code, head.content)

    assert {page: (200, 200, b"") for page in public_pages} == answers


@pytest.mark.parametrize("page", ["/healthz", "/bli-medlem/", "/en/bli-medlem/", "/"])
def test_head_answers_200_on_the_health_check_the_form_and_the_home_page(
    client, privacy_statement, page
):
    response = client.head(page)

    assert response.status_code == 200
    assert response.content == b""


def test_head_on_the_form_with_a_query_string_stores_nothing(client, privacy_statement):
    from intake.models import Lead

    response = client.head("/bli-medlem/?contact_name=x")

    assert response.status_code == 200
    assert not Lead.objects.exists()
