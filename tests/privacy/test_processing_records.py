"""The records of processing activities (GDPR Art. 30) come from the registry and cover the
whole privacy statement; the privacy officer reads and downloads them in the admin."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from privacy.processing import processing_records
from privacy.registry import Category, Purpose
from privacy.statement_files import INITIAL_STATEMENT

URL = reverse("admin:privacy_processingrecord_changelist")


def statement_section(number: int) -> str:
    text = INITIAL_STATEMENT.read_text(encoding="utf-8")
    match = re.search(rf"^## {number}\. .*?(?=^## {number + 1}\. )", text, re.M | re.S)
    return match.group(0)


def statement_purposes() -> list[str]:
    """The purposes of the statement: the headings of section 2."""
    return re.findall(r"^### (.+)$", statement_section(2), re.M)


# What the statement says it processes (sections 2 and 7), and the category that covers it.
STATEMENT_DATA = {
    "navn": Category.IDENTITY,
    "telefonnummer": Category.CONTACT,
    "e-postadresse": Category.CONTACT,
    "kontaktopplysninger": Category.CONTACT,
    "atferdsmønster": Category.USAGE,
    "informasjonskapsler": Category.USAGE,
    "faktura": Category.INVOICING,
    "betaling": Category.INVOICING,
    "IP-adresse": Category.TECHNICAL,
}

# Whom the statement is addressed to (section 1).
STATEMENT_SUBJECTS = ["Forbrukere", "datterselskaper", "medlemsbedrifter", "Samarbeidspartnere"]


def test_the_record_lists_every_purpose_of_the_statement_with_its_legal_basis():
    purposes = statement_purposes()
    record = processing_records()

    assert len(purposes) == 6
    names = [activity["name"] for activity in record["activities"]]
    for purpose in purposes:
        assert purpose in names
    bases = {a["name"]: " ".join(a["legal_bases"]) for a in record["activities"]}
    assert "bokstav b" in bases["Registrering og innsending av skjema"]
    assert "bokstav f" in bases["Analyse, utvikling og tilpasning av de Digitale Tjenestene"]
    assert "bokstav c" in bases["Overholdelse av lovpålagte plikter"]
    # Every purpose an app can declare is one the statement names: a heading of section 2,
    # staff administration (section 1), or one based on consent (sections 5 and 7).
    statement_or_staff = [
        *purposes,
        str(Purpose.STAFF_ADMINISTRATION.label),
        str(Purpose.NEWS.label),
        str(Purpose.VOLUNTARY_COOKIES.label),
    ]
    assert sorted(names) == sorted(statement_or_staff)


def test_the_record_lists_the_purposes_based_on_consent_and_what_they_keep():
    activities = {a["purpose"]: a for a in processing_records()["activities"]}
    on_consent = [
        p for p, a in activities.items() if any("bokstav a" in b for b in a["legal_bases"])
    ]

    assert sorted(on_consent) == ["news", "voluntary_cookies"]
    news = activities["news"]
    assert news["in_use"]
    assert news["legal_bases"] == ["GDPR art. 6 nr. 1 bokstav a (samtykke)"]
    kept = " ".join(field for c in news["data_categories"] for field in c["fields"])
    assert "e-post (samtykke)" in kept
    assert any(r["model"] == "privacy.ConsentRecord" for r in news["retention"])
    assert activities["voluntary_cookies"]["in_use"]
    # The statement promises both: the newsletter's withdrawal (section 5), the cookie panel (7).
    assert "nyhetsbrev" in statement_section(5)
    assert "cookies-panelet" in statement_section(7)


def test_the_record_lists_every_category_of_personal_data_the_statement_names():
    record = processing_records()
    category_names = {c["category"]: c["name"] for c in record["data_categories"]}

    for word, category in STATEMENT_DATA.items():
        assert word.lower() in category_names[category.value].lower(), word
    # Every category the registry knows is in the record, used or not.
    assert set(category_names) == {c.value for c in Category if c != Category.NOT_PERSONAL}


def test_the_record_lists_every_group_of_people_the_statement_addresses():
    subject_names = " ".join(s["name"] for s in processing_records()["subject_categories"])

    for group in STATEMENT_SUBJECTS:
        assert group in subject_names


def test_the_record_is_generated_from_the_declarations():
    record = processing_records()
    staff = next(a for a in record["activities"] if a["purpose"] == "staff_administration")
    contact = next(c for c in staff["data_categories"] if c["category"] == "contact")

    # Fields are named in words, not as Python paths.
    email = str(get_user_model()._meta.get_field("email").verbose_name)
    assert f"{email} (bruker)" in contact["fields"]
    assert not any("auth.User" in field for field in contact["fields"])
    assert staff["in_use"]
    assert any(rule["model"] == "auth.User" for rule in staff["retention"])
    invoicing = next(a for a in record["activities"] if a["purpose"] == "invoicing")
    assert not invoicing["in_use"]  # no model here is declared for invoicing
    assert record["controller"]["name"] == "Mestergruppen AS"
    assert record["controller"]["org_number"] == "928 050 475"
    assert record["third_country_transfers"].startswith("Ingen")
    assert record["security_measures"]


@pytest.mark.django_db
def test_privacy_officer_reads_the_record_in_the_admin(client, privacy_officer):
    client.force_login(privacy_officer)

    index = client.get(reverse("admin:index"))
    page = client.get(URL)

    assert URL in index.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    for purpose in statement_purposes():
        assert purpose in html
    assert "Nyheter på e-post" in html and "bokstav a (samtykke)" in html
    assert "Mestergruppen AS" in html and "928 050 475" in html


@pytest.mark.django_db
def test_staff_without_the_permission_cannot_see_the_record(client, central_staff):
    client.force_login(central_staff)

    assert URL not in client.get(reverse("admin:index")).content.decode()
    assert client.get(URL).status_code == 403
    download = reverse("admin:privacy_processingrecord_download", args=["csv"])
    assert client.get(download).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_privacy_officer_downloads_the_record_as_json_and_csv(client, privacy_officer):
    client.force_login(privacy_officer)

    as_json = client.get(reverse("admin:privacy_processingrecord_download", args=["json"]))
    as_csv = client.get(reverse("admin:privacy_processingrecord_download", args=["csv"]))
    unknown = client.get(reverse("admin:privacy_processingrecord_download", args=["xlsx"]))

    assert as_json["Content-Type"].startswith("application/json")
    assert "attachment" in as_json["Content-Disposition"]
    data = json.loads(as_json.content)
    assert [a["name"] for a in data["activities"]][:6] == statement_purposes()
    assert as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Behandlingsansvarlig", "Mestergruppen AS"]
    purposes_in_csv = [row[0] for row in rows[5:]]
    assert purposes_in_csv[:6] == statement_purposes()
    on_consent = {row[0] for row in rows[5:] if "bokstav a (samtykke)" in row[1]}
    assert on_consent == {
        "Nyheter på e-post",
        "Frivillige informasjonskapsler (statistikk og markedsføring)",
    }
    assert unknown.status_code == 404
