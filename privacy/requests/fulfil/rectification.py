"""Rectification (Art. 16): the officer corrects what the apps declared correctable; the apps
keep their own history, and the recipients are told (Art. 19)."""

from __future__ import annotations

from django.db import models, transaction

from privacy.models import AccessAction, DataSubjectRequest, RequestActionKind, RequestRight
from privacy.requests.fulfil.reporting import log_step, recipients_of, tell_recipients
from privacy.requests.hooks import Rectifiable, rectifiable
from privacy.requests.letters import letter_queue
from privacy.requests.records import request_records
from privacy.requests.services import record_action, request_handle_right, request_start


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
    recipients = recipients_of(request)
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
    log_step(request, by, AccessAction.CHANGED, "rectify", fields=corrected)
    tell_recipients(request, recipients, operation="rectification", by=by)
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
