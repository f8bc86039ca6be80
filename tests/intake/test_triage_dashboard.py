"""The dashboard draws its numbers as SVG, says them in text too, and counts only what the
person may see. The list and the dashboard cost the same number of queries for 10 or 50 rows."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead, LeadStatus

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:intake_lead_dashboard"


def test_dashboard_is_linked_from_the_admin_index(client, subsidiary_user):
    client.force_login(subsidiary_user)

    page = client.get(reverse("admin:index")).content.decode()

    assert reverse(DASHBOARD) in page


def test_dashboard_draws_charts_with_text_alternatives(client, central_staff, make_lead):
    make_lead(status=LeadStatus.IN_PROGRESS)
    client.force_login(central_staff)

    response = client.get(reverse(DASHBOARD))

    html = response.content.decode()
    assert html.count('role="img"') == 2  # leads per week and open by status; the rest are empty
    assert html.count("<figcaption") == 4
    assert html.count("<table") >= 4
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "style=" not in html.split("<svg", 1)[1]  # the CSP allows no inline style
    assert "Under behandling" in html


def contacted_after(lead, delay: timedelta, *, by) -> None:
    """Staff set the lead to contacted `delay` after it came: the status change, then its
    moment moved back in the history and in the lead's record of its first contact."""
    lead.change_status(LeadStatus.CONTACTED, by=by)
    moment = lead.received_at + delay
    lead.events.filter(new_value="contacted").update(at=moment)
    Lead.objects.filter(pk=lead.pk).update(first_contacted_at=moment)
    lead.refresh_from_db()


def test_median_time_to_first_contact_counts_each_leads_first_contact(
    client, central_staff, subsidiary_user, make_lead
):
    now = timezone.now()
    for hours in (2, 4, 30):
        lead = make_lead(received_at=now - timedelta(days=3))
        lead.change_status(LeadStatus.IN_PROGRESS, by=subsidiary_user)
        contacted_after(lead, timedelta(hours=hours), by=subsidiary_user)
        # A later contact does not move the first one.
        lead.change_status(LeadStatus.IN_PROGRESS, by=subsidiary_user)
        lead.change_status(LeadStatus.CONTACTED, by=subsidiary_user)
    make_lead(received_at=now - timedelta(days=3))  # not contacted yet: left out
    client.force_login(central_staff)

    response = client.get(reverse(DASHBOARD))

    # Written the Norwegian way, with a decimal comma.
    assert response.context["contact_median"] == "4,0 timer"
    assert response.context["contact_count"] == 3


def test_failed_deliveries_are_counted_and_listed(client, central_staff, make_lead):
    lead = make_lead()
    Delivery.objects.create(
        lead=lead, kind=DeliveryKind.ROUTING, recipient="a@b.no", status=DeliveryStatus.FAILED
    )
    Delivery.objects.create(
        lead=make_lead(), kind=DeliveryKind.ROUTING, recipient="a@b.no", status="delivered"
    )
    client.force_login(central_staff)

    response = client.get(reverse(DASHBOARD))

    assert response.context["failed_total"] == 1
    assert [x.pk for x in response.context["failed_latest"]] == [lead.pk]


def test_charts_with_nothing_to_show_say_so_in_words(client, central_staff):
    client.force_login(central_staff)

    html = client.get(reverse(DASHBOARD)).content.decode()

    assert 'role="img"' not in html  # no bare axes
    assert "Ingen henvendelser de siste 12 ukene." in html
    assert "Ingen åpne henvendelser." in html
    assert "Ingen henvendelser satt til «Kontaktet» de siste 12 ukene." in html
    assert "Ingen utsendinger feilet de siste 12 ukene." in html


