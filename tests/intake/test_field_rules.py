import pytest
from django_tasks_db.models import DBTaskResult

from intake.forms import is_valid_org_number
from intake.models import Delivery, Lead
from mestergruppen.forms import clean_text

INVALID_FIELDS = [
    ("contact_name", "", "Skriv inn navnet ditt."),
    ("contact_name", "Å" * 121, "Navnet kan ha høyst 120 tegn (det har 121)."),
    ("phone", "", "Skriv inn telefonnummeret ditt."),
    ("phone", "12345", "Skriv inn et gyldig telefonnummer"),
    ("phone", "ring meg", "Skriv inn et gyldig telefonnummer"),
    ("phone", "9" * 31, "Telefonnummeret kan ha høyst 30 tegn (det har 31)."),
    ("email", "", "Skriv inn e-postadressen din."),
    ("email", "ase@", "Skriv inn en gyldig e-postadresse, for eksempel navn@firma.no."),
    ("email", "ase@example.no\r\nBcc: x@example.no", "Skriv inn en gyldig e-postadresse"),
    # Addresses the outbox refuses or cannot reach: each used to end in a failed receipt and
    # an alert to the central inbox.
    ("email", "=?utf-8?q?=C3=A5se?=@example.no", "Skriv inn en gyldig e-postadresse"),
    ("email", "ase@localhost", "Skriv inn en gyldig e-postadresse"),
    ("email", "ase@kontor.localhost", "Skriv inn en gyldig e-postadresse"),
    ("email", "ase@[127.0.0.1]", "Skriv inn en gyldig e-postadresse"),
    ("email", "ase@[192.0.2.10]", "Skriv inn en gyldig e-postadresse"),
    ("company_name", "", "Skriv inn navnet på bedriften."),
    ("company_name", "B" * 151, "Bedriftsnavnet kan ha høyst 150 tegn (det har 151)."),
    ("org_number", "12345", "Organisasjonsnummeret har 9 sifre, for eksempel 928 050 475."),
    ("org_number", "92805047A", "Organisasjonsnummeret har 9 sifre"),
    ("org_number", "928 050 476", "Organisasjonsnummeret er ikke gyldig."),
    ("county", "", "Velg fylket der bedriften holder til."),
    ("county", "sor-trondelag", "Velg et fylke fra listen."),
    ("subsidiary", "", "Velg en kjede, eller «Usikker / annet»."),
    ("subsidiary", "999999", "Velg en kjede fra listen, eller «Usikker / annet»."),
    ("message", "m" * 3001, "Meldingen kan ha høyst 3000 tegn (den har 3001)."),
    ("privacy_acknowledged", None, "Bekreft at du har lest personvernerklæringen."),
]


@pytest.mark.parametrize(("field", "value", "message"), INVALID_FIELDS)
def test_invalid_field_shows_its_norwegian_message_and_stores_nothing(
    client, contact_form, field, value, message
):
    response = client.post("/bli-medlem/", contact_form(**{field: value}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Skjemaet har feil" in html
    assert message in html
    # The summary links to the field, and the field says it is invalid and why.
    anchor = f"id_{field}_0" if field == "subsidiary" else f"id_{field}"
    assert f'href="#{anchor}"' in html
    assert f'id="id_{field}_error"' in html
    at = html.index(f'id="{anchor}"')
    assert "aria-invalid" in html[at - 300 : at + 300]
    assert Lead.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_form_keeps_what_the_person_typed_when_it_has_errors(client, contact_form):
    response = client.post("/bli-medlem/", contact_form(phone="12345"))

    html = response.content.decode()
    assert 'value="Åse Ødegård"' in html
    assert 'value="12345"' in html
    assert "Vi er seks tømrere i Groruddalen." in html


def test_subsidiary_not_offered_in_the_form_cannot_be_chosen(client, contact_form, hidden_chain):
    response = client.post("/bli-medlem/", contact_form(subsidiary=str(hidden_chain.pk)))

    assert "Velg en kjede fra listen" in response.content.decode()
    assert Lead.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("91234567", "+4791234567"),
        ("+47 912 34 567", "+4791234567"),
        ("0047 22 33 44 55", "+4722334455"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_numbers_are_stored_in_e164(client, contact_form, typed, stored):
    client.post("/bli-medlem/", contact_form(phone=typed))

    assert Lead.objects.get().phone == stored


def test_email_with_an_international_domain_is_accepted_and_stored_lower_case(client, contact_form):
    client.post("/bli-medlem/", contact_form(email="Post@Blåbær-Bygg.NO"))

    assert Lead.objects.get().email == "post@blåbær-bygg.no"


def test_organisation_number_is_optional(client, contact_form):
    client.post("/bli-medlem/", contact_form(org_number=""))

    assert Lead.objects.get().org_number == ""


@pytest.mark.parametrize(
    "typed", ["NO 923 609 016 MVA", "923.609.016", "923 609 016", "923-609-016", "no923609016mva"]
)
def test_organisation_number_is_accepted_as_companies_write_it(client, contact_form, typed):
    response = client.post("/bli-medlem/", contact_form(org_number=typed))

    assert response.status_code == 302
    assert Lead.objects.get().org_number == "923609016"


def test_organisation_number_with_a_wrong_check_digit_is_not_valid_rather_than_unknown(
    client, contact_form
):
    html = client.post("/bli-medlem/", contact_form(org_number="NO 923 609 017 MVA")).content
    html = html.decode()

    assert "Organisasjonsnummeret er ikke gyldig." in html
    assert "finnes ikke" not in html
    assert Lead.objects.count() == 0


def test_name_and_company_lose_line_breaks_and_control_characters(client, contact_form):
    client.post(
        "/bli-medlem/",
        contact_form(
            contact_name="Åse\r\nBcc: spam@example.no",
            company_name="Bygg\x00 AS\u2028Subject: hei\x07",
        ),
    )

    lead = Lead.objects.get()
    assert lead.contact_name == "Åse Bcc: spam@example.no"
    assert lead.company_name == "Bygg AS Subject: hei"


def test_message_keeps_its_line_breaks_but_loses_control_characters(client, contact_form):
    client.post("/bli-medlem/", contact_form(message="Hei\r\n\r\n\r\n\r\nVi\x1b[31m er\tflere."))

    assert Lead.objects.get().message == "Hei\n\nVi[31m er flere."


def test_text_is_stored_in_unicode_nfc(client, contact_form):
    decomposed = "A\u030ase O\u0308degard"  # Å and Ö typed as letter + combining mark
    client.post("/bli-medlem/", contact_form(contact_name=decomposed))

    assert Lead.objects.get().contact_name == "\u00c5se \u00d6degard"


def test_clean_text_removes_every_control_character_but_keeps_newlines_in_multiline():
    assert clean_text("a\x01b\x7fc\x9fd") == "abcd"
    assert clean_text("a\nb", multiline=True) == "a\nb"
    assert clean_text("a\nb") == "a b"


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("928050475", True),  # Mestergruppen AS
        ("974760673", True),  # Brønnøysundregistrene
        ("923609016", True),  # Equinor ASA
        ("928050476", False),
        ("123456789", False),
        ("92805047", False),
    ],
)
def test_organisation_number_check_digit_is_mod_11(number, valid):
    assert is_valid_org_number(number) is valid
