"""`/healthz` for load balancers and monitoring, and the operators' figures behind it.

Everyone gets the verdict: database and cache reachable, the checks the apps registered
(privacy: a retention run finished within two days), and the age of the oldest task waiting
for a worker. An operator who sends `Authorization: Bearer <HEALTHZ_TOKEN>` also gets the
figures (task backlog, oldest waiting email, failed emails in the last day, the last
retention run); `manage.py health` prints the same in a terminal. Never personal data: counts
and ages only.

Apps add their checks and figures in `AppConfig.ready()`, so this module knows no app (the
project package is imported by the apps, never the other way round).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# name -> callable returning True when healthy; a failing check makes /healthz answer 503.
EXTRA_CHECKS: dict[str, Callable[[], bool]] = {}
# name -> callable returning a count or an age, for operators only.
FIGURES: dict[str, Callable[[], Any]] = {}


def register_check(name: str, check: Callable[[], bool]) -> None:
    """Add a named check to /healthz; it runs only when the database is reachable, and a
    database error inside it counts as unhealthy."""
    EXTRA_CHECKS[name] = check


def register_figure(name: str, compute: Callable[[], Any]) -> None:
    """Add an operator's figure (None when the database cannot give it)."""
    FIGURES[name] = compute


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001 - any cache client error means "unreachable" here
        return False


def oldest_waiting_task_age_seconds() -> float | None:
    """Seconds the oldest task ready to run has waited: a stalled worker shows here first."""
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return None if oldest is None else round((timezone.now() - oldest).total_seconds(), 1)


def task_backlog() -> int:
    """Tasks ready to run now (a retry scheduled for later is not backlog)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


def _safely(compute: Callable[[], Any], failed: Any) -> Any:
    try:
        return compute()
    except DatabaseError:
        return failed


def site_health(*, detail: bool) -> dict[str, Any]:
    """The verdict, and with `detail` every registered figure."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    if checks["database"]:
        for name, check in EXTRA_CHECKS.items():
            checks[name] = bool(_safely(check, False))
    body: dict[str, Any] = {
        "status": "ok" if all(checks.values()) else "unhealthy",
        "checks": checks,
    }
    if checks["database"]:
        body["oldest_waiting_task_age_seconds"] = _safely(oldest_waiting_task_age_seconds, None)
    if detail:
        body["detail"] = {
            name: _safely(compute, None) if checks["database"] else None
            for name, compute in FIGURES.items()
        }
    return body


def _is_operator(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    if not token:
        return False
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(
        value.strip().encode(), token.encode()
    )


@never_cache
@require_safe
def healthz(request):
    body = site_health(detail=_is_operator(request))
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


register_figure("task_backlog", task_backlog)
