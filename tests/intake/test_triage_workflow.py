"""The triage workflow in the admin: status, assignee, notes, history, forwarding, resending,
the deadline marker and the search that understands phone numbers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Lead,
    LeadEventKind,
    LeadStatus,
)
from intake.sla import working_days_before
from privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:intake_lead_changelist"
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def lead(make_lead, subsidiary_blinkhus):
    return make_lead(company_name="Blink Bygg AS", subsidiary=subsidiary_blinkhus)


def change_form(lead, **fields):
    data = {
        "status": lead.status,
        "assignee": lead.assignee_id or "",
        "note": "",
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
        "deliveries-MIN_NUM_FORMS": "0",
        "deliveries-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_setting_contacted_with_a_note_is_kept_in_the_history(client, subsidiary_user, lead):
    client.force_login(subsidiary_user)
    url = reverse("admin:intake_lead_change", args=[lead.pk])

    response = client.post(
        url, change_form(lead, status="contacted", note="Ringte, sender tilbud fredag.")
    )

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    note = lead.notes.get()
    assert (note.text, note.author) == ("Ringte, sender tilbud fredag.", subsidiary_user)
    events = list(lead.events.values_list("kind", "old_value", "new_value", "actor"))
    assert events == [
        (LeadEventKind.STATUS_CHANGED, "new", "contacted", subsidiary_user.pk),
        (LeadEventKind.NOTE_ADDED, "", "", subsidiary_user.pk),
    ]
    page = client.get(url).content.decode()
    assert "Ringte, sender tilbud fredag." in page
    assert "Ny → Kontaktet" in page
    assert "Sindre Blink" in page


def test_saving_without_changes_adds_nothing_to_the_history(client, subsidiary_user, lead):
    client.force_login(subsidiary_user)

    client.post(reverse("admin:intake_lead_change", args=[lead.pk]), change_form(lead))

    assert not lead.events.exists()


def test_assigning_shows_the_colleagues_name_in_the_history(
    client, subsidiary_user, central_staff, lead
):
    client.force_login(central_staff)

    client.post(
        reverse("admin:intake_lead_change", args=[lead.pk]),
        change_form(lead, assignee=subsidiary_user.pk),
    )

    lead.refresh_from_db()
    assert lead.assignee == subsidiary_user
    page = client.get(reverse("admin:intake_lead_change", args=[lead.pk])).content.decode()
    assert "ingen → Sindre Blink" in page


def test_subsidiary_user_cannot_assign_another_subsidiarys_staff(
    client, subsidiary_user, central_staff, lead, django_user_model, subsidiary_mesterhus
):
    stranger = django_user_model.objects.create_user("mette", is_staff=True)
    subsidiary_mesterhus.members.add(stranger)
    client.force_login(subsidiary_user)

    response = client.post(
        reverse("admin:intake_lead_change", args=[lead.pk]), change_form(lead, assignee=stranger.pk)
    )

    assert response.status_code == 200  # the form again, with an error
    assert "mette" not in response.context["adminform"].form.fields[
        "assignee"
    ].queryset.values_list("username", flat=True)
    lead.refresh_from_db()
    assert lead.assignee is None


def test_change_status_action_changes_the_selected_leads(client, central_staff, make_lead):
    leads = [make_lead(), make_lead()]
    client.force_login(central_staff)
    selection = {"action": "change_status", "index": 0, "_selected_action": [x.pk for x in leads]}

    first = client.post(reverse(CHANGELIST), selection)
    applied = client.post(reverse(CHANGELIST), {**selection, "apply": "1", "status": "spam"})

    assert first.status_code == 200 and "Ny status" in first.content.decode()
    assert applied.status_code == 302
    for lead in leads:
        lead.refresh_from_db()
        assert lead.status == LeadStatus.SPAM
        assert lead.events.get().new_value == "spam"


def test_each_row_has_the_checkbox_that_djangos_actions_and_select_all_read(
    client, central_staff, make_lead
):
    lead = make_lead(company_name='Fjord & "Fjell" AS')
    client.force_login(central_staff)

    page = client.get(reverse(CHANGELIST)).content.decode()

    # The list writes its checkboxes itself (for speed): the markup must stay Django's own.
    djangos = admin.ModelAdmin.action_checkbox(admin.site._registry[Lead], lead)
    assert 'class="action-select"' in djangos
    assert djangos in page


def test_assign_to_me_action(client, subsidiary_user, lead):
    client.force_login(subsidiary_user)

    client.post(
        reverse(CHANGELIST), {"action": "assign_to_me", "index": 0, "_selected_action": [lead.pk]}
    )

    lead.refresh_from_db()
    assert lead.assignee == subsidiary_user


def test_forwarding_hands_the_lead_to_the_other_subsidiary_and_sends_it(
    client, subsidiary_user, lead, subsidiary_mesterhus
):
    lead.assign(subsidiary_user, by=subsidiary_user)
    client.force_login(subsidiary_user)
    selection = {"action": "forward", "index": 0, "_selected_action": [lead.pk]}

    response = client.post(
        reverse(CHANGELIST), {**selection, "apply": "1", "subsidiary": subsidiary_mesterhus.pk}
    )

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.subsidiary == subsidiary_mesterhus
    assert (lead.status, lead.assignee) == (LeadStatus.NEW, None)
    delivery = Delivery.objects.get(lead=lead, recipient="post@mesterhus.example")
    assert (delivery.kind, delivery.status) == (DeliveryKind.ROUTING, DeliveryStatus.WAITING)
    assert DBTaskResult.objects.filter(args_kwargs__args=[delivery.pk]).exists()
    forwarded = lead.events.get(kind=LeadEventKind.FORWARDED)
    assert (forwarded.old_value, forwarded.new_value) == ("Blinkhus", "Mesterhus")
    record = AccessRecord.objects.get(action=AccessAction.FORWARDED)
    assert (record.actor, record.object_id) == (subsidiary_user, str(lead.pk))
    # Now Mesterhus's lead: Blinkhus's staff no longer reach it.
    assert client.get(reverse("admin:intake_lead_change", args=[lead.pk])).status_code == 404


def test_resending_a_failed_delivery_queues_it_again_and_says_so_in_the_history(
    client, central_staff, lead
):
    failed = Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        status=DeliveryStatus.FAILED,
        attempts=8,
        last_error="550 mailbox unavailable",
    )
    delivered = Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.RECEIPT,
        recipient=lead.email,
        status=DeliveryStatus.DELIVERED,
    )
    client.force_login(central_staff)

    client.post(
        reverse(CHANGELIST),
        {"action": "resend_failed_deliveries", "index": 0, "_selected_action": [lead.pk]},
    )

    failed.refresh_from_db()
    delivered.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.WAITING, 0, "")
    assert delivered.status == DeliveryStatus.DELIVERED
    assert lead.events.get(kind=LeadEventKind.DELIVERY_RESENT).actor == central_staff


def test_list_shows_the_delivery_state_of_each_lead(client, central_staff, make_lead):
    states = {}
    for status in ("delivered", "waiting", "failed", "bounced"):
        lead = make_lead(company_name=f"Firma {status}")
        Delivery.objects.create(
            lead=lead, kind=DeliveryKind.ROUTING, recipient="a@b.no", status="delivered"
        )
        if status != "delivered":
            Delivery.objects.create(
                lead=lead, kind=DeliveryKind.ROUTING, recipient="c@d.no", status=status
            )
        states[lead.reference] = status
    client.force_login(central_staff)

    response = client.get(reverse(CHANGELIST))

    shown = {lead.reference: lead.delivery_state for lead in response.context["cl"].result_list}
    assert shown == states
    for status, reference in ((s, r) for r, s in states.items()):
        filtered = client.get(reverse(CHANGELIST), {"utsending": status})
        assert [x.reference for x in filtered.context["cl"].result_list] == [reference]


@pytest.mark.parametrize("term", ["912 34 567", "91234567", "+47 912 34 567", "0047 91 23 45 67"])
def test_search_finds_a_phone_number_in_any_notation(client, central_staff, make_lead, term):
    wanted = make_lead(phone="+4791234567")
    make_lead(phone="+4799999999")
    client.force_login(central_staff)

    response = client.get(reverse(CHANGELIST), {"q": term})

    assert [x.pk for x in response.context["cl"].result_list] == [wanted.pk]


@pytest.mark.parametrize(
    ("field", "value", "term"),
    [
        ("email", "kari@nordmann.no", "Kari@Nordmann.no"),
        ("company_name", "Nordmann Tømrer AS", "tømrer"),
        ("contact_name", "Kari Nordmann", "kari nord"),
        ("org_number", "923456783", "923 456 783"),
    ],
)
def test_search_finds_name_email_company_and_org_number(
    client, central_staff, make_lead, field, value, term
):
    wanted = make_lead(**{field: value})
    make_lead()
    client.force_login(central_staff)

    response = client.get(reverse(CHANGELIST), {"q": term})

    assert [x.pk for x in response.context["cl"].result_list] == [wanted.pk]


@pytest.mark.parametrize("reference", ["MG-7KQ29XPM", "MG-RASNCDMP", "MG-48213907"])
def test_search_finds_the_reference_in_any_letter_case(client, central_staff, make_lead, reference):
    wanted = make_lead(reference=reference)
    make_lead()
    client.force_login(central_staff)

    for term in (wanted.reference, wanted.reference.lower(), wanted.reference[3:].lower()):
        response = client.get(reverse(CHANGELIST), {"q": term})
        assert [x.pk for x in response.context["cl"].result_list] == [wanted.pk], term


def test_search_for_eight_letters_finds_a_name_as_well_as_a_reference(
    client, central_staff, make_lead
):
    by_name = make_lead(contact_name="Kari Andersen")
    by_reference = make_lead(reference="MG-ANDERSEN")
    client.force_login(central_staff)

    response = client.get(reverse(CHANGELIST), {"q": "andersen"})

    assert {x.pk for x in response.context["cl"].result_list} == {by_name.pk, by_reference.pk}


def test_filter_by_received_date_range(client, central_staff, make_lead):
    inside = make_lead(received_at=datetime(2026, 3, 10, 12, tzinfo=OSLO))
    make_lead(received_at=datetime(2026, 3, 1, 12, tzinfo=OSLO))
    make_lead(received_at=datetime(2026, 3, 21, 12, tzinfo=OSLO))
    client.force_login(central_staff)

    response = client.get(
        reverse(CHANGELIST), {"mottatt_fra": "2026-03-05", "mottatt_til": "2026-03-20"}
    )

    assert [x.pk for x in response.context["cl"].result_list] == [inside.pk]


def test_a_bad_date_in_the_filter_gives_a_page_not_a_server_error(client, central_staff):
    client.force_login(central_staff)

    response = client.get(reverse(CHANGELIST), {"mottatt_fra": "i går"})

    assert response.status_code in (200, 302)


def test_lead_still_new_after_the_deadline_is_marked(client, central_staff, make_lead, settings):
    settings.LEAD_SLA_WORKING_DAYS = 2
    late = make_lead(received_at=timezone.now() - timedelta(days=6))
    fresh = make_lead()
    handled = make_lead(received_at=timezone.now() - timedelta(days=6), status="contacted")
    client.force_login(central_staff)

    response = client.get(reverse(CHANGELIST))
    overdue = client.get(reverse(CHANGELIST), {"frist": "over"})

    marked = {x.pk for x in response.context["cl"].result_list if x.is_past_deadline}
    assert marked == {late.pk}
    assert "Over fristen" in response.content.decode()
    assert [x.pk for x in overdue.context["cl"].result_list] == [late.pk]
    assert fresh.pk not in marked and handled.pk not in marked


@pytest.mark.parametrize(
    ("now", "days", "cutoff"),
    [
        # Wednesday noon, two working days back: Monday noon.
        (datetime(2026, 11, 25, 12), 2, datetime(2026, 11, 23, 12)),
        # Monday 10:00, one working day back: Friday 10:00 (the weekend does not count).
        (datetime(2026, 11, 23, 10), 1, datetime(2026, 11, 20, 10)),
        # Sunday: as if it were the end of Friday.
        (datetime(2026, 11, 22, 15), 1, datetime(2026, 11, 20, 0)),
        (datetime(2026, 11, 25, 12), 0, datetime(2026, 11, 25, 12)),
    ],
)
def test_working_days_skip_the_weekend(now, days, cutoff):
    assert working_days_before(now.replace(tzinfo=OSLO), days) == cutoff.replace(tzinfo=OSLO)


@pytest.mark.parametrize(
    ("now", "days", "cutoff"),
    [
        # Tuesday after Easter 2026, 10:00, one working day back: Wednesday before Easter
        # (Maundy Thursday, Good Friday and Easter Monday are public holidays).
        (datetime(2026, 4, 7, 10), 1, datetime(2026, 4, 1, 10)),
        # Easter Monday: as if it were the end of that Wednesday.
        (datetime(2026, 4, 6, 12), 1, datetime(2026, 4, 1, 0)),
        # Tuesday 21 May 2024, 10:00: Monday was Whit Monday, Friday was 17 May, so one
        # working day back is Thursday 16 May.
        (datetime(2024, 5, 21, 10), 1, datetime(2024, 5, 16, 10)),
        # Monday 18 May 2026, two working days back: Thursday 14 May was Ascension Day, so
        # Wednesday 13 May (Sunday 17 May changes nothing).
        (datetime(2026, 5, 18, 9), 2, datetime(2026, 5, 13, 9)),
    ],
)
def test_working_days_skip_norwegian_public_holidays(now, days, cutoff):
    assert working_days_before(now.replace(tzinfo=OSLO), days) == cutoff.replace(tzinfo=OSLO)
