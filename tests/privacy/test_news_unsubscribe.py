"""News by email carries a signed one-click unsubscribe link (RFC 8058): a POST withdraws the
news consent at once and is recorded; a GET only asks (mail scanners open links); a link that
was altered, belongs to someone else's consent or was signed for something else does nothing."""

import re
import uuid

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from intake.models import Lead
from privacy.consents import (
    ConsentSource,
    news_consent_give,
    news_consent_in_force,
    news_consent_withdraw,
)
from privacy.models import ConsentRecord
from privacy.news import news_email, news_unsubscribe_token, news_unsubscribe_url
from privacy.services import subject_restrict

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def kari(make_lead):
    """Kari ticked the news box in the contact form: her lead and her consent."""
    lead = make_lead(email="kari@eksempel.no", wants_news=True)
    consent = news_consent_give(lead.email, source=ConsentSource.CONTACT_FORM, statement=None)
    return lead, consent


@pytest.fixture
def ola(make_lead):
    lead = make_lead(email="ola@eksempel.no", wants_news=True)
    consent = news_consent_give(lead.email, source=ConsentSource.CONTACT_FORM, statement=None)
    return lead, consent


@pytest.fixture
def mail_client():
    """What a mail provider's one-click POST looks like: no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True)


def path_of(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def test_a_one_click_post_withdraws_the_consent_unticks_the_lead_and_records_it(
    kari, ola, mail_client
):
    lead, consent = kari
    url = path_of(news_unsubscribe_url(consent))

    response = mail_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "Du er meldt av nyhetene" in response.content.decode()
    assert not news_consent_in_force("kari@eksempel.no")
    lead.refresh_from_db()
    assert lead.wants_news is False
    withdrawal = ConsentRecord.objects.news().for_email("kari@eksempel.no").newest_first()[0]
    assert (withdrawal.given, withdrawal.source) == (False, "unsubscribe_link")
    # Ola's consent is his own.
    assert news_consent_in_force("ola@eksempel.no")
    assert Lead.objects.get(pk=ola[0].pk).wants_news is True


def test_opening_the_link_only_shows_a_button_and_withdraws_nothing(kari, client):
    _lead, consent = kari
    url = path_of(news_unsubscribe_url(consent))

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Meld meg av" in html and 'method="post"' in html
    assert "kari@eksempel.no" not in html
    assert "no-store" in response["Cache-Control"]
    assert news_consent_in_force("kari@eksempel.no")
    assert ConsentRecord.objects.news().count() == 1


def test_the_button_withdraws_and_leads_to_a_confirmation_page(kari, mail_client):
    _lead, consent = kari
    url = path_of(news_unsubscribe_url(consent))

    response = mail_client.post(url, {"confirm": "1"}, follow=True)

    assert response.redirect_chain[-1][1] == 302
    assert "Du får ikke flere nyheter" in response.content.decode()
    assert not news_consent_in_force("kari@eksempel.no")


def test_after_withdrawing_the_link_says_so_and_a_second_click_changes_nothing_else(
    kari, mail_client
):
    _lead, consent = kari
    url = path_of(news_unsubscribe_url(consent))
    mail_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    html = mail_client.get(url).content.decode()
    mail_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    assert "allerede meldt av" in html
    assert not news_consent_in_force("kari@eksempel.no")


def tampered(token: str) -> str:
    value, signature = token.rsplit(":", 1)
    flipped = "A" if signature[-1] != "A" else "B"
    return f"{value}:{signature[:-1]}{flipped}"


def forged_tokens(kari_consent, ola_consent) -> dict[str, str]:
    kari_token = news_unsubscribe_token(kari_consent)
    kari_signature = kari_token.rsplit(":", 1)[1]
    return {
        "signature altered": tampered(kari_token),
        # Ola's consent id with the signature of Kari's link: someone else's consent.
        "another person's consent": f"{ola_consent.consent_id}:{kari_signature}",
        "signed under another salt": signing.Signer(salt="privacy.requests.confirm").sign(
            str(ola_consent.consent_id)
        ),
        "signed without a salt": signing.Signer().sign(str(ola_consent.consent_id)),
        "unsigned": str(ola_consent.consent_id),
        "a made-up consent id": signing.Signer(salt="privacy.news.unsubscribe").sign(
            str(uuid.uuid4())
        ),
        "garbage": "x" * 5000,
    }


@pytest.mark.parametrize(
    "kind",
    [
        "signature altered",
        "another person's consent",
        "signed under another salt",
        "signed without a salt",
        "unsigned",
        "a made-up consent id",
        "garbage",
    ],
)
def test_a_forged_link_withdraws_nothing_and_says_the_link_does_not_work(
    kind, kari, ola, mail_client
):
    token = forged_tokens(kari[1], ola[1])[kind]
    url = f"/personvern/nyheter/avmeld/{token}/"

    post = mail_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")
    get = mail_client.get(url)

    assert post.status_code == get.status_code == 404
    assert "Lenken virker ikke" in post.content.decode()
    assert news_consent_in_force("kari@eksempel.no")
    assert news_consent_in_force("ola@eksempel.no")
    assert not ConsentRecord.objects.filter(given=False).exists()


def test_a_news_email_goes_only_to_a_person_whose_consent_is_in_force(kari, make_lead):
    make_lead(email="per@eksempel.no", wants_news=False)
    news_consent_give("siri@eksempel.no", source=ConsentSource.CONTACT_FORM, statement=None)
    news_consent_withdraw("siri@eksempel.no", source=ConsentSource.MINE_DATA)

    assert news_email("kari@eksempel.no", subject="Nytt", text="Hei") is not None
    assert news_email("per@eksempel.no", subject="Nytt", text="Hei") is None
    assert news_email("siri@eksempel.no", subject="Nytt", text="Hei") is None


def test_no_news_email_while_the_persons_processing_is_restricted(kari, privacy_officer):
    subject_restrict(email="kari@eksempel.no", by=privacy_officer, reason="Bestrider riktigheten")

    assert news_email("kari@eksempel.no", subject="Nytt", text="Hei") is None


@pytest.mark.smtp
def test_a_news_email_arrives_with_one_click_unsubscribe_headers_that_work(
    kari, smtp_server, mail_client
):
    message = news_email(
        "Kari@Eksempel.no", subject="Nytt fra Mestergruppen", text="Vi åpner i Ørsta."
    )
    message.send()

    [arrived] = smtp_server.messages
    assert arrived["To"] == "kari@eksempel.no"
    assert arrived["List-Unsubscribe-Post"] == ONE_CLICK
    header = re.fullmatch(r"<(?P<url>[^>]+)>", arrived["List-Unsubscribe"].strip())
    assert header is not None
    url = header["url"]
    assert url.startswith(f"{settings.SITE_URL}/personvern/nyheter/avmeld/")
    assert "kari" not in url.lower()  # the link names the consent, not the address
    text = arrived.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Vi åpner i Ørsta." in text and url in text
    assert url in arrived.get_body(("html",)).get_content()

    response = mail_client.post(
        path_of(url), ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not news_consent_in_force("kari@eksempel.no")
    assert news_email("kari@eksempel.no", subject="Nytt", text="Hei") is None


def test_an_english_news_email_links_to_the_english_page(kari, mail_client):
    message = news_email("kari@eksempel.no", subject="News", text="Hello", language="en")

    url = re.fullmatch(r"<([^>]+)>", message.extra_headers["List-Unsubscribe"])[1]
    assert path_of(url).startswith("/en/personvern/nyheter/avmeld/")
    page = mail_client.get(path_of(url)).content.decode()
    assert "Unsubscribe" in page


def test_a_link_sent_before_the_key_was_rotated_still_unsubscribes(kari, settings, mail_client):
    _lead, consent = kari
    url = path_of(news_unsubscribe_url(consent))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40

    response = mail_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert not news_consent_in_force("kari@eksempel.no")
