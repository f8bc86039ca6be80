"""Objection (Art. 21) and withdrawal of consent (Art. 7(3)): an objection to direct marketing
and a withdrawal both turn the news consent off; any other objection is weighed and decided."""

from __future__ import annotations

from django.db import transaction

from privacy.consents import ConsentSource, news_consent_withdraw
from privacy.models import AccessAction, DataSubjectRequest, RequestActionKind, RequestRight
from privacy.requests.fulfil.reporting import log_step
from privacy.requests.letters import letter_queue
from privacy.requests.records import verified_subject
from privacy.requests.services import record_action, request_handle_right, request_start


def _withdraw_news_consent(
    request: DataSubjectRequest, source: str = ConsentSource.DATA_SUBJECT_REQUEST
) -> int:
    """The same withdrawal as the unsubscribe link's: the consent register records it (the
    proof that it was honoured) and every app's copy is turned off, on the records found by
    the confirmed address, and by the phone once the officer has confirmed it is the
    person's. A minimised request has no address left, so nothing to withdraw."""
    verified = verified_subject(request)
    if not verified.email:
        return 0
    return news_consent_withdraw(verified.email, phone=verified.phone, source=source)


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
    log_step(request, by, AccessAction.CHANGED, "object")
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
def request_fulfil_withdrawal(
    *, request: DataSubjectRequest, by, source: str = ConsentSource.DATA_SUBJECT_REQUEST
) -> int:
    """`source` says where the person withdrew, for the consent register's proof (a request,
    or «Mine data»)."""
    request_start(request=request, by=by)
    changed = _withdraw_news_consent(request, source)
    record_action(request, RequestActionKind.CONSENT_WITHDRAWN, by=by, consents=changed)
    log_step(request, by, AccessAction.CHANGED, "withdraw_consent")
    letter_queue(request, "withdrawn", by=by)
    request_handle_right(request, [RequestRight.WITHDRAW_CONSENT], by=by)
    return changed
