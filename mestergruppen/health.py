"""`/healthz` for load balancers and monitoring: dependencies only, never personal data."""

from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


def _oldest_waiting_task_age_seconds() -> float | None:
    """Seconds the oldest task ready to run has waited: a stalled worker shows here first."""
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return None if oldest is None else round((timezone.now() - oldest).total_seconds(), 1)


# Checks the apps add (name -> callable returning True when healthy), so this module needs
# no app: privacy adds "retention" (privacy.health).
EXTRA_CHECKS: dict[str, Callable[[], bool]] = {}


def register_check(name: str, check: Callable[[], bool]) -> None:
    """Add a named check to /healthz; it runs only when the database is reachable, and a
    database error inside it counts as unhealthy."""
    EXTRA_CHECKS[name] = check


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    if checks["database"]:
        for name, check in EXTRA_CHECKS.items():
            try:
                checks[name] = bool(check())
            except DatabaseError:
                checks[name] = False
    body = {"status": "ok" if all(checks.values()) else "unhealthy", "checks": checks}
    if checks["database"]:
        try:
            body["oldest_waiting_task_age_seconds"] = _oldest_waiting_task_age_seconds()
        except DatabaseError:
            body["oldest_waiting_task_age_seconds"] = None
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
