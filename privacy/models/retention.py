"""The record of each retention run: what `manage.py enforce_retention` did, and when.

The privacy officer reads these in the admin; `/healthz` turns unhealthy when no run has
finished for two days, because a retention that silently stopped breaks the statement's
promise (section 4) without anyone noticing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A daily run that has not finished for this long has stopped (a missed day is tolerated).
STALE_AFTER = timedelta(days=2)


class RetentionRunStatus(models.TextChoices):
    RUNNING = "running", _("Pågår")
    FINISHED = "finished", _("Fullført")
    FAILED = "failed", _("Feilet")


class RetentionRunQuerySet(models.QuerySet):
    def finished(self) -> RetentionRunQuerySet:
        """Real runs that got to the end (a dry run changes nothing, so it does not count)."""
        return self.filter(status=RetentionRunStatus.FINISHED, dry_run=False)

    def last_finished_at(self):
        return (
            self.finished().order_by("-finished_at").values_list("finished_at", flat=True).first()
        )

    def is_stale(self, *, now=None) -> bool:
        """No real run has finished within STALE_AFTER."""
        last = self.last_finished_at()
        return last is None or last < (now or timezone.now()) - STALE_AFTER


class RetentionRun(models.Model):
    """One run of the retention work. `report` holds counts per kind of record, never the
    records themselves (it must not become a copy of what it deleted)."""

    started_at = models.DateTimeField(_("startet"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RetentionRunStatus.choices,
        default=RetentionRunStatus.RUNNING,
        editable=False,
    )
    dry_run = models.BooleanField(_("prøvekjøring"), default=False, editable=False)
    # {"intake.Lead": {"name": "henvendelser", "deleted": 0, "anonymised": 12, "kept": 1}, ...}
    report = models.JSONField(_("rapport"), default=dict, blank=True, editable=False)
    # The exception's class only: its message could quote a row.
    error = models.CharField(_("feil"), max_length=200, blank=True, editable=False)

    objects = RetentionRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("sletterunde")
        verbose_name_plural = _("sletterunder")
        default_permissions = ("view",)
        indexes = [
            # /healthz: the newest finished real run.
            models.Index(fields=["status", "dry_run", "-finished_at"], name="retention_run_done"),
        ]

    def __str__(self) -> str:
        return str(
            _("Sletterunde %(date)s")
            % {"date": f"{timezone.localtime(self.started_at):%d.%m.%Y %H:%M}"}
        )

    def totals(self) -> dict[str, int]:
        totals = {"deleted": 0, "anonymised": 0, "kept": 0}
        for counts in self.report.values():
            for key in totals:
                totals[key] += int(counts.get(key, 0))
        return totals
