"""What «Mine data» shows: everything the registry finds through the proven address, as the
person reads it.

The apps say how their records read (`privacy.requests.hooks.declare_description`); privacy
adds what only it knows: a legal hold or a restriction in force, and the records of kinds no
app describes, each with its retention rule. Only the address is looked up, never a phone
number found on the records: a number shared with someone else must not open their leads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.audit import record_access
from privacy.consents import news_consent_in_force
from privacy.holds import held_pks
from privacy.models import (
    AccessAction,
    ConsentPurpose,
    ConsentRecord,
    DataSubjectRequest,
    LegalHold,
    MineDataLink,
    RequestAction,
    RequestExport,
    RequestMessage,
    RequestStatus,
    Restriction,
)
from privacy.models.requests import subject_digest
from privacy.requests.hooks import (
    Described,
    declare_description,
    described_elsewhere,
    description,
)
from privacy.services import SubjectRecords, subject_find


class ThePerson:
    """The access log's actor for what a person does with their own data: no staff account,
    and a name that says whose access it was."""

    pk = None

    def get_username(self) -> str:
        return "personen selv («Mine data»)"


THE_PERSON = ThePerson()


@dataclass(frozen=True)
class Shown:
    """One described record and whether a legal hold keeps it."""

    record: Described
    kind: str
    held: bool


@dataclass(frozen=True)
class OtherRecords:
    name: str
    count: int
    kept: str


@dataclass(frozen=True)
class HoldShown:
    basis: str
    until: datetime.date


@dataclass
class Overview:
    email: str
    records: SubjectRecords
    shown: list[Shown] = field(default_factory=list)
    other: list[OtherRecords] = field(default_factory=list)
    holds: list[HoldShown] = field(default_factory=list)
    restricted_since: datetime.datetime | None = None

    news_in_force: bool = False

    @property
    def has_news_consent(self) -> bool:
        """A news consent is in force: in the consent register, or on a record of an app."""
        return self.news_in_force or any(item.record.has_news_consent for item in self.shown)

    @property
    def is_empty(self) -> bool:
        return not (self.shown or self.other)


def overview_for(email: str, *, log: bool = True) -> Overview:
    """Everything found through `email`; with `log`, each record shown is written to the
    access log as the person's own view."""
    records = subject_find(email=email)
    overview = Overview(email=records.subject.email, records=records)
    today = timezone.localdate()
    # Holds are rare: one look whether any is in force spares the per-model conditions.
    holds_in_force = LegalHold.objects.active(today=today).exists()
    for group in records.groups:
        model = group.declaration.model
        if model is MineDataLink:  # the link of this very session (the page says so)
            continue
        described = description(model)
        if described is not None:
            held = held_pks(model, [row.pk for row in group.rows]) if holds_in_force else set()
            for item in described.describe(group.rows):
                overview.shown.append(
                    Shown(record=item, kind=group.declaration.display_name, held=item.pk in held)
                )
        elif not described_elsewhere(model):
            retention = group.declaration.retention
            overview.other.append(
                OtherRecords(
                    name=group.declaration.display_name,
                    count=len(group.rows),
                    kept=str(retention.description) if retention else "",
                )
            )
    if holds_in_force:
        overview.holds = [
            HoldShown(basis=hold.get_basis_display(), until=hold.retain_until)
            for hold in LegalHold.objects.active(today=today).filter(email=overview.email)
        ]
    overview.news_in_force = news_consent_in_force(overview.email)
    restriction = Restriction.objects.active().filter(email=overview.email).first()
    overview.restricted_since = restriction.placed_at if restriction else None
    if log:
        _log_view(overview)
    return overview


def _log_view(overview: Overview) -> None:
    digest = subject_digest(overview.email)
    rows = {
        (group.declaration.display_name, row.pk): row
        for group in overview.records.groups
        for row in group.rows
    }
    for item in overview.shown:
        row = rows.get((item.kind, item.record.pk))
        if row is not None:
            record_access(
                actor=THE_PERSON,
                action=AccessAction.VIEWED,
                obj=row,
                label=item.record.reference,
                detail={"by": "data_subject", "via": "mine_data", "subject": digest},
            )


# --- privacy's own records, described -----------------------------------------------------------

STATUS_WORDS = {
    RequestStatus.AWAITING_CONFIRMATION: gettext_lazy("Venter på at du bekrefter den"),
    RequestStatus.CONFIRMED: gettext_lazy("Mottatt, personvernrådgiveren svarer innen fristen"),
    RequestStatus.IN_PROGRESS: gettext_lazy("Personvernrådgiveren arbeider med den"),
    RequestStatus.COMPLETED: gettext_lazy("Besvart"),
    RequestStatus.REFUSED: gettext_lazy("Avslått, med begrunnelse i svaret"),
}


def describe_requests(rows) -> list[Described]:
    described = []
    for request in rows:
        facts = [
            (_("Hva du ba om"), ", ".join(request.right_labels())),
            (_("Status"), str(STATUS_WORDS.get(request.status, request.get_status_display()))),
        ]
        if request.status in (RequestStatus.CONFIRMED, RequestStatus.IN_PROGRESS):
            facts.append((_("Svarfrist"), _date(request.deadline)))
        if request.details:
            facts.append((_("Det du skrev"), request.details))
        described.append(
            Described(
                pk=request.pk,
                title=_("Forespørsel %(reference)s") % {"reference": request.reference},
                reference=request.reference,
                date=request.received_at,
                facts=tuple(facts),
                kept=_(
                    "Tre år etter at forespørselen ble besvart, som dokumentasjon på hvordan "
                    "vi ivaretok rettighetene dine."
                ),
            )
        )
    return described


def _date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


declare_description(
    DataSubjectRequest,
    describe_requests,
    covers=[RequestAction, RequestMessage, RequestExport],
)


def describe_consents(rows) -> list[Described]:
    """The news consent's history, newest first, as one record: what is in force now, and
    each choice with where it was made."""
    news = sorted(
        (row for row in rows if row.purpose == ConsentPurpose.NEWS),
        key=lambda row: row.recorded_at,
        reverse=True,
    )
    if not news:
        return []
    newest = news[0]
    return [
        Described(
            pk=newest.pk,
            title=_("Samtykke til nyheter på e-post"),
            reference=str(newest.consent_id),
            date=None,
            facts=((_("Nå"), _("Gitt") if newest.given else _("Ikke gitt")),),
            notes_title=_("Valgene dine"),
            notes=tuple(
                (
                    row.recorded_at,
                    (_("Gitt: %(where)s") if row.given else _("Trukket tilbake: %(where)s"))
                    % {"where": row.get_source_display()},
                )
                for row in news
            ),
            kept=_(
                "Så lenge samtykket gjelder, og deretter tre år som bevis på hva du valgte. "
                "Sletter du opplysningene, fjerner vi adressen fra dem."
            ),
            has_news_consent=newest.given,
        )
    ]


declare_description(ConsentRecord, describe_consents)
