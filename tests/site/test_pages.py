import pytest
from django.urls import path

# Every public page asks which version of the cookie declaration is in force (the banner).
pytestmark = pytest.mark.django_db


def test_home_page_is_norwegian_and_links_to_form_privacy_rights_and_cookie_settings(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert 'href="/bli-medlem/"' in html
    assert 'href="/personvern/"' in html
    assert 'href="/personvern/dine-rettigheter/"' in html
    assert 'href="/personvern/informasjonskapsler/#cookie-settings"' in html
    assert "Hopp til hovedinnholdet" in html


def test_english_version_lives_under_en(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_unknown_page_answers_404_in_norwegian(client):
    response = client.get("/finnes-ikke/")

    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def _explode(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _explode)]
handler500 = "mestergruppen.views.server_error"


@pytest.mark.urls("tests.site.test_pages")
def test_server_error_shows_a_norwegian_page_and_no_details(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Noe gikk galt hos oss" in html
    assert "boom" not in html


def _database_gone(request):
    from django.db import OperationalError

    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


urlpatterns += [path("database-gone/", _database_gone)]


@pytest.mark.urls("tests.site.test_pages")
def test_database_outage_asks_the_visitor_to_try_again_with_a_503(client):
    client.raise_request_exception = False

    response = client.get("/database-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Prøv igjen om litt" in html
    assert "send skjemaet på nytt" in html
    assert "5432" not in html
    assert "Noe gikk galt" not in html
