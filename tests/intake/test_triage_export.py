"""Exports of the lead list: CSV and Excel, formula injection neutralised, access logged."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x")', "+47 Bygg", "-2+3 AS", "@SUM(A1)", "\tTab AS", "\rCR AS"]


@pytest.fixture
def dangerous_leads(make_lead, subsidiary_blinkhus):
    return [make_lead(company_name=name, subsidiary=subsidiary_blinkhus) for name in DANGEROUS]


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_csv_export_neutralises_company_names_that_start_a_formula(
    client, subsidiary_user, dangerous_leads
):
    client.force_login(subsidiary_user)

    response = client.get(reverse("admin:intake_lead_export", args=["csv"]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    companies = sorted(row["Bedrift"] for row in csv_rows(response))
    assert companies == sorted("'" + name for name in DANGEROUS)


def test_xlsx_export_stores_formula_like_company_names_as_text(
    client, subsidiary_user, dangerous_leads
):
    client.force_login(subsidiary_user)

    response = client.get(reverse("admin:intake_lead_export", args=["xlsx"]))

    cells = [row["Bedrift"] for row in xlsx_rows(response)]
    # XML turns a bare carriage return into a line feed; what matters is the apostrophe.
    values = sorted(cell.value.replace("\n", "\r") for cell in cells)
    assert values == sorted("'" + name for name in DANGEROUS)
    assert {cell.data_type for cell in cells} == {"s"}  # strings, never formulas ("f")


def test_export_follows_the_filter_and_search_on_screen(client, central_staff, make_lead):
    make_lead(company_name="Ny Bygg AS")
    make_lead(company_name="Ny Snekker AS")
    make_lead(company_name="Ferdig Bygg AS", status="became_member")
    client.force_login(central_staff)

    response = client.get(
        reverse("admin:intake_lead_export", args=["csv"]), {"status__exact": "new", "q": "bygg"}
    )

    assert [row["Bedrift"] for row in csv_rows(response)] == ["Ny Bygg AS"]


def test_export_is_logged_with_who_how_many_and_which_filter(client, central_staff, make_lead):
    make_lead()
    make_lead()
    client.force_login(central_staff)

    client.get(reverse("admin:intake_lead_export", args=["xlsx"]), {"status__exact": "new"})

    record = AccessRecord.objects.get()
    assert (record.actor, record.action) == (central_staff, AccessAction.EXPORTED)
    assert record.detail == {"rader": 2, "format": "xlsx", "utvalg": "status__exact=new"}


def test_export_larger_than_the_limit_is_refused_with_a_message(
    client, central_staff, make_lead, settings
):
    settings.LEAD_EXPORT_MAX_ROWS = 1
    make_lead()
    make_lead()
    client.force_login(central_staff)

    response = client.get(reverse("admin:intake_lead_export", args=["csv"]), follow=True)

    assert "en eksport kan ha høyst 1" in response.content.decode()
    assert not AccessRecord.objects.exists()


def test_export_of_selected_rows_as_an_action(client, central_staff, make_lead):
    chosen, _other = make_lead(company_name="Valgt AS"), make_lead(company_name="Ikke AS")
    client.force_login(central_staff)

    response = client.post(
        reverse("admin:intake_lead_changelist"),
        {"action": "export_csv", "index": 0, "_selected_action": [chosen.pk]},
    )

    assert [row["Bedrift"] for row in csv_rows(response)] == ["Valgt AS"]
    assert AccessRecord.objects.get().detail["rader"] == 1
