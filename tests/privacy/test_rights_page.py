import pytest


@pytest.mark.django_db
def test_rights_page_explains_each_right_and_how_to_reach_the_privacy_officer(client, settings):
    response = client.get("/personvern/dine-rettigheter/")

    html = response.content.decode()
    assert response.status_code == 200
    for right in ["Innsyn", "Retting", "Sletting", "Dataportabilitet", "Begrensning", "Protest"]:
        assert f"<dt>{right}</dt>" in html
    assert f'href="mailto:{settings.PRIVACY_OFFICER_EMAIL}"' in html
    assert "Datatilsynet" in html
