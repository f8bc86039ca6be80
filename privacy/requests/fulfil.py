"""Carrying out a right, each as one service the admin calls: the change, its record on the
request (who, what, when), the access log entry under the request's reference, the letter to
the person and, for rectification, erasure and restriction, the notices to those who
received the data (Art. 19).

    request_fulfil_access(request=request, by=officer)
    preview = request_erasure_preview(request=request)
    request_fulfil_erasure(request=request, by=officer)
    request_fulfil_restriction(request=request, by=officer, reason="...")
    request_refuse(request=request, by=officer, reason="...")
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from privacy.audit import record_access
from privacy.models import (
    AccessAction,
    DataSubjectRequest,
    MessageStatus,
    RequestActionKind,
    RequestExport,
    RequestRight,
    RequestStatus,
)
from privacy.requests.export import build_export
from privacy.requests.hooks import (
    Recipient,
    Rectifiable,
    recipients_for,
    rectifiable,
    withdraw_news_consent,
)
from privacy.requests.letters import letter_language, letter_queue, link
from privacy.requests.outbox import NOT_TO_THE_PERSON
from privacy.requests.records import request_records, verified_subject
from privacy.requests.services import record_action, request_handle_right, request_start
from privacy.services import (
    ErasureReport,
    is_restricted,
    subject_erase,
    subject_lift_restriction,
    subject_restrict,
)

EXPORT_VALID_FOR = timedelta(days=14)
EXPORT_MAX_DOWNLOADS = 3


def _log(request: DataSubjectRequest, by, action: str, operation: str, **detail) -> None:
    record_access(
        actor=by,
        action=action,
        obj=request,
        label=request.reference,
        detail={"request": request.reference, "operation": operation, **detail},
    )


def _recipients(request: DataSubjectRequest) -> list[Recipient]:
    records = request_records(request).verified
    return recipients_for({group.declaration.model: group.rows for group in records.groups})


def _tell_recipients(request, recipients: list[Recipient], *, operation: str, by) -> None:
    """Art. 19: each subsidiary that received the person's leads is told, in Norwegian."""
    operations = {
        "rectification": ("Retting", "rett opplysningene slik personen har bedt om."),
        "erasure": ("Sletting", "slett e-posten med henvendelsen og alt dere har lagret om den."),
        "restriction": (
            "Begrensning",
            "lagre opplysningene, men ikke bruk dem eller ta kontakt før vi gir beskjed.",
        ),
    }
    title, instruction = operations[operation]
    for recipient in recipients:
        letter_queue(
            request,
            "recipient-notice",
            by=by,
            recipient=recipient.email,
            language="nb",
            operation=title,
            instruction=instruction,
            lead_reference=recipient.reference,
            recipient_name=recipient.name,
        )
    if recipients:
        record_action(
            request,
            RequestActionKind.RECIPIENTS_TOLD,
            by=by,
            operation=operation,
            recipients=[r.name for r in recipients],
        )


# --- Access and portability (Art. 15, 20) ----------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_export(token: str) -> RequestExport | None:
    if not token or len(token) > 100:
        return None
    return RequestExport.objects.filter(token_hash=_token_hash(token)).first()


def request_fulfil_access(*, request: DataSubjectRequest, by, note: str = "") -> RequestExport:
    """Build the ZIP (one snapshot), keep it for a limited time and number of downloads,
    and send the person the link."""
    content, total = build_export(request)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        request_start(request=request, by=by)
        export = RequestExport.objects.create(
            request=request,
            token_hash=_token_hash(token),
            content=content,
            filename=f"{request.reference}.zip",
            expires_at=timezone.now() + EXPORT_VALID_FOR,
            max_downloads=EXPORT_MAX_DOWNLOADS,
        )
        language = letter_language(request)
        with translation.override(language):
            expires = date_format(timezone.localtime(export.expires_at), "DATE_FORMAT")
        letter_queue(
            request,
            "access",
            by=by,
            link=link(reverse("privacy:request_download", args=[token]), language),
            expires=expires,
            downloads=export.max_downloads,
            note=note.strip(),
        )
        record_action(request, RequestActionKind.EXPORTED, by=by, records=total)
        _log(request, by, AccessAction.EXPORTED, "export", records=total)
        request_handle_right(request, [RequestRight.ACCESS, RequestRight.PORTABILITY], by=by)
    return export


@transaction.atomic
def export_download(*, export: RequestExport) -> bytes | None:
    """Count one download and return the file, or None when the link is used up, expired
    or removed."""
    export = RequestExport.objects.select_for_update().get(pk=export.pk)
    if not export.is_available:
        return None
    export.downloads += 1
    export.save(update_fields=["downloads"])
    record_action(export.request, RequestActionKind.DOWNLOADED, download=export.downloads)
    return bytes(export.content)


# --- Erasure (Art. 17) -----------------------------------------------------------------------


@dataclass
class ErasurePreview:
    report: ErasureReport
    recipients: list[Recipient]
    staff_accounts: int  # staff accounts sharing the address: the officer must look at them


