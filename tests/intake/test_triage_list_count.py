"""The lead list counts its rows up to a cap: under it the count is exact; past it the list
says "more than", pages through the first rows and can still select them all."""

import pytest
from django.urls import reverse

from intake.admin.pagination import CappedCountPaginator
from intake.models import Lead, LeadStatus

pytestmark = pytest.mark.django_db

LIST = "admin:intake_lead_changelist"


@pytest.fixture
def small_cap(monkeypatch):
    from intake.admin.leads import LeadAdmin

    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    monkeypatch.setattr(LeadAdmin, "list_per_page", 2)


def test_lead_list_under_the_cap_shows_the_exact_count(client, central_staff, make_lead, small_cap):
    for _ in range(4):
        make_lead()
    client.force_login(central_staff)

    html = client.get(reverse(LIST)).content.decode()

    assert "4 henvendelser" in html
    assert "Mer enn" not in html


def test_lead_list_past_the_cap_says_more_than_and_pages_through_the_first(
    client, central_staff, make_lead, small_cap
):
    leads = [make_lead() for _ in range(8)]
    client.force_login(central_staff)

    first = client.get(reverse(LIST))
    second = client.get(reverse(LIST), {"p": 2})

    html = first.content.decode()
    assert "Mer enn 5 henvendelser" in html
    assert "Velg alle henvendelsene i utvalget (mer enn 5)" in html
    newest = sorted(leads, key=lambda lead: lead.received_at, reverse=True)
    assert [lead.pk for lead in first.context["cl"].result_list] == [x.pk for x in newest[:2]]
    assert [lead.pk for lead in second.context["cl"].result_list] == [x.pk for x in newest[2:4]]


def test_filter_that_leaves_fewer_than_the_cap_counts_them_exactly(
    client, central_staff, make_lead, small_cap
):
    for i in range(8):
        make_lead(status=LeadStatus.CONTACTED if i < 3 else LeadStatus.NEW)
    client.force_login(central_staff)

    html = client.get(reverse(LIST), {"status__exact": "contacted"}).content.decode()

    assert "3 henvendelser" in html
    assert "Mer enn" not in html
    assert Lead.objects.count() == 8
