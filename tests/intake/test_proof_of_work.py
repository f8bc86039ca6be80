"""The optional proof-of-work challenge (ALTCHA's format, self-hosted): a solved challenge
changes nothing for the person, a wrong or reused one marks the lead as suspected spam, and
a form sent without JavaScript (no solution) falls back to the other defences."""

import base64
import json

import altcha
import pytest

from intake.models import Delivery, Lead


@pytest.fixture
def proof_of_work(settings):
    settings.INTAKE_PROOF_OF_WORK = True
    settings.INTAKE_PROOF_OF_WORK_MAX_NUMBER = 2000  # a test solves it in milliseconds


def solved(client, *, wrong: bool = False) -> str:
    """What the browser's script puts in the form's hidden field."""
    response = client.get("/bli-medlem/utfordring/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    challenge = response.json()
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number + (1 if wrong else 0),
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def test_a_solved_challenge_lets_the_lead_through_as_usual(client, contact_form, proof_of_work):
    response = client.post("/bli-medlem/", contact_form(altcha=solved(client)))

    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.is_suspected_spam, lead.spam_reason) == (False, "")
    assert Delivery.objects.filter(lead=lead).count() == 3


def test_a_wrong_solution_is_stored_as_suspected_spam_and_not_routed(
    client, contact_form, proof_of_work
):
    response = client.post("/bli-medlem/", contact_form(altcha=solved(client, wrong=True)))

    assert response.status_code == 302 and "/bli-medlem/takk/" in response["Location"]
    lead = Lead.objects.get()
    assert (lead.is_suspected_spam, lead.spam_reason) == (True, "proof_of_work")
    assert Delivery.objects.count() == 0


def test_one_solution_sent_with_two_forms_routes_only_the_first(
    client, contact_form, proof_of_work
):
    solution = solved(client)
    client.post("/bli-medlem/", contact_form(altcha=solution))
    client.post("/bli-medlem/", contact_form(altcha=solution, company_name="Igjen AS"))

    assert list(Lead.objects.order_by("pk").values_list("spam_reason", flat=True)) == [
        "",
        "proof_of_work",
    ]


@pytest.mark.parametrize(
    "garbage",
    ["ikke-base64!", base64.b64encode(b"[1, 2]").decode(), "QUJD" * 400, "\x00"],
)
def test_a_mangled_solution_is_suspected_spam_not_an_error(
    client, contact_form, proof_of_work, garbage
):
    response = client.post("/bli-medlem/", contact_form(altcha=garbage))

    assert response.status_code == 302
    assert Lead.objects.get().spam_reason == "proof_of_work"


def test_a_form_without_a_solution_falls_back_to_the_other_defences(
    client, contact_form, proof_of_work
):
    client.post("/bli-medlem/", contact_form())
    client.post("/bli-medlem/", contact_form(website="https://spam.example"))

    assert list(Lead.objects.order_by("pk").values_list("spam_reason", flat=True)) == [
        "",
        "honeypot",
    ]


def test_the_form_loads_our_own_script_and_the_challenge_comes_from_our_own_site(
    client, mesterhus, privacy_statement, proof_of_work
):
    response = client.get("/bli-medlem/")
    html = response.content.decode()

    assert 'data-proof-of-work="/bli-medlem/utfordring/"' in html
    assert '<input type="hidden" name="altcha" value="">' in html
    scripts = [tag for tag in html.split("<script")[1:]]
    assert scripts and all(' src="/static/' in tag.split(">")[0] for tag in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_without_the_setting_there_is_no_challenge(client, mesterhus, privacy_statement):
    assert client.get("/bli-medlem/utfordring/").status_code == 404
    assert "data-proof-of-work" not in client.get("/bli-medlem/").content.decode()
