"""Leads as CSV and XLSX for staff, with spreadsheet formula injection neutralised.

What a person typed into the public form ends up in a spreadsheet on a staff member's machine.
A cell beginning with =, +, -, @ (or a tab or carriage return, which some programs skip before
looking for those) would be run as a formula; prefixing an apostrophe makes every spreadsheet
program show it as text (OWASP "CSV Injection").
"""

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Lead

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _columns() -> list[tuple[str, object]]:
    return [
        (_("Referanse"), lambda lead: lead.reference),
        (_("Mottatt"), lambda lead: f"{timezone.localtime(lead.received_at):%Y-%m-%d %H:%M}"),
        (_("Bedrift"), lambda lead: lead.company_name),
        (_("Organisasjonsnummer"), lambda lead: lead.org_number),
        (_("Kontaktperson"), lambda lead: lead.contact_name),
        (_("E-post"), lambda lead: lead.email),
        (_("Telefon"), lambda lead: lead.phone),
        (_("Fylke"), lambda lead: lead.get_county_display()),
        (
            _("Datterselskap"),
            lambda lead: lead.subsidiary.name if lead.subsidiary else _("Sentralt"),
        ),
        (_("Status"), lambda lead: lead.get_status_display()),
        (_("Saksbehandler"), lambda lead: lead.assignee.get_username() if lead.assignee else ""),
        (_("Melding"), lambda lead: lead.message),
    ]


def export_rows(leads: Iterable[Lead]) -> Iterator[list[str]]:
    columns = _columns()
    yield [title for title, _value in columns]
    for lead in leads:
        yield [neutralise(value(lead)) for _title, value in columns]


def export_queryset(queryset):
    """The rows to export, read in chunks with their subsidiary and assignee in one query."""
    return queryset.select_related("subsidiary", "assignee").iterator(chunk_size=2000)


def as_csv(leads: Iterable[Lead]) -> bytes:
    # UTF-8 with a byte order mark and semicolons: what Excel in Norway opens correctly.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(export_rows(leads))
    return buffer.getvalue().encode("utf-8")


def as_xlsx(leads: Iterable[Lead]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Henvendelser"))
    for row in export_rows(leads):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            # Stored as a string cell either way: openpyxl would otherwise turn a value that
            # begins with "=" into a formula.
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
