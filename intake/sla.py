"""Working-day arithmetic for the triage deadline (LEAD_SLA_WORKING_DAYS).

Only time on Norwegian working days counts: Monday to Friday except public holidays (Easter,
17 May, Whit Monday, Christmas, ... from the `holidays` package). A lead that arrives on
Friday afternoon with a deadline of one working day is due on Monday afternoon, or on Tuesday
afternoon when Monday is Whit Monday.
"""

from datetime import date, datetime, time, timedelta

import holidays
from django.conf import settings
from django.utils import timezone

SATURDAY = 5
# Sundays are days off anyway; the package counts them as holidays only when asked to.
NORWEGIAN_HOLIDAYS = holidays.country_holidays("NO")


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in NORWEGIAN_HOLIDAYS


def working_days_before(moment: datetime, days: int) -> datetime:
    """The moment from which exactly `days` working days of working-day time lead up to
    `moment`."""
    local = timezone.localtime(moment)
    naive = local.replace(tzinfo=None)
    # Time on a day off does not count: from such a moment, start at the end of the last
    # working day before it (00:00 of the first day off).
    if not is_working_day(naive.date()):
        day = naive.date()
        while not is_working_day(day - timedelta(days=1)):
            day -= timedelta(days=1)
        naive = datetime.combine(day, time())
    for _ in range(days):
        naive -= timedelta(days=1)
        while not is_working_day(naive.date()):
            naive -= timedelta(days=1)
    return timezone.make_aware(naive, local.tzinfo)


def triage_deadline_cutoff(now: datetime | None = None) -> datetime:
    """Leads received before this moment and still new have missed the triage deadline."""
    return working_days_before(now or timezone.now(), settings.LEAD_SLA_WORKING_DAYS)
