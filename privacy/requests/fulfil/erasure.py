"""Erasure (Art. 17): a preview that is the real erasure rolled back, then the erasure in one
transaction, the recipients told (Art. 19), and the request minimised to what documents it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from privacy.models import (
    AccessAction,
    DataSubjectRequest,
    MessageStatus,
    RequestActionKind,
    RequestRight,
)
from privacy.requests.fulfil.reporting import log_step, recipients_of, tell_recipients
from privacy.requests.hooks import Recipient
from privacy.requests.letters import letter_queue
from privacy.requests.outbox import NOT_TO_THE_PERSON
from privacy.requests.records import request_records
from privacy.requests.services import record_action, request_handle_right, request_start
from privacy.services import ErasureReport, SubjectRecords, subject_erase


@dataclass
class ErasurePreview:
    report: ErasureReport
    recipients: list[Recipient]
    staff_accounts: int  # staff accounts sharing the address: the officer must look at them


def _erase(records: SubjectRecords, by) -> ErasureReport:
    """Exactly the request's verified records: those found only another way wait for the
    officer (`privacy.requests.records`)."""
    return subject_erase(records=records, by=by)


def request_erasure_preview(*, request: DataSubjectRequest) -> ErasurePreview:
    """What an erasure would delete, anonymise and keep, and why: the erasure itself, run
    and rolled back, so the preview can never disagree with what the registry would do."""
    records = request_records(request).verified
    recipients = recipients_of(request, records)
    with transaction.atomic():
        report = _erase(records, by=None)
        transaction.set_rollback(True)
    user_label = get_user_model()._meta.label
    staff = sum(1 for outcome in report.outcomes if outcome.model == user_label)
    return ErasurePreview(report=report, recipients=recipients, staff_accounts=staff)


def kept_reasons(report: ErasureReport) -> list[str]:
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
    records = request_records(request).verified
    recipients = recipients_of(request, records)
    report = _erase(records, by=by)
    record_action(
        request,
        RequestActionKind.ERASED,
        by=by,
        deleted=len(report.deleted),
        anonymised=len(report.anonymised),
        kept=len(report.kept),
    )
    log_step(
        request,
        by,
        AccessAction.CHANGED,
        "erase",
        deleted=len(report.deleted),
        anonymised=len(report.anonymised),
        kept=len(report.kept),
    )
    tell_recipients(request, recipients, operation="erasure", by=by)
    letter_queue(
        request,
        "erasure-done",
        by=by,
        deleted=len(report.deleted),
        anonymised=len(report.anonymised),
        kept_count=len(report.kept),
        kept_reasons=kept_reasons(report),
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
