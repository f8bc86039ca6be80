"""The retention run: delete or anonymise what has outlived its purpose (GDPR Art. 5(1)(e)).

    from privacy.retention import retention_enforce
    run = retention_enforce()               # what `manage.py enforce_retention` does
    run = retention_enforce(dry_run=True)   # counts only, changes nothing

It walks the registry. For each declaration whose rule expires rows by itself
(`Retention.after` or `Retention.custom`), it takes the expired rows that no legal hold
protects (`Retention.expired()`), in batches ordered by key, and in one short transaction
per batch does the rule's `then` to them and to the rows that belong to them
(`Retention.with_parent`: a lead's notes are deleted, its deliveries anonymised, its history
kept), then removes what the admin's history and the access log say about them
(`privacy.anonymisation.scrub_traces`). No transaction holds the lead table for longer than
one batch, so the contact form keeps working while a large backlog is processed.

A run that stops halfway (killed, or an error) leaves every batch either done or untouched;
running it again picks up what is still expired: deleted rows are gone and anonymised rows
match their strategy's `already_done()`, so nothing is done twice. Each run is recorded as a
`RetentionRun` with counts per kind of record, never the records themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from privacy.anonymisation import anonymise_rows, scrub_traces
from privacy.holds import held_condition
from privacy.models import LegalHold, RetentionRun, RetentionRunStatus
from privacy.registry import Anonymise, Delete, Keep, ModelDeclaration, registry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500

Progress = Callable[[str, int, int], None]  # (kind of record, done, total)


@dataclass
class KindCounts:
    name: str
    deleted: int = 0
    anonymised: int = 0
    kept: int = 0
    held: int = 0  # past their time, but protected by a legal hold
    released: int = 0  # legal holds past their date, marked released

    def as_dict(self) -> dict[str, int | str]:
        return {
            "name": self.name,
            "deleted": self.deleted,
            "anonymised": self.anonymised,
            "kept": self.kept,
            "held": self.held,
            "released": self.released,
        }


@dataclass
class _Report:
    kinds: dict[str, KindCounts] = field(default_factory=dict)

    def kind(self, model: type[models.Model]) -> KindCounts:
        label = model._meta.label
        if label not in self.kinds:
            self.kinds[label] = KindCounts(name=str(model._meta.verbose_name_plural))
        return self.kinds[label]

    def as_dict(self) -> dict[str, dict]:
        return {label: counts.as_dict() for label, counts in self.kinds.items()}


def expiring_declarations() -> list[ModelDeclaration]:
    """Declarations whose rows expire by themselves, in registration order."""
    return [
        declaration
        for declaration in registry
        if declaration.retention is not None
        and declaration.retention.expires_by_itself
        and declaration.retention.then is not None
    ]


def _children(model: type[models.Model]) -> list[tuple[ModelDeclaration, str]]:
    """Declarations whose rows follow a row of `model` (`Retention.with_parent`)."""
    found = []
    for declaration in registry:
        retention = declaration.retention
        if retention is None or not retention.parent or retention.then is None:
            continue
        if declaration.model._meta.get_field(retention.parent).related_model is model:
            found.append((declaration, retention.parent))
    return found


def _due(declaration: ModelDeclaration, now) -> models.QuerySet:
    """Expired, not held, and not already in the state `then` leaves a row in."""
    retention = declaration.retention
    rows = retention.expired(declaration.model._base_manager.all(), now=now)
    if isinstance(retention.then, Anonymise):
        rows = rows.exclude(retention.then.already_done())
    return rows


def _apply(model, pks: list, then, report: _Report, *, today, dry_run: bool) -> None:
    """Do `then` to these rows of `model`, after doing their own rows' rules to them."""
    if not pks:
        return
    counts = report.kind(model)
    if isinstance(then, Keep):
        counts.kept += len(pks)
        return
    for child, parent_field in _children(model):
        rows = child.model._base_manager.filter(**{f"{parent_field}__in": pks})
        held = held_condition(child.model, today=today)
        child_pks = list(rows.exclude(held).values_list("pk", flat=True))
        report.kind(child.model).held += rows.filter(held).count()
        _apply(child.model, child_pks, child.retention.then, report, today=today, dry_run=dry_run)
    if dry_run:
        if isinstance(then, Delete):
            counts.deleted += len(pks)
        else:
            counts.anonymised += len(pks)
        return
    rows = model._base_manager.filter(pk__in=pks)
    if isinstance(then, Delete):
        scrub_traces(model, pks, deleted=True)
        _total, per_model = rows.delete()
        counts.deleted += per_model.get(model._meta.label, 0)
        for label, number in per_model.items():
            if label != model._meta.label and label not in report.kinds:
                # Cascades the declarations did not list as children (e.g. an expiry record
                # of a sign-in attempt): counted so the report adds up.
                report.kinds[label] = KindCounts(name=label)
            if label != model._meta.label:
                report.kinds[label].deleted += number
    elif isinstance(then, Anonymise):
        anonymise_rows(rows, then)
        scrub_traces(model, pks, deleted=False)
        counts.anonymised += len(pks)


