"""The statement in the admin: versions with their dates, draft preview, publishing."""

import datetime

import pytest

from privacy.models import PrivacyStatement, StatementStatus
from privacy.models.statement import today_in_norway

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/privacy/privacystatement/"


@pytest.fixture
def draft():
    return PrivacyStatement.objects.create(
        version="2031-01-01",
        language="nb",
        title="Personvernerklæring",
        effective_date=datetime.date(2031, 1, 1),
        body="# Personvernerklæring\n\n## 1. Innledning\n\nNy tekst om <{{ controller.email }}>.\n",
        change_summary="Ny innledning.",
    )


def test_admin_lists_versions_with_their_effective_dates(admin_client, privacy_statement, draft):
    html = admin_client.get(CHANGELIST).content.decode()

    assert "2024-01-26" in html and "2031-01-01" in html
    assert "26. januar 2024" in html and "1. januar 2031" in html
    assert "Publisert" in html and "Utkast" in html


def test_preview_shows_a_draft_on_the_public_layout(admin_client, draft):
    response = admin_client.get(f"{CHANGELIST}{draft.pk}/forhandsvisning/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Forhåndsvisning." in html
    assert '<h2 id="1-innledning">1. Innledning</h2>' in html
    assert '<a href="mailto:sentralbord@mestergruppen.no">' in html
    assert 'class="site-footer"' in html


def test_view_on_site_opens_a_drafts_preview_and_a_published_versions_page(
    admin_client, privacy_statement, draft
):
    import re

    def view_on_site(statement) -> str:
        html = admin_client.get(f"{CHANGELIST}{statement.pk}/change/").content.decode()
        return re.search(r'<a href="([^"]+)" class="viewsitelink"', html)[1]

    link = view_on_site(draft)
    assert link == f"{CHANGELIST}{draft.pk}/forhandsvisning/"
    assert admin_client.get(link).status_code == 200
    assert view_on_site(privacy_statement) == privacy_statement.get_absolute_url()


def test_preview_is_for_staff_only(client, draft):
    response = client.get(f"{CHANGELIST}{draft.pk}/forhandsvisning/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_publish_action_records_who_published_and_when(admin_client, admin_user, draft):
    response = admin_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == StatementStatus.PUBLISHED
    assert draft.published_by == admin_user
    assert draft.published_at is not None
    assert "2031-01-01 er publisert og gjelder fra 1. januar 2031." in response.content.decode()


def test_publish_action_refuses_a_date_in_the_past_with_a_message(admin_client, draft):
    draft.effective_date = today_in_norway() - datetime.timedelta(days=1)
    draft.save()

    response = admin_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT
    assert "ble ikke publisert" in response.content.decode()


def test_published_version_is_read_only_in_the_admin(admin_client, privacy_statement, draft):
    url = f"{CHANGELIST}{privacy_statement.pk}/change/"

    draft_page = admin_client.get(f"{CHANGELIST}{draft.pk}/change/").content.decode()
    page = admin_client.get(url).content.decode()
    post = admin_client.post(url, {"version": "x", "title": "Endret", "body": "Endret"})
    delete = admin_client.post(f"{CHANGELIST}{privacy_statement.pk}/delete/", {"post": "yes"})

    assert 'name="body"' in draft_page
    assert 'name="body"' not in page
    assert post.status_code == 403
    assert delete.status_code == 403
    privacy_statement.refresh_from_db()
    assert privacy_statement.title != "Endret"


def test_bulk_delete_does_not_delete_a_published_version(admin_client, privacy_statement):
    admin_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [privacy_statement.pk], "post": "yes"},
    )

    assert PrivacyStatement.objects.filter(pk=privacy_statement.pk).exists()


def test_new_draft_from_a_published_version_copies_its_text(admin_client, privacy_statement):
    response = admin_client.post(
        CHANGELIST, {"action": "copy_as_draft", "_selected_action": [privacy_statement.pk]}
    )

    draft = PrivacyStatement.objects.exclude(pk=privacy_statement.pk).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{draft.pk}/change/")
    assert draft.status == StatementStatus.DRAFT
    assert draft.body == privacy_statement.body


def test_a_version_label_that_cannot_be_part_of_its_address_is_refused(admin_client):
    response = admin_client.post(
        f"{CHANGELIST}add/",
        {
            "version": "2031/01",
            "language": "nb",
            "title": "Personvernerklæring",
            "effective_date": "2031-01-01",
            "body": "Tekst.",
            "change_summary": "",
        },
    )

    assert response.status_code == 200
    assert "Bruk bare bokstaver" in response.content.decode()
    assert not PrivacyStatement.objects.filter(version="2031/01").exists()
