"""People in the registry's test app (tests/registry_testapp), for find, export and erasure."""

import pytest

from tests.registry_testapp.models import Attachment, Member, Ticket, Visit


@pytest.fixture
def kari(db):
    """Kari: a member with a visit and a support ticket with an attachment."""
    member = Member.objects.create(
        name="Kari Nordmann",
        email="kari.nordmann@eksempel.no",
        phone="+4791234567",
        company="Nordmann Bygg AS",
        note="Ringte om medlemskap",
        county="Oslo",
    )
    Visit.objects.create(member=member, ip_address="192.0.2.10")
    ticket = Ticket.objects.create(email="kari.nordmann@eksempel.no", body="Hei, jeg lurer på ...")
    Attachment.objects.create(ticket=ticket, filename="tilbud.pdf")
    return member


@pytest.fixture
def ola(db):
    """Ola: another member with one visit, who must never be touched by Kari's requests."""
    member = Member.objects.create(
        name="Ola Hansen",
        email="ola@eksempel.no",
        phone="+4799887766",
        company="Hansen AS",
        note="Ring tilbake",
    )
    Visit.objects.create(member=member, ip_address="192.0.2.99")
    return member


# --- Data-subject requests: real intake leads --------------------------------------------------


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    """Test clients fill in forms in microseconds; the misuse tests switch it back on."""
    settings.INTAKE_MIN_FILL_SECONDS = 0


@pytest.fixture
def kari_lead(db, subsidiary_blinkhus, central_staff):
    """Kari's lead as the contact form stored it and Blinkhus received it: a routing email
    sent, a receipt, a note and a status change in its history."""
    from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead

    lead = Lead.objects.create(
        contact_name="Kari Nordmann",
        email="kari.nordmann@eksempel.no",
        phone="+4791234567",
        company_name="Nordmann Bygg AS",
        county="oslo",
        subsidiary=subsidiary_blinkhus,
        message="Vi vil bli med i kjeden.",
        submission_token="kari-token",
    )
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        status=DeliveryStatus.SENT,
    )
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.RECEIPT,
        recipient="kari.nordmann@eksempel.no",
        status=DeliveryStatus.SENT,
    )
    lead.add_note("Ringte Kari, hun vil ha tilbud.", by=central_staff)
    lead.change_status("contacted", by=central_staff)
    return lead


@pytest.fixture
def ola_lead(db, subsidiary_mesterhus):
    """Ola's lead, which no request of Kari's may touch."""
    from intake.models import Lead

    return Lead.objects.create(
        contact_name="Ola Hansen",
        email="ola@eksempel.no",
        phone="+4799887766",
        company_name="Hansen AS",
        county="vestland",
        subsidiary=subsidiary_mesterhus,
        message="Ring meg.",
        submission_token="ola-token",
    )


@pytest.fixture
def confirmed_request(db):
    """Make a request as if Kari had sent the form and opened the link."""
    from privacy.requests.services import request_confirm, request_submit

    def make(rights=("access",), email="kari.nordmann@eksempel.no", language="nb", **fields):
        request = request_submit(rights=list(rights), email=email, language=language, **fields)
        return request_confirm(reference=request.reference).request

    return make


@pytest.fixture
def time_machine_today(monkeypatch):
    """Set "now" to noon, Norwegian time, on a given day (and move it again later)."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    def travel(day: datetime.date, *, hour: int = 12) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(hour), tzinfo=ZoneInfo("Europe/Oslo")
        ).astimezone(datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return travel
