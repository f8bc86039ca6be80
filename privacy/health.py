"""privacy's part of `/healthz`: the retention run must have finished within two days."""

from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from mestergruppen.health import register_check, register_figure
from privacy.models import RetentionRun
from privacy.models.retention import STALE_AFTER


def retention_ok(now=None) -> bool:
    """A real retention run finished within two days, or the retention work was installed
    (its migration applied) less than two days ago: a timer that never ran, or stopped,
    shows on the monitoring instead of in a complaint to Datatilsynet."""
    now = now or timezone.now()
    if not RetentionRun.objects.is_stale(now=now):
        return True
    installed = (
        MigrationRecorder.Migration.objects.filter(app="privacy", name__endswith="_retention_runs")
        .values_list("applied", flat=True)
        .first()
    )
    return installed is not None and installed >= now - STALE_AFTER


def last_retention_run_hours_ago() -> float | None:
    """For operators: how long ago the last real retention run finished."""
    last = RetentionRun.objects.last_finished_at()
    return None if last is None else round((timezone.now() - last).total_seconds() / 3600, 1)


def register_retention_health_check() -> None:
    register_check("retention", retention_ok)
    register_figure("last_retention_run_hours_ago", last_retention_run_hours_ago)