def _erase(request: DataSubjectRequest, by) -> ErasureReport:
    return subject_erase(**verified_subject(request).as_kwargs(), by=by)


def request_erasure_preview(*, request: DataSubjectRequest) -> ErasurePreview:
    """What an erasure would delete, anonymise and keep, and why: the erasure itself, run
    and rolled back, so the preview can never disagree with what the registry would do."""
    recipients = _recipients(request)
    with transaction.atomic():
        report = _erase(request, by=None)
        transaction.set_rollback(True)
    user_label = get_user_model()._meta.label
    staff = sum(1 for outcome in report.outcomes if outcome.model == user_label)
    return ErasurePreview(report=report, recipients=recipients, staff_accounts=staff)


def _kept_reasons(report: ErasureReport) -> list[str]:
    reasons: list[str] = []
    for outcome in report.kept:
        if outcome.reason and outcome.reason not in reasons:
            reasons.append(outcome.reason)
    return reasons


@transaction.atomic
def request_fulfil_erasure(*, request: DataSubjectRequest, by, note: str = "") -> ErasureReport:
    """Erase in one transaction; tell the recipients and the person; then the request keeps
    only what documents the answer (the address goes once the letter is sent)."""
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    request_start(request=request, by=by)
    recipients = _recipients(request)
    report = _erase(request, by=by)
    record_action(
        request,
        RequestActionKind.ERASED,
        by=by,
        deleted=len(report.deleted),
        anonymised=len(report.anonymised),
        kept=len(report.kept),
    )
    _log(
        request,
        by,
        AccessAction.CHANGED,
        "erase",
        deleted=len(report.deleted),
        anonymised=len(report.anonymised),
        kept=len(report.kept),
    )
    _tell_recipients(request, recipients, operation="erasure", by=by)
    letter_queue(
        request,
        "erasure-done",
        by=by,
        deleted=len(report.deleted),
        anonymised=len(report.anonymised),
        kept_count=len(report.kept),
        kept_reasons=_kept_reasons(report),
        recipients=sorted({r.name for r in recipients}),
        note=note.strip(),
    )
    request_handle_right(request, [RequestRight.ERASURE], by=by)
    request_minimise(request)
    return report


def request_minimise(request: DataSubjectRequest) -> None:
    """Keep the request as documentation without the person's address, phone or words; the
    keyed digest still matches a later complaint about the same address."""
    request.email = ""
    request.phone = ""
    request.details = ""
    request.save(update_fields=["email", "phone", "details"])
    # Letters already sent need their address no more; those still waiting keep it until
    # they are sent (the outbox forgets it then).
    request.messages.exclude(kind__in=NOT_TO_THE_PERSON).exclude(
        status__in=[MessageStatus.WAITING, MessageStatus.SENDING]
    ).update(recipient="")


# --- Restriction (Art. 18) -------------------------------------------------------------------


@transaction.atomic
def request_fulfil_restriction(
    *, request: DataSubjectRequest, by, reason: str, note: str = ""
) -> None:
    request_start(request=request, by=by)
    subject_restrict(**verified_subject(request).as_kwargs(), by=by, reason=reason)
    recipients = _recipients(request)
    record_action(request, RequestActionKind.RESTRICTED, by=by, note=reason)
    _log(request, by, AccessAction.CHANGED, "restrict")
    _tell_recipients(request, recipients, operation="restriction", by=by)
    letter_queue(
        request,
        "restricted",
        by=by,
        recipients=sorted({r.name for r in recipients}),
        note=note.strip(),
    )
    request_handle_right(request, [RequestRight.RESTRICTION], by=by)


def restriction_active(request: DataSubjectRequest) -> bool:
    verified = verified_subject(request)
    return bool(verified.email or verified.phone) and is_restricted(**verified.as_kwargs())


def lift_notice_sent(request: DataSubjectRequest) -> bool:
    """Art. 18(3): the person is told before the restriction is lifted, so lifting waits
    until the notice has actually gone out."""
    notified = request.actions.filter(kind=RequestActionKind.LIFT_NOTIFIED).order_by("-at")
    latest = notified.first()
    if latest is None:
        return False
    return request.messages.filter(
        kind="restriction-ending", status=MessageStatus.SENT, created_at__gte=latest.at
    ).exists()


@transaction.atomic
def request_notify_restriction_lift(*, request: DataSubjectRequest, by, reason: str) -> None:
    if not reason.strip():
        raise ValueError("the person is told why the restriction is lifted")
    record_action(request, RequestActionKind.LIFT_NOTIFIED, by=by, note=reason.strip())
    letter_queue(request, "restriction-ending", by=by, reason=reason.strip())


@transaction.atomic
def request_lift_restriction(*, request: DataSubjectRequest, by) -> int:
    if not lift_notice_sent(request):
        raise ValueError("the person has not been told yet (Art. 18(3))")
    lifted = subject_lift_restriction(**verified_subject(request).as_kwargs(), by=by)
    record_action(request, RequestActionKind.RESTRICTION_LIFTED, by=by, restrictions=lifted)
    _log(request, by, AccessAction.CHANGED, "lift_restriction")
    return lifted


