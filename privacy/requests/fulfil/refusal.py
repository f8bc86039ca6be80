"""Refusal (Art. 12(4)): grounds recorded, and the person told they may complain to
Datatilsynet."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from privacy.models import DataSubjectRequest, RequestActionKind, RequestStatus
from privacy.requests.letters import letter_queue
from privacy.requests.services import record_action, request_start


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
