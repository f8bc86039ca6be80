"""What a person does from «Mine data», each through the data-subject request workflow.

The link proved control of the address, which is what the confirmation link of an ordinary
request proves (Art. 12(6)), so each action is a confirmed request of that address:

- the copy: a request for access, answered at once with the same ZIP the officer sends;
- withdrawing the news consent: a withdrawal, carried out at once;
- erasure: carried out at once after the person has seen the same preview the officer sees
  (records a legal hold protects are kept, and the preview says why); when the address also
  belongs to a staff account, the privacy officer decides instead;
- rectification, restriction and objection: confirmed requests the officer answers within
  the deadline, since each needs a person's judgement.

Every request, letter and record of what was done is the workflow's own; the access log names
the person as the one who looked and downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from privacy.audit import record_access
from privacy.consents import ConsentSource
from privacy.mine_data.overview import THE_PERSON
from privacy.models import (
    AccessAction,
    DataSubjectRequest,
    RequestActionKind,
    RequestRight,
    RequestStatus,
)
from privacy.models.requests import subject_digest
from privacy.registry import registry
from privacy.requests.export import build_export
from privacy.requests.fulfil import (
    ErasurePreview,
    request_erasure_preview,
    request_fulfil_erasure,
    request_fulfil_withdrawal,
)
from privacy.requests.services import record_action, request_confirm, request_handle_right
from privacy.services import Outcome

VIA = "mine_data"
# Rights the officer answers; the others «Mine data» carries out at once.
ASKED_RIGHTS = (RequestRight.RECTIFICATION, RequestRight.RESTRICTION, RequestRight.OBJECTION)


def _log(request: DataSubjectRequest, action: str, operation: str, **detail) -> None:
    record_access(
        actor=THE_PERSON,
        action=action,
        obj=request,
        label=request.reference,
        detail={
            "by": "data_subject",
            "via": VIA,
            "request": request.reference,
            "operation": operation,
            "subject": subject_digest(request.email),
            **detail,
        },
    )


def _received(*, email: str, rights, language: str, details: str = "") -> DataSubjectRequest:
    request = DataSubjectRequest.objects.create(
        rights=[str(right) for right in rights], email=email, details=details, language=language
    )
    record_action(request, RequestActionKind.RECEIVED, rights=request.rights, via=VIA)
    return request


@transaction.atomic
def _carried_out_at_once(*, email: str, rights, language: str) -> DataSubjectRequest:
    """A request confirmed by the proven address and answered in the same moment: no
    confirmation letter, no joining (there is nothing left for anyone to wait for)."""
    request = _received(email=email, rights=rights, language=language)
    request.status = RequestStatus.CONFIRMED
    request.confirmed_at = timezone.now()
    request.save(update_fields=["status", "confirmed_at"])
    record_action(request, RequestActionKind.CONFIRMED, note="«Mine data»", via=VIA)
    return request


def download_copy(*, email: str, language: str) -> tuple[DataSubjectRequest, bytes]:
    """The access copy, built now: (the answered request, the ZIP's bytes)."""
    request = _carried_out_at_once(email=email, rights=[RequestRight.ACCESS], language=language)
    # Built outside a transaction so that, on PostgreSQL, the export reads one snapshot.
    content, total = build_export(request)
    with transaction.atomic():
        record_action(request, RequestActionKind.EXPORTED, records=total, via=VIA)
        record_action(request, RequestActionKind.DOWNLOADED, download=1, via=VIA)
        _log(request, AccessAction.EXPORTED, "export", records=total)
        request_handle_right(request, [RequestRight.ACCESS], by=None)
    return request, content


@transaction.atomic
def withdraw_news_consent(*, email: str, language: str) -> int:
    """Withdraw the news consent wherever the address's records keep it; how many changed."""
    request = _carried_out_at_once(
        email=email, rights=[RequestRight.WITHDRAW_CONSENT], language=language
    )
    changed = request_fulfil_withdrawal(request=request, by=None, source=ConsentSource.MINE_DATA)
    _log(request, AccessAction.CHANGED, "withdraw_consent", consents=changed)
    return changed


@transaction.atomic
def ask(*, email: str, right: str, details: str, language: str) -> DataSubjectRequest:
    """A confirmed request for the privacy officer (it may join an open one of the same
    address and right, as a confirmed link would); the person gets the usual letter."""
    if right not in ASKED_RIGHTS and right != RequestRight.ERASURE:
        raise ValueError(f"{right} is not asked for through «Mine data»")
    request = _received(email=email, rights=[right], language=language, details=details)
    return request_confirm(reference=request.reference).request


def erasure_preview(*, email: str) -> ErasurePreview:
    """What an erasure would delete, anonymise and keep: the officer's preview, run on the
    proven address and rolled back."""
    return request_erasure_preview(request=DataSubjectRequest(email=email))


@dataclass
class ErasureOutcome:
    request: DataSubjectRequest
    done: bool  # False: left to the privacy officer


def erase(*, email: str, language: str) -> ErasureOutcome:
    """Erase now, unless the address is also a staff account's (then the officer decides)."""
    if erasure_preview(email=email).staff_accounts:
        request = ask(email=email, right=RequestRight.ERASURE, details="", language=language)
        return ErasureOutcome(request=request, done=False)
    with transaction.atomic():
        request = _carried_out_at_once(
            email=email, rights=[RequestRight.ERASURE], language=language
        )
        _log(request, AccessAction.CHANGED, "erase")
        request_fulfil_erasure(request=request, by=None)
    return ErasureOutcome(request=request, done=True)


@dataclass(frozen=True)
class PreviewLine:
    """One kind of record and what an erasure does to it, as the person reads it."""

    name: str
    action: str
    count: int
    reasons: tuple[str, ...]


ACTION_WORDS = {
    Outcome.DELETED: gettext_lazy("slettes"),
    Outcome.ANONYMISED: gettext_lazy("anonymiseres: det som peker på deg, fjernes"),
    Outcome.KEPT: gettext_lazy("beholdes"),
}


def preview_lines(preview: ErasurePreview) -> list[PreviewLine]:
    grouped: dict[tuple[str, str], list] = {}
    for outcome in preview.report.outcomes:
        grouped.setdefault((outcome.model, outcome.action), []).append(outcome)
    lines = []
    for (label, action), outcomes in grouped.items():
        declaration = registry.get(label)
        reasons = tuple(dict.fromkeys(str(o.reason) for o in outcomes if o.reason))
        lines.append(
            PreviewLine(
                name=declaration.display_name if declaration else label,
                action=str(ACTION_WORDS.get(action, action)),
                count=len(outcomes),
                reasons=reasons,
            )
        )
    return lines
