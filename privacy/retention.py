"""The retention run: delete or anonymise what has outlived its purpose (GDPR Art. 5(1)(e)).

    from privacy.retention import retention_enforce
    run = retention_enforce()               # what `manage.py enforce_retention` does
    run = retention_enforce(dry_run=True)   # counts only, changes nothing

It walks the registry. For each declaration whose rule expires rows by itself
(`Retention.after` or `Retention.custom`), it takes the expired rows that no legal hold
protects (`Retention.expired()`), in batches ordered by key, and in one short transaction
per batch does the rule's `then` to them (or a case's: suspected spam is deleted where a
genuine lead is anonymised) and to the rows that belong to them (`Retention.with_parent`: a
lead's notes are deleted, its deliveries anonymised, its history kept; a deleted row takes its
rows with it, and is kept whole when a hold protects one of them), then removes what the
admin's history and the access log say about them (`privacy.anonymisation.scrub_traces`).

Each step is one statement for the whole batch (an UPDATE with the registry's replacement
values, a DELETE, a count), never one per row, so a batch of thousands of leads is a handful
of queries. No transaction holds the lead table for longer than one batch, so the contact
form keeps working while a large backlog is processed (bench/retention: a million leads).

A run that stops halfway (killed, or an error) leaves every batch either done or untouched;
running it again picks up what is still expired: deleted rows are gone and anonymised rows
match their strategy's `already_done()`, so nothing is done twice. Each run is recorded as a
`RetentionRun` with counts per kind of record, never the records themselves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from privacy.anonymisation import anonymise_rows, scrub_traces
from privacy.declarations import done_condition
from privacy.holds import held_condition, pk_values
from privacy.models import AccessRecord, LegalHold, RetentionRun, RetentionRunStatus
from privacy.registry import Anonymise, Delete, Keep, ModelDeclaration, registry

logger = logging.getLogger(__name__)

# Rows per transaction. A batch of this many leads (the leads, their deliveries and notes)
# takes about a second on a 2-core machine and locks only those rows: the contact form, which
# inserts new leads, never waits for it, and a staff member opening an expired lead waits at
# most that second. Larger batches cost fewer round trips (bench/retention: 1,000 leads a
# batch took a third longer than 5,000).
BATCH_SIZE = 5000
# Legal holds are read again this often during a run: a hold placed while a long run is under
# way is respected within seconds, without three queries per batch and kind of record.
HOLDS_FRESH_FOR = 30  # seconds

NOTHING = Q(pk__in=[])

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
            declaration = registry.get(model)
            name = declaration.display_name if declaration else label
            self.kinds[label] = KindCounts(name=name)
        return self.kinds[label]

    def as_dict(self) -> dict[str, dict]:
        return {label: counts.as_dict() for label, counts in self.kinds.items()}


class _Holds:
    """Which rows legal holds protect, per model, read again every HOLDS_FRESH_FOR seconds."""

    def __init__(self, today):
        self.today = today
        self._conditions: dict[type[models.Model], tuple[float, Q]] = {}

    def condition(self, model: type[models.Model]) -> Q | None:
        """The rows of `model` a hold protects, or None when no hold protects any."""
        read_at, condition = self._conditions.get(model, (-HOLDS_FRESH_FOR - 1.0, NOTHING))
        if time.monotonic() - read_at > HOLDS_FRESH_FOR:
            condition = held_condition(model, today=self.today)
            self._conditions[model] = (time.monotonic(), condition)
        return None if condition == NOTHING else condition


class _Traces:
    """The keys of the rows the admin's history or the access log names, per model, read
    once per run: most expired rows have none, and asking for every batch would cost two
    queries per batch and kind of record."""

    def __init__(self):
        self._ids: dict[type[models.Model], list] = {}

    def ids(self, model: type[models.Model]) -> list:
        if model not in self._ids:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            named = set(
                LogEntry.objects.filter(content_type=content_type).values_list(
                    "object_id", flat=True
                )
            ) | set(
                AccessRecord.objects.filter(content_type=content_type)
                .exclude(object_id="")
                .values_list("object_id", flat=True)
            )
            self._ids[model] = pk_values(model, named)
        return self._ids[model]

    def among(self, model: type[models.Model], rows: models.QuerySet) -> list:
        ids = self.ids(model)
        return list(rows.filter(pk__in=ids).values_list("pk", flat=True)) if ids else []


@dataclass
class _Run:
    report: _Report
    holds: _Holds
    traces: _Traces
    dry_run: bool


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


def _not_done(retention) -> Q | None:
    """Rows not yet in the state their `then` leaves them in (None: every row)."""
    if not retention.cases:
        return ~done_condition(retention.then) if isinstance(retention.then, Anonymise) else None
    matched = NOTHING
    condition = NOTHING
    for case in retention.cases:
        condition |= case.rows & ~matched & ~case.already_done()
        matched |= case.rows
    return condition | (~matched & ~done_condition(retention.then))


def _due(declaration: ModelDeclaration, now, run: _Run) -> models.QuerySet:
    """Expired, not held, and not already in the state `then` leaves a row in."""
    retention = declaration.retention
    rows = retention.expired(declaration.model._base_manager.all(), now=now, holds=False)
    held = run.holds.condition(declaration.model)
    if held is not None:
        rows = rows.exclude(held)
    not_done = _not_done(retention)
    return rows if not_done is None else rows.filter(not_done)


def _next_batch(due: models.QuerySet, retention, batch_size: int) -> list[tuple[Any, list]]:
    """The next batch of due keys, grouped by what happens to them: [(then, keys), ...]."""
    due = due.order_by("pk")
    if not retention.cases:
        pks = list(due.values_list("pk", flat=True)[:batch_size])
        return [(retention.then, pks)] if pks else []
    # One query tells each row's case (first match first; -1 for the rule's own `then`).
    which = Case(
        *[When(case.rows, then=Value(n)) for n, case in enumerate(retention.cases)],
        default=Value(-1),
        output_field=IntegerField(),
    )
    rows = list(due.annotate(_case=which).values_list("pk", "_case")[:batch_size])
    groups: dict[int, list] = {}
    for pk, case in rows:
        groups.setdefault(case, []).append(pk)
    return [
        (retention.then if n < 0 else retention.cases[n].then, pks)
        for n, pks in sorted(groups.items())
    ]


def _without_held_rows(model, pks: list, children, run: _Run) -> list:
    """A row to delete takes its rows with it (the foreign keys cascade): one whose rows a
    legal hold protects is kept whole, and counted as held."""
    blocked: set = set()
    for child, parent_field in children:
        held = run.holds.condition(child.model)
        if held is not None:
            blocked |= set(
                child.model._base_manager.filter(held, **{f"{parent_field}__in": pks})
                .values_list(parent_field, flat=True)
                .distinct()
            )
    if blocked:
        run.report.kind(model).held += len(blocked)
    return [pk for pk in pks if pk not in blocked]


def _apply(model, rows: models.QuerySet, then, run: _Run, *, pks: list | None = None) -> None:
    """Do `then` to `rows` of `model`, after doing their own rows' rules to the rows that
    belong to them (all deleted when `rows` are). `pks` are the rows' keys when the caller
    has them."""
    counts = run.report.kind(model)
    if isinstance(then, Keep):
        counts.kept += len(pks) if pks is not None else rows.count()
        return
    children = _children(model)
    if children and pks is None:
        pks = list(rows.values_list("pk", flat=True))
    if children and isinstance(then, Delete):
        pks = _without_held_rows(model, pks, children, run)
        rows = model._base_manager.filter(pk__in=pks)
    for child, parent_field in children:
        child_rows = child.model._base_manager.filter(**{f"{parent_field}__in": pks})
        held = run.holds.condition(child.model)
        if held is not None:
            run.report.kind(child.model).held += child_rows.filter(held).count()
            child_rows = child_rows.exclude(held)
        child_then = then if isinstance(then, Delete) else child.retention.then
        if isinstance(child_then, Anonymise) and child_then.done is not None:
            # Rows already as anonymisation leaves them (a routing email's record) are not
            # written again: half the deliveries of a batch, on a table with nine indexes.
            child_rows = child_rows.exclude(child_then.done)
        _apply(child.model, child_rows, child_then, run)
    if run.dry_run:
        number = len(pks) if pks is not None else rows.count()
        if isinstance(then, Delete):
            counts.deleted += number
        else:
            counts.anonymised += number
        return
    traced = run.traces.among(model, rows)
    if isinstance(then, Delete):
        scrub_traces(model, traced, deleted=True)
        _total, per_model = rows.delete()
        for label, number in per_model.items():
            if label not in run.report.kinds:
                # A cascade the declarations do not list as dependent rows (the expiry
                # record of a sign-in attempt): counted, so the report adds up.
                run.report.kinds[label] = KindCounts(name=label)
            run.report.kinds[label].deleted += number
    elif isinstance(then, Anonymise):
        _fields, number = anonymise_rows(rows, then)
        scrub_traces(model, traced, deleted=False)
        counts.anonymised += number


def _release_expired_holds(run: _Run, *, now) -> None:
    """Holds past their date protect nothing (`LegalHold.objects.active()`); marking them
    released makes the admin say so, and starts their own retention."""
    expired = LegalHold.objects.filter(
        released_at__isnull=True, retain_until__lt=timezone.localdate(now)
    )
    counts = run.report.kind(LegalHold)
    counts.released += expired.count() if run.dry_run else expired.update(released_at=now)


def _commit_quickly() -> None:
    """On PostgreSQL, a batch's commit does not wait for its WAL to reach the disk. A crash
    can then lose the last fraction of a second of batches: harmless, the next run redoes
    them (a run is idempotent), and a thousand batches no longer each wait for a flush."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _enforce_one(declaration, run: _Run, *, now, batch_size, progress) -> None:
    model = declaration.model
    label = declaration.display_name
    retention = declaration.retention
    held = run.holds.condition(model)
    if held is not None:
        expired = retention.expired(model._base_manager.all(), now=now, holds=False)
        run.report.kind(model).held += expired.filter(held).count()
    total = _due(declaration, now, run).count()
    done = 0
    if progress:
        progress(label, done, total)
    last_pk = None
    while True:
        with transaction.atomic():
            if not run.dry_run:
                _commit_quickly()
            due = _due(declaration, now, run)
            if last_pk is not None:
                due = due.filter(pk__gt=last_pk)
            groups = _next_batch(due, retention, batch_size)
            if not groups:
                break
            for then, pks in groups:
                rows = model._base_manager.filter(pk__in=pks)
                _apply(model, rows, then, run, pks=pks)
        last_pk = max(pk for _then, pks in groups for pk in pks)
        done += sum(len(pks) for _then, pks in groups)
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
    state = _Run(
        report=report, holds=_Holds(timezone.localdate(now)), traces=_Traces(), dry_run=dry_run
    )
    try:
        _release_expired_holds(state, now=now)
        for declaration in expiring_declarations():
            _enforce_one(declaration, state, now=now, batch_size=batch_size, progress=progress)
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
