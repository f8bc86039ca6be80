import pytest

from privacy.views.pages import COOKIES


@pytest.mark.django_db
def test_rights_page_explains_each_right_and_how_to_reach_the_privacy_officer(client, settings):
    response = client.get("/personvern/dine-rettigheter/")

    html = response.content.decode()
    assert response.status_code == 200
    for right in ["Innsyn", "Retting", "Sletting", "Dataportabilitet", "Begrensning", "Protest"]:
        assert f"<dt>{right}</dt>" in html
    assert f'href="mailto:{settings.PRIVACY_OFFICER_EMAIL}"' in html
    assert "Datatilsynet" in html


@pytest.mark.django_db
def test_statement_cookie_link_lands_on_the_cookie_list(client):
    response = client.get("/personvern/informasjonskapsler/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="cookie-settings"' in html
    for cookie in COOKIES:
        assert f"<code>{cookie['name']}</code>" in html


@pytest.mark.django_db
def test_every_cookie_the_site_sets_is_a_documented_necessary_one(client, central_staff):
    documented = {cookie["name"] for cookie in COOKIES}
    set_by_site: set[str] = set()

    for url in ["/", "/bli-medlem/", "/personvern/", "/personvern/dine-rettigheter/", "/en/"]:
        set_by_site |= set(client.get(url).cookies)
    set_by_site |= set(client.post("/i18n/setlang/", {"language": "en", "next": "/"}).cookies)
    client.force_login(central_staff)
    set_by_site |= set(client.get("/admin/").cookies)

    assert set_by_site, "the pages set no cookie at all: the test would prove nothing"
    assert set_by_site <= documented, set_by_site - documented
