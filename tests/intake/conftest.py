"""Fixtures for the intake tests: subsidiaries with routing rules, a filled-in form, a stored
lead with its outbox, and time passing for the outbox's retries."""

import re
import secrets
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F

from intake.models import County, Delivery, DeliveryKind, Lead, RoutingRule, Subsidiary


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


@pytest.fixture
def subsidiary(db):
    return Subsidiary.objects.create(
        name="Byggmesterkjeden Nord", slug="nord", default_email="leads@nord.example"
    )


@pytest.fixture
def submit_lead(db, subsidiary):
    """Store a lead, one delivery per recipient and the receipt, with their tasks, in one
    transaction, as the contact form's submission does."""
    from intake.outbox import delivery_create

    def submit(**fields) -> Lead:
        values = {
            "contact_name": "Åse Ødegård",
            "email": "ase@bolgen.example",
            "phone": "+4791234567",
            "company_name": "Bølgen & Blå AS",
            "county": County.TROMS,
            "subsidiary": subsidiary,
            "message": "Vi vil gjerne bli med i kjeden.\nHilsen Åse på Tromsøya",
            "language": "nb",
            "submission_token": secrets.token_hex(16),
            **fields,
        }
        with transaction.atomic():
            lead = Lead.objects.create(**values)
            for recipient in lead.routing_recipients():
                delivery_create(lead=lead, kind=DeliveryKind.ROUTING, recipient=recipient)
            delivery_create(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)
        return lead

    return submit


@pytest.fixture
def time_passes():
    """Move every scheduled task and retry `delta` closer, as if that much time had passed."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    def advance(delta: timedelta) -> None:
        # Tasks without run_after carry the far-future sentinel, which means "now": keep it.
        DBTaskResult.objects.exclude(run_after=get_date_max()).update(
            run_after=F("run_after") - delta
        )
        Delivery.objects.filter(next_attempt_at__isnull=False).update(
            next_attempt_at=F("next_attempt_at") - delta
        )

    return advance
