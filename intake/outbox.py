"""The outbox: every email about a lead is a delivery row, sent by the worker's task.

The first part puts rows in the outbox and hands them to the worker (the contact form, lead
triage, the tracking webhooks and the sweep all go through it); the second is the worker's
side: send one row, retry it, report what fails, sweep up what a dead worker left.

Sending guarantee: at most once per delivery row. A row is claimed (status SENDING, attempt
counted, Message-ID fixed) and committed *before* the message goes to the email server, and
marked SENT after. A worker that dies between those two steps leaves the row in SENDING; it
is never sent again automatically. The sweep finds it, marks it FAILED with "outcome unknown"
and alerts the central inbox, and the provider's "delivered" webhook (matched by the
Message-ID we recorded before sending) corrects it if the email did arrive. The alternative,
at least once, would resend on every such crash; a subsidiary receiving a lead twice is
harmless but a receipt sent twice to a prospect is not, and a human looking at one alert is
cheap. The Message-ID stays the same across retries, so a receiving server that did get an
attempt we believed failed (a timeout after the data was sent) can drop the duplicate.

Erasure: erasing or anonymising a person settles their rows still waiting or sending (FAILED,
"not sent: erased"). The send itself happens under the row's lock after checking the row is
still SENDING, so an email whose person was erased after it was claimed is never sent.

Retries: exponential back-off from one minute, capped at eight hours, twelve attempts over
about 24 hours; each retry is a new task with `run_after`, written in the same transaction
that records the failed attempt.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.utils import make_msgid, parseaddr

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from intake.emails import build_message
from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead
from mestergruppen.email import safe_address
from mestergruppen.logging import redact
from privacy.services import is_restricted

logger = logging.getLogger(__name__)


class InvalidRecipient(ValueError):
    """The row's address is not one valid address (it could never be sent)."""


RESTRICTED_ERROR = (
    "Ikke sendt: behandlingen av personens opplysninger er begrenset (personvernforordningen "
    "art. 18)."
)

MAX_ATTEMPTS = 12
FIRST_RETRY_DELAY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=8)
# A task may start a little before the moment its row names (clocks of several workers, the
# database's rounding); earlier than this, another task owns the next attempt.
DUE_TOLERANCE = timedelta(seconds=30)
# Sending takes seconds (EMAIL_TIMEOUT bounds each step); a row in SENDING this long belongs
# to a worker that died.
SENDING_STALE_AFTER = timedelta(minutes=15)
# A waiting row this far past its due time has lost its task (or the workers are down).
OVERDUE_AFTER = timedelta(minutes=10)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes, at most 8 h."""
    return min(FIRST_RETRY_DELAY * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


# --- Putting rows in the outbox: the public face for the contact form, triage and webhooks -----


class DeliveryInFlight(Exception):
    """The delivery is waiting for the worker or being sent: starting it again could send it
    twice."""


def error_text(text: str) -> str:
    """What is kept of an error for staff: no addresses or phone numbers, bounded length."""
    return redact(" ".join(str(text).replace("\x00", " ").split()))[:500]


def _hand_to_worker(enqueue: Callable[[], object]) -> None:
    """Enqueue a task for a row being written in the current transaction.

    The database task backend writes the task row in that same transaction: both commit or
    neither does. Another backend (RQ on Redis) would let a worker start before the row is
    committed, so the task is enqueued once the transaction has committed; if that fails or
    the process dies in between, the row waits without a task and the outbox sweep enqueues
    it again (an error here must not undo or hide a lead that is already stored)."""
    if isinstance(send_delivery.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue, robust=True)


def delivery_enqueue(*, delivery: Delivery) -> None:
    """Hand a waiting delivery to the worker. Call it inside the transaction that wrote the
    delivery (see `_hand_to_worker`)."""
    delivery_id = delivery.pk
    _hand_to_worker(lambda: send_delivery.enqueue(delivery_id))


@transaction.atomic
def delivery_create(
    *, lead: Lead, kind: str, recipient: str, about: Delivery | None = None
) -> Delivery:
    """A new outbox row for `recipient`, enqueued in the same transaction."""
    delivery = Delivery.objects.create(lead=lead, kind=kind, recipient=recipient, about=about)
    delivery_enqueue(delivery=delivery)
    return delivery


@transaction.atomic
def delivery_restart(*, delivery: Delivery, by) -> Delivery:
    """Send a finished delivery again from the start, whatever became of it (a fixed address, a
    subsidiary that lost the email, a delivery that finally failed): attempts, error and
    Message-ID start afresh. Raises DeliveryInFlight while it is still waiting or being
    sent."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.is_in_flight:
        raise DeliveryInFlight(delivery.pk)
    delivery.set_status(DeliveryStatus.WAITING)
    delivery.attempts = 0
    delivery.last_error = ""
    delivery.next_attempt_at = None
    delivery.sent_at = None
    # A new Message-ID: receiving systems drop a message whose Message-ID they already have.
    delivery.message_id = ""
    delivery.provider_message_id = ""
    delivery.save()
    delivery_enqueue(delivery=delivery)
    logger.info(
        "Delivery queued again by staff",
        extra={"delivery_id": delivery.pk, "user_id": getattr(by, "pk", None)},
    )
    return delivery