def _release_expired_holds(report: _Report, *, now, dry_run: bool) -> None:
    """Holds past their date protect nothing (`LegalHold.objects.active()`); marking them
    released makes the admin say so, and starts their own retention."""
    expired = LegalHold.objects.filter(
        released_at__isnull=True, retain_until__lt=timezone.localdate(now)
    )
    counts = report.kind(LegalHold)
    counts.released += expired.count() if dry_run else expired.update(released_at=now)


def _enforce_one(declaration, report: _Report, *, now, batch_size, dry_run, progress) -> None:
    model = declaration.model
    label = str(model._meta.verbose_name_plural)
    today = timezone.localdate(now)
    retention = declaration.retention
    counts = report.kind(model)
    counts.held += (
        retention.expired(model._base_manager.all(), now=now, holds=False)
        .filter(held_condition(model, today=today))
        .count()
    )
    total = _due(declaration, now).count()
    done = 0
    if progress:
        progress(label, done, total)
    last_pk = None
    while True:
        with transaction.atomic():
            # Asked again for every batch: a hold placed meanwhile is respected at once.
            due = _due(declaration, now)
            if last_pk is not None:
                due = due.filter(pk__gt=last_pk)
            pks = list(due.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            _apply(model, pks, retention.then, report, today=today, dry_run=dry_run)
        last_pk = pks[-1]
        done += len(pks)
        if progress:
            progress(label, min(done, total), total)


def retention_enforce(
    *,
    now=None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> RetentionRun:
    """Run the retention rules once; returns the recorded run (its `report` has the counts
    per kind of record). An error marks the run failed and is raised again."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run)
    report = _Report()
    # Every kind of record with a rule appears in the report, with zeros when nothing was due.
    for declaration in registry:
        retention = declaration.retention
        if retention is not None and retention.then is not None:
            report.kind(declaration.model)
    try:
        _release_expired_holds(report, now=now, dry_run=dry_run)
        for declaration in expiring_declarations():
            _enforce_one(
                declaration,
                report,
                now=now,
                batch_size=batch_size,
                dry_run=dry_run,
                progress=progress,
            )
    except BaseException as error:
        run.status = RetentionRunStatus.FAILED
        run.error = type(error).__name__[:200]
        run.finished_at = timezone.now()
        run.report = report.as_dict()
        run.save(update_fields=["status", "error", "finished_at", "report"])
        logger.error("Retention run failed", extra={"run_id": run.pk, "error_class": run.error})
        raise
    run.status = RetentionRunStatus.FINISHED
    run.finished_at = timezone.now()
    run.report = report.as_dict()
    run.save(update_fields=["status", "finished_at", "report"])
    logger.info(
        "Retention run finished", extra={"run_id": run.pk, "dry_run": dry_run, **run.totals()}
    )
    return run
