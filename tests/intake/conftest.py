"""Fixtures for the contact form: subsidiaries with routing rules, and a filled-in form."""

import re

import pytest

from intake.models import County, RoutingRule, Subsidiary


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    """Test clients fill in forms in microseconds; the fill-time tests switch it back on."""
    settings.INTAKE_MIN_FILL_SECONDS = 0


@pytest.fixture
def mesterhus(db):
    subsidiary = Subsidiary.objects.create(
        name="Mesterhus",
        slug="mesterhus",
        description="Boligbyggere over hele landet.",
        default_email="post@mesterhus.example",
        position=1,
    )
    RoutingRule.objects.create(
        subsidiary=subsidiary, county=County.OSLO, email="oslo@mesterhus.example"
    )
    RoutingRule.objects.create(
        subsidiary=subsidiary, county=County.OSLO, email="salg@mesterhus.example"
    )
    return subsidiary


@pytest.fixture
def hidden_chain(db):
    return Subsidiary.objects.create(
        name="Skjult kjede",
        slug="skjult",
        default_email="post@skjult.example",
        offered_in_form=False,
    )


def hidden_fields(html: str) -> dict[str, str]:
    """The values of the form's hidden inputs, as a browser would send them back."""
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


@pytest.fixture
def contact_form(client, mesterhus, privacy_statement):
    """GETs the form like a browser and returns what a person would fill in."""

    def filled_in(**changes) -> dict[str, str]:
        html = client.get("/bli-medlem/").content.decode()
        data = {
            **hidden_fields(html),
            "contact_name": "Åse Ødegård",
            "phone": "912 34 567",
            "email": "Ase@Byggmester-Odegard.example",
            "company_name": "Ødegård Bygg AS",
            "org_number": "928 050 475",
            "county": County.OSLO,
            "subsidiary": str(mesterhus.pk),
            "message": "Vi er seks tømrere i Groruddalen.\nVi vil gjerne høre mer.",
            "privacy_acknowledged": "on",
        }
        data.pop("csrfmiddlewaretoken", None)
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return filled_in