def delivery_alert(*, about: Delivery) -> Delivery | None:
    """Tell the central inbox that `about` did not arrive, through the outbox (retried like
    any email). An alert that itself fails is logged, never alerted: no loop."""
    if about.kind == DeliveryKind.ALERT:
        logger.error(
            "An alert to the central inbox could not be delivered",
            extra={"delivery_id": about.pk, "status": about.status},
        )
        return None
    return delivery_create(
        lead=about.lead,
        kind=DeliveryKind.ALERT,
        recipient=settings.CENTRAL_INBOX_EMAIL,
        about=about,
    )


# --- The worker's side: claim, send, record, retry ------------------------------------------


def _message_id_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    try:
        return Address(addr_spec=address).domain or "mestergruppen.no"
    except (ValueError, IndexError):
        return "mestergruppen.no"


def _claim(delivery_id: int) -> Delivery | str:
    """Lock the row, check it should be sent now, and mark it SENDING; or say why not."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return "missing"
        if delivery.status != DeliveryStatus.WAITING:
            # Sent, being sent, or finished: a task that runs twice sends once.
            return f"skipped: {delivery.status}"
        if delivery.next_attempt_at and delivery.next_attempt_at > now + DUE_TOLERANCE:
            # A later retry is already scheduled; this is a duplicate task (e.g. the sweep's).
            return "skipped: not due"
        if delivery.kind != DeliveryKind.ALERT and is_restricted(
            email=delivery.lead.email, phone=delivery.lead.phone
        ):
            # GDPR Art. 18: restricted since the lead came in (a retry, a resend, a forward):
            # kept, but no longer routed. Staff see the reason on the delivery.
            delivery.set_status(DeliveryStatus.FAILED)
            delivery.next_attempt_at = None
            delivery.last_error = RESTRICTED_ERROR
            delivery.save()
            return "skipped: restricted"
        delivery.attempts += 1
        if not delivery.message_id:
            delivery.message_id = make_msgid(idstring="lead", domain=_message_id_domain())
        delivery.next_attempt_at = None
        delivery.set_status(DeliveryStatus.SENDING)
        delivery.save()
    return delivery


def _provider_message_id(message) -> str:
    status = getattr(message, "anymail_status", None)
    provider_id = getattr(status, "message_id", None)
    return provider_id if isinstance(provider_id, str) else ""


def _record_sent(delivery_id: int, message) -> None:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        provider_id = _provider_message_id(message)
        if provider_id and provider_id != delivery.message_id:
            delivery.provider_message_id = provider_id[:255]
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        # A webhook may already have said "delivered" (fast providers): keep what it said.
        if delivery.status == DeliveryStatus.SENDING:
            delivery.set_status(DeliveryStatus.SENT)
        delivery.save()


def _is_permanent(exc: Exception) -> bool:
    """Errors that will not go away by waiting: the address is refused for good."""
    if isinstance(exc, InvalidRecipient | AnymailInvalidAddress | AnymailRecipientsRefused):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return False


def _record_failure(delivery_id: int, exc: Exception) -> str:
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.last_error = error_text(f"{type(exc).__name__}: {exc}")
        if delivery.status != DeliveryStatus.SENDING:
            # A webhook settled it meanwhile; keep its verdict.
            delivery.save(update_fields=["last_error"])
            return f"failed: {delivery.status}"
        if _is_permanent(exc) or delivery.attempts >= MAX_ATTEMPTS:
            delivery.set_status(DeliveryStatus.FAILED)
            delivery.save()
            delivery_alert(about=delivery)
            logger.error(
                "Delivery failed for good",
                extra={
                    "delivery_id": delivery.pk,
                    "attempts": delivery.attempts,
                    "error_class": type(exc).__name__,
                },
            )
            return "failed"
        delivery.set_status(DeliveryStatus.WAITING)
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        delivery.save()
        _enqueue_retry(delivery)
        logger.warning(
            "Delivery attempt failed; retrying later",
            extra={
                "delivery_id": delivery.pk,
                "attempts": delivery.attempts,
                "error_class": type(exc).__name__,
                "retry_in_seconds": int(retry_delay(delivery.attempts).total_seconds()),
            },
        )
        return "retry"


def _enqueue_retry(delivery: Delivery) -> None:
    delivery_id, run_after = delivery.pk, delivery.next_attempt_at
    _hand_to_worker(lambda: send_delivery.using(run_after=run_after).enqueue(delivery_id))


def send(delivery_id: int) -> str:
    """Send one outbox row (the body of the `send_delivery` task). Returns what happened,
    in a few words without personal data, for the task result."""
    claimed = _claim(delivery_id)
    if isinstance(claimed, str):
        return claimed
    # The message is built and sent holding the row's lock, after checking the row is still
    # ours: the person's erasure settles in-flight rows (privacy registry, Art. 17), so an
    # erasure that came between the claim and now is seen here and nothing is sent, and one
    # that comes during the send waits for it (PostgreSQL row lock) and then finds it sent.
    # A worker dying here rolls back to the committed claim: the row stays SENDING and the
    # sweep reports it, as before.
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("lead__subsidiary", "about")
            .get(pk=claimed.pk)
        )
        if delivery.status != DeliveryStatus.SENDING:
            return f"skipped: {delivery.status}"
        try:
            if safe_address(delivery.recipient) is None:
                raise InvalidRecipient("the recipient is not one valid email address")
            message = build_message(delivery)
            if message.send() != 1:
                raise RuntimeError("the email backend accepted no message")
        except Exception as exc:  # noqa: BLE001 - every failure is recorded and retried or alerted
            return _record_failure(delivery_id, exc)
        _record_sent(delivery_id, message)
    return "sent"


@task(queue_name="email")
def send_delivery(delivery_id: int) -> str:
    """Send one outbox row. Enqueued in the same transaction that created the delivery, and
    again by its own retries and by the outbox sweep; running it twice sends once."""
    return send(delivery_id)


# Task rows name the task by its import path; rows written before the task moved here name
# intake.tasks, which still offers it, and the sweep must count them as live.
TASK_PATHS = (send_delivery.module_path, "intake.tasks.send_delivery")


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)
    abandoned: list[int] = field(default_factory=list)


def _delivery_ids_with_live_task(now: datetime) -> set[int] | None:
    """Deliveries that have a task waiting to run or running recently, as the database task
    backend knows them; None when another backend runs the tasks (it cannot be asked)."""
    if not isinstance(send_delivery.get_backend(), DatabaseBackend):
        return None
    rows = DBTaskResult.objects.filter(task_path__in=TASK_PATHS).filter(
        # A RUNNING row whose worker died stays RUNNING: only a recent start counts as alive.
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gte=now - SENDING_STALE_AFTER)
    )
    live = set()
    for args_kwargs in rows.values_list("args_kwargs", flat=True).iterator():
        args = (args_kwargs or {}).get("args") or []
        if args and isinstance(args[0], int):
            live.add(args[0])
    return live


def sweep(*, now: datetime | None = None) -> SweepReport:
    """Re-enqueue waiting deliveries whose task is gone; settle rows a dead worker left in
    SENDING. Run by a timer (`manage.py sweep_outbox`); safe to run as often as wanted and
    from several machines, because the task itself checks the row before sending."""
    now = now or timezone.now()
    report = SweepReport()

    for delivery_id in Delivery.objects.stuck_sending(before=now - SENDING_STALE_AFTER).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
            if delivery.status != DeliveryStatus.SENDING:
                continue
            delivery.set_status(DeliveryStatus.FAILED)
            delivery.last_error = error_text(
                "Utfallet er ukjent: arbeideren stoppet under sendingen. Sjekk med mottakeren "
                "før utsendingen sendes på nytt."
            )
            delivery.save()
            delivery_alert(about=delivery)
        report.abandoned.append(delivery_id)

    live = _delivery_ids_with_live_task(now)
    for delivery in Delivery.objects.overdue(before=now - OVERDUE_AFTER).only("pk"):
        if live is not None and delivery.pk in live:
            continue
        with transaction.atomic():
            delivery_enqueue(delivery=delivery)
        report.requeued.append(delivery.pk)

    if report.requeued or report.abandoned:
        logger.warning(
            "Outbox sweep found deliveries without a live task",
            extra={"requeued": len(report.requeued), "abandoned": len(report.abandoned)},
        )
    return report
