"""Claiming a stored email before it is sent, for privacy's own outboxes (a request's letters,
the «Mine data» link): the same rule as intake's outbox."""

from __future__ import annotations

from django.db import models, transaction

WAITING, SENDING = "waiting", "sending"


def claim_for_sending(model: type[models.Model], pk: int):
    """Lock a waiting row, mark it sending and count the attempt, committed before the email
    server is contacted: a worker dying mid-send leaves it "sending" rather than sending it
    twice. None when the row is gone or not waiting (already sent, or claimed by another)."""
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.status != WAITING:
            return None
        row.status = SENDING
        row.attempts += 1
        row.save(update_fields=["status", "attempts"])
        return row
