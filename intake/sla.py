"""Working-day arithmetic for the triage deadline (LEAD_SLA_WORKING_DAYS, Monday to Friday).

Only weekday time counts: a lead that arrives on Friday afternoon with a deadline of one working
day is due on Monday afternoon. Public holidays are not taken into account.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

SATURDAY = 5


def _start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def working_days_before(moment: datetime, days: int) -> datetime:
    """The moment from which exactly `days` working days of weekday time lead up to `moment`."""
    local = timezone.localtime(moment)
    naive = local.replace(tzinfo=None)
    # Weekend time does not count: from a weekend moment, start at the end of Friday
    # (Saturday 00:00).
    if naive.weekday() >= SATURDAY:
        naive = _start_of_day(naive) - timedelta(days=naive.weekday() - SATURDAY)
    for _ in range(days):
        naive -= timedelta(days=1)
        if naive.weekday() >= SATURDAY:
            naive -= timedelta(days=2)
    return timezone.make_aware(naive, local.tzinfo)


def triage_deadline_cutoff(now: datetime | None = None) -> datetime:
    """Leads received before this moment and still new have missed the triage deadline."""
    return working_days_before(now or timezone.now(), settings.LEAD_SLA_WORKING_DAYS)
