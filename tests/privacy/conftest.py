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
