"""The access log: opening, exporting and forwarding leads is attributable to a person, and
nobody can change or delete the log."""

import pytest
from django.urls import reverse

from privacy.audit import record_access
from privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_lead, subsidiary_blinkhus):
    return make_lead(company_name="Blink Bygg AS", subsidiary=subsidiary_blinkhus)


def test_opening_a_lead_is_logged_with_who_and_which(client, subsidiary_user, lead):
    client.force_login(subsidiary_user)

    client.get(reverse("admin:intake_lead_change", args=[lead.pk]))

    record = AccessRecord.objects.get()
    assert record.actor == subsidiary_user
    assert record.actor_username == "sindre"
    assert record.action == AccessAction.VIEWED
    assert (record.content_type.model, record.object_id) == ("lead", str(lead.pk))
    # The reference names the lead; the company name stays out of the log.
    assert record.object_repr == lead.reference


def test_a_refused_lead_is_not_logged_as_opened(client, subsidiary_user, make_lead):
    other = make_lead(subsidiary=None)
    client.force_login(subsidiary_user)

    client.get(reverse("admin:intake_lead_change", args=[other.pk]))

    assert not AccessRecord.objects.exists()


def test_privacy_officer_reads_the_log_in_the_admin(client, privacy_officer, subsidiary_user, lead):
    record_access(actor=subsidiary_user, action=AccessAction.VIEWED, obj=lead, label=lead.reference)
    client.force_login(privacy_officer)

    page = client.get(reverse("admin:privacy_accessrecord_changelist")).content.decode()

    assert "sindre" in page and lead.reference in page


def test_nobody_can_add_change_or_delete_a_log_entry(client, privacy_officer, site_admin, lead):
    record = record_access(actor=privacy_officer, action=AccessAction.VIEWED, obj=lead)
    change_url = reverse("admin:privacy_accessrecord_change", args=[record.pk])

    for person in (privacy_officer, site_admin):
        client.force_login(person)
        assert client.get(reverse("admin:privacy_accessrecord_add")).status_code == 403
        assert (
            client.get(reverse("admin:privacy_accessrecord_delete", args=[record.pk])).status_code
            == 403
        )
        page = client.get(change_url)
        assert page.status_code == 200  # view only
        assert 'name="_save"' not in page.content.decode()
        client.post(change_url, {"actor_username": "noen-andre"})
        record.refresh_from_db()
        assert record.actor_username == "personvern"
        response = client.post(
            reverse("admin:privacy_accessrecord_changelist"),
            {"action": "delete_selected", "index": 0, "_selected_action": [record.pk]},
        )
        assert response.status_code in (200, 302)
        assert AccessRecord.objects.filter(pk=record.pk).exists()
