import pytest

from intake.models import County, RoutingRule, Subsidiary


@pytest.fixture
def superuser_client(client, site_admin):
    client.force_login(site_admin)
    return client


def test_admin_lists_subsidiaries_with_their_number_of_routing_rules(superuser_client, mesterhus):
    response = superuser_client.get("/admin/intake/subsidiary/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mesterhus" in html
    assert '<td class="field-rule_count">2</td>' in html


def test_admin_adds_a_subsidiary_with_a_county_rule(superuser_client):
    response = superuser_client.post(
        "/admin/intake/subsidiary/add/",
        {
            "name": "Blink Hus",
            "slug": "blink-hus",
            "description": "Hus og hytter.",
            "offered_in_form": "on",
            "position": "2",
            "default_email": "post@blinkhus.example",
            "routing_rules-TOTAL_FORMS": "1",
            "routing_rules-INITIAL_FORMS": "0",
            "routing_rules-0-county": County.TRONDELAG,
            "routing_rules-0-email": "midt@blinkhus.example",
        },
    )

    assert response.status_code == 302
    subsidiary = Subsidiary.objects.get(slug="blink-hus")
    assert subsidiary.recipients_for(County.TRONDELAG) == ["midt@blinkhus.example"]
    assert subsidiary.recipients_for(County.AGDER) == ["post@blinkhus.example"]
    assert RoutingRule.objects.count() == 1