# --- Rectification (Art. 16) -----------------------------------------------------------------


def rectifiable_rows(request: DataSubjectRequest) -> list[tuple[Rectifiable, models.Model]]:
    """The person's verified records the officer may correct, with what the app declared."""
    found = []
    for group in request_records(request).verified.groups:
        declared = rectifiable(group.declaration.model)
        if declared is not None:
            found.extend((declared, row) for row in group.rows)
    return found


@transaction.atomic
def request_fulfil_rectification(
    *, request: DataSubjectRequest, by, changes: dict[tuple[str, str], dict[str, str]], note=""
) -> list[str]:
    """Correct the records as the officer typed (`changes` by (model label, pk)); the apps
    keep their own history; recipients and the person are told. ValueError (nothing saved)
    for a value that cannot be stored."""
    request_start(request=request, by=by)
    recipients = _recipients(request)
    corrected: list[str] = []
    for declared, row in rectifiable_rows(request):
        wanted = changes.get((row._meta.label, str(row.pk)))
        if not wanted:
            continue
        for name in declared.apply(row, dict(wanted), by):
            label = str(row._meta.get_field(name).verbose_name)
            if label not in corrected:
                corrected.append(label)
    if not corrected:
        raise ValueError("nothing was changed")
    record_action(request, RequestActionKind.RECTIFIED, by=by, fields=corrected)
    _log(request, by, AccessAction.CHANGED, "rectify", fields=corrected)
    _tell_recipients(request, recipients, operation="rectification", by=by)
    letter_queue(
        request,
        "rectified",
        by=by,
        fields=corrected,
        recipients=sorted({r.name for r in recipients}),
        note=note.strip(),
    )
    request_handle_right(request, [RequestRight.RECTIFICATION], by=by)
    return corrected


# --- Refusal (Art. 12(4)) --------------------------------------------------------------------


@transaction.atomic
def request_refuse(*, request: DataSubjectRequest, by, reason: str) -> None:
    """Refuse with the grounds recorded (Art. 12(5): the burden of proof is ours) and the
    person told of their right to complain to Datatilsynet."""
    if not reason.strip():
        raise ValueError("a refusal needs its grounds")
    if request.status not in (RequestStatus.CONFIRMED, RequestStatus.IN_PROGRESS):
        raise ValueError("only a confirmed, open request can be refused")
    request_start(request=request, by=by)
    request.status = RequestStatus.REFUSED
    request.decision = reason.strip()
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "decision", "closed_at"])
    record_action(request, RequestActionKind.REFUSED, by=by, note=request.decision)
    letter_queue(request, "refused", by=by, reason=request.decision)


# --- Objection (Art. 21) and withdrawal of consent (Art. 7(3)) -------------------------------


def _withdraw_news_consent(request: DataSubjectRequest) -> int:
    """Turn off the news consent wherever the person's records keep it (declared by the apps
    through `hooks.declare_news_consent`). When the consent register `privacy.consents`
    lands, its `news_consent_withdraw(email=...)` records the withdrawal as proof here too."""
    records = request_records(request).verified
    return withdraw_news_consent({group.declaration.model: group.rows for group in records.groups})


@transaction.atomic
def request_fulfil_objection(
    *,
    request: DataSubjectRequest,
    by,
    direct_marketing: bool,
    upheld: bool = False,
    grounds: str = "",
) -> None:
    """An objection to direct marketing is absolute (Art. 21(3)): the news consent goes, no
    weighing. Any other objection is weighed (Art. 21(1)); the decision and its grounds are
    recorded and sent, since the burden of showing compelling grounds is ours."""
    request_start(request=request, by=by)
    if direct_marketing:
        changed = _withdraw_news_consent(request)
        decision = "Direkte markedsføring: protesten er tatt til følge (art. 21 nr. 3)."
        record_action(request, RequestActionKind.OBJECTION, by=by, note=decision, consents=changed)
    else:
        if not grounds.strip():
            raise ValueError("a decision on an objection needs its grounds")
        decision = grounds.strip()
        record_action(request, RequestActionKind.OBJECTION, by=by, note=decision, upheld=upheld)
    request.decision = decision
    request.save(update_fields=["decision"])
    _log(request, by, AccessAction.CHANGED, "object")
    letter_queue(
        request,
        "objection",
        by=by,
        direct_marketing=direct_marketing,
        upheld=upheld,
        grounds=grounds.strip(),
    )
    request_handle_right(request, [RequestRight.OBJECTION], by=by)


@transaction.atomic
def request_fulfil_withdrawal(*, request: DataSubjectRequest, by) -> int:
    request_start(request=request, by=by)
    changed = _withdraw_news_consent(request)
    record_action(request, RequestActionKind.CONSENT_WITHDRAWN, by=by, consents=changed)
    _log(request, by, AccessAction.CHANGED, "withdraw_consent")
    letter_queue(request, "withdrawn", by=by)
    request_handle_right(request, [RequestRight.WITHDRAW_CONSENT], by=by)
    return changed
