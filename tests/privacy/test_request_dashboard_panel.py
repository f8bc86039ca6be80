"""The triage dashboard and the admin's front page show the privacy officer the requests near
their deadline; other staff see no trace of requests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataSubjectRequest, RequestStatus

pytestmark = pytest.mark.django_db


def request_due_in(days: int, status=RequestStatus.CONFIRMED) -> DataSubjectRequest:
    return DataSubjectRequest.objects.create(
        rights=["access"],
        email=f"person{days}@eksempel.no",
        status=status,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
    )


@pytest.fixture
def requests_due():
    return {
        "overdue": request_due_in(-2),
        "soon": request_due_in(3),
        "later": request_due_in(20),
        "answered": request_due_in(1, status=RequestStatus.COMPLETED),
        "unconfirmed": request_due_in(1, status=RequestStatus.AWAITING_CONFIRMATION),
    }


@pytest.mark.parametrize("url", ["admin:intake_lead_dashboard", "admin:index"])
def test_officer_sees_open_requests_due_within_a_week_and_overdue_ones(
    client, privacy_officer, requests_due, url
):
    client.force_login(privacy_officer)

    html = client.get(reverse(url)).content.decode()

    assert "Forespørsler med frist innen 7 dager (2)" in html
    assert requests_due["overdue"].reference in html
    assert requests_due["soon"].reference in html
    for other in ("later", "answered", "unconfirmed"):
        assert requests_due[other].reference not in html


def test_central_staff_dashboard_has_no_request_panel(client, central_staff, requests_due):
    client.force_login(central_staff)

    html = client.get(reverse("admin:intake_lead_dashboard")).content.decode()

    assert "Forespørsler med frist" not in html
    assert requests_due["soon"].reference not in html