def test_a_fraction_of_an_hour_is_written_with_a_decimal_comma(
    client, central_staff, subsidiary_user, make_lead
):
    lead = make_lead(received_at=timezone.now() - timedelta(days=1))
    contacted_after(lead, timedelta(minutes=6), by=subsidiary_user)
    client.force_login(central_staff)

    response = client.get(reverse(DASHBOARD))

    assert response.context["contact_median"] == "0,1 timer"
    assert "0,1 timer" in response.content.decode()


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _fill(make_lead, subsidiary, count, user):
    for i in range(count):
        lead = make_lead(subsidiary=subsidiary, assignee=user if i % 2 else None)
        Delivery.objects.create(
            lead=lead, kind=DeliveryKind.ROUTING, recipient="post@x.no", status="delivered"
        )
        lead.change_status(LeadStatus.CONTACTED, by=user)


@pytest.mark.parametrize("persona", ["subsidiary_user", "central_staff"])
def test_list_and_dashboard_cost_the_same_queries_for_10_or_50_rows(
    client, request, make_lead, subsidiary_blinkhus, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    pages = {
        "list": (reverse("admin:intake_lead_changelist"), {}),
        "filter": (reverse("admin:intake_lead_changelist"), {"status__exact": "contacted"}),
        "search": (reverse("admin:intake_lead_changelist"), {"q": "ola1@example.no"}),
        "dashboard": (reverse(DASHBOARD), {}),
    }

    _fill(make_lead, subsidiary_blinkhus, 10, user)
    with_10 = {name: _queries(client, url, **params) for name, (url, params) in pages.items()}
    _fill(make_lead, subsidiary_blinkhus, 40, user)
    with_50 = {name: _queries(client, url, **params) for name, (url, params) in pages.items()}

    assert with_10 == with_50


def test_leads_are_counted_in_their_norwegian_week(client, central_staff, make_lead):
    # Sunday 23:30 and Monday 00:30 in Oslo are the same day in UTC, but not the same week.
    monday = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    monday -= timedelta(days=monday.weekday())
    make_lead(received_at=monday - timedelta(minutes=30))
    make_lead(received_at=monday + timedelta(minutes=30))
    make_lead(received_at=monday - timedelta(weeks=2))
    client.force_login(central_staff)

    response = client.get(reverse(DASHBOARD))

    [central] = response.context["per_week_series"]
    assert central.values[-3:] == [1, 1, 1]
    assert response.context["per_week_total"] == 3


def test_the_first_contact_is_the_moment_of_its_history_entry_and_a_later_one_leaves_it(
    subsidiary_user, make_lead
):
    lead = make_lead()
    lead.change_status(LeadStatus.CONTACTED, by=subsidiary_user)
    first = lead.events.get(new_value="contacted").at

    lead.change_status(LeadStatus.IN_PROGRESS, by=subsidiary_user)
    lead.change_status(LeadStatus.CONTACTED, by=subsidiary_user)

    lead.refresh_from_db()
    assert lead.events.filter(new_value="contacted").count() == 2
    assert lead.first_contacted_at == first


def test_leads_contacted_before_the_upgrade_get_their_first_contact_from_the_history(
    client, central_staff, subsidiary_user, make_lead
):
    migration = importlib.import_module("intake.migrations.0011_lead_first_contacted_at")
    lead = make_lead(received_at=timezone.now() - timedelta(days=2))
    contacted_after(lead, timedelta(hours=5), by=subsidiary_user)
    lead.change_status(LeadStatus.IN_PROGRESS, by=subsidiary_user)
    lead.change_status(LeadStatus.CONTACTED, by=subsidiary_user)
    never = make_lead()
    # As a lead stored before the field existed.
    Lead.objects.update(first_contacted_at=None)

    with connection.cursor() as cursor:
        cursor.execute(migration.backfill_sql(connection.vendor))

    lead.refresh_from_db()
    assert lead.first_contacted_at == lead.received_at + timedelta(hours=5)
    assert Lead.objects.get(pk=never.pk).first_contacted_at is None
    client.force_login(central_staff)
    assert client.get(reverse(DASHBOARD)).context["contact_median"] == "5,0 timer"
