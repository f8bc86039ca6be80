"""Staff sign-in throttling (django-axes) with two limits.

- `AXES_FAILURE_LIMIT` wrong passwords for one user name from one client lock that pair out;
  a colleague signing in from the same office is not affected.
- `LOGIN_CLIENT_FAILURE_LIMIT` wrong passwords from one client, whatever the user names, lock
  the client out: someone trying a few passwords on many accounts is stopped too. It is
  higher, so a shared office address survives a few ordinary typos.

Axes compares one number with one limit; `get_failures` reports the per-name count, raised to
the limit when the client as a whole is over its own. A successful sign-in clears only its
own name's failures, so one valid account does not wipe the client's record of the others.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum

# The order of settings.AXES_LOCKOUT_PARAMETERS.
PER_NAME, PER_CLIENT = 0, 1


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class StaffSignInHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        per_name = _failures(attempts[PER_NAME])
        if _failures(attempts[PER_CLIENT]) >= settings.LOGIN_CLIENT_FAILURE_LIMIT:
            return max(per_name, get_failure_limit(request, credentials))
        return per_name

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = self.filter_user_attempts(request, credentials)[PER_NAME].delete()
        return count
