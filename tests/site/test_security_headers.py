import pytest

# Every public page asks which version of the cookie declaration is in force (the banner).
pytestmark = pytest.mark.django_db


def test_public_page_carries_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000  # what production sets; HSTS rides on HTTPS only

    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, settings):
    response = client.get("/", secure=True)
    # The language switch in the footer is a form, so every page sets the CSRF cookie.
    cookie = response.cookies["csrftoken"]

    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
