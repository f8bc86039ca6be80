import datetime

from intake.models import Lead
from privacy.models import PrivacyStatement


def test_form_links_to_the_exact_statement_version_shown_and_carries_its_id(
    client, mesterhus, privacy_statement
):
    html = client.get("/bli-medlem/").content.decode()

    assert f'href="{privacy_statement.get_absolute_url()}"' in html
    assert f"versjon {privacy_statement.version}" in html
    assert f'name="statement_version" value="{privacy_statement.pk}"' in html


def test_lead_records_the_statement_version_the_person_acknowledged(
    client, contact_form, privacy_statement
):
    client.post("/bli-medlem/", contact_form(wants_news="on"))

    lead = Lead.objects.get()
    assert lead.privacy_statement == privacy_statement
    # The news consent is recorded together with the version it was given under.
    assert lead.wants_news is True


def test_a_statement_version_other_than_the_one_in_force_is_refused(
    client, contact_form, privacy_statement
):
    response = client.post("/bli-medlem/", contact_form(statement_version="999999"))

    html = response.content.decode()
    assert "Personvernerklæringen er oppdatert siden du åpnet skjemaet." in html
    assert 'href="#id_privacy_acknowledged"' in html
    # The page now shows and carries the version in force, waiting for a new tick.
    assert f'name="statement_version" value="{privacy_statement.pk}"' in html
    start = html.index('name="privacy_acknowledged"')
    checkbox = html[start : html.index('id="id_privacy_acknowledged"')]
    assert "checked" not in checkbox
    assert Lead.objects.count() == 0


def test_english_form_links_to_the_norwegian_statement_when_there_is_no_english_one(
    client, mesterhus, privacy_statement
):
    html = client.get("/en/bli-medlem/").content.decode()

    assert f'name="statement_version" value="{privacy_statement.pk}"' in html


def test_statement_link_opens_in_a_new_tab_so_the_form_keeps_what_was_typed(
    client, mesterhus, privacy_statement
):
    html = client.get("/en/bli-medlem/").content.decode()

    assert (
        f'<a href="{privacy_statement.get_absolute_url()}" target="_blank" rel="noopener">'
        f"the privacy statement (version {privacy_statement.version}, opens in a new tab)</a>"
    ) in html


def test_blank_form_links_to_a_newly_published_version_at_once(
    client, mesterhus, privacy_statement
):
    client.get("/bli-medlem/")  # the page and the version in force are now kept in memory
    newer = PrivacyStatement.objects.create(
        version="2025-06-01",
        language="nb",
        title="Personvernerklæring",
        effective_date=datetime.date(2025, 6, 1),
        body="# Personvernerklæring\n\n## Innledning\n\nNy versjon.\n",
    )
    newer.publish(by=None, allow_backdated=True)

    html = client.get("/bli-medlem/").content.decode()

    assert f'href="{newer.get_absolute_url()}"' in html
    assert f'name="statement_version" value="{newer.pk}"' in html
