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
import queue
import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.utils import timezone

from privacy.anonymisation import anonymise_rows, scrub_traces
from privacy.declarations import done_condition
from privacy.models import LegalHold, RetentionRun, RetentionRunStatus
from privacy.registry import Anonymise, Delete, Keep, ModelDeclaration, registry
from privacy.retention_state import NOTHING, Holds, KindCounts, Report, RunState, Traces

logger = logging.getLogger(__name__)

# Rows per transaction. A batch of this many leads (the leads, their deliveries and notes)
# takes about a second on a 2-core machine and locks only those rows: the contact form, which
# inserts new leads, never waits for it, and a staff member opening an expired lead waits at
# most that second. Larger batches cost fewer round trips (bench/retention: 1,000 leads a
# batch took a third longer than 5,000).
BATCH_SIZE = 5000

Progress = Callable[[str, int, int], None]  # (kind of record, done, total)


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


def _due(declaration: ModelDeclaration, now, run: RunState) -> models.QuerySet:
    """Expired, not held, and not already in the state `then` leaves a row in."""
    retention = declaration.retention
    rows = retention.expired(declaration.model._base_manager.all(), now=now, holds=False)
    held = run.holds.condition(declaration.model)
    if held is not None:
        rows = rows.exclude(held)
    not_done = _not_done(retention)
    return rows if not_done is None else rows.filter(not_done)


class _AnyOf(Func):
    """`column = ANY('{1,2,...}'::bigint[])`: a batch's keys as one parameter."""

    output_field = BooleanField()

    def __init__(self, field: str, keys: list):
        super().__init__(F(field))
        self.keys = "{" + ",".join(str(key) for key in keys) + "}"

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", (*params, self.keys)


def _among(field: str, keys: list) -> Q | _AnyOf:
    """The rows whose `field` is one of `keys`. On PostgreSQL, integer keys go as one array
    parameter: an IN list of 5,000 parameters, once per statement and five statements a
    batch, cost the run's process more than the database's work on the rows, and under load
    the run waited for its own Python, not for PostgreSQL."""
    if connection.vendor == "postgresql" and keys and all(type(key) is int for key in keys):
        return _AnyOf(field, keys)
    return Q(**{f"{field}__in": keys})


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


def _without_held_rows(model, pks: list, children, run: RunState) -> list:
    """A row to delete takes its rows with it (the foreign keys cascade): one whose rows a
    legal hold protects is kept whole, and counted as held."""
    blocked: set = set()
    for child, parent_field in children:
        held = run.holds.condition(child.model)
        if held is not None:
            blocked |= set(
                child.model._base_manager.filter(held, _among(parent_field, pks))
                .values_list(parent_field, flat=True)
                .distinct()
            )
    if blocked:
        run.report.kind(model).held += len(blocked)
    return [pk for pk in pks if pk not in blocked]


def _apply(model, rows: models.QuerySet, then, run: RunState, *, pks: list | None = None) -> None:
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
        rows = model._base_manager.filter(_among("pk", pks))
    for child, parent_field in children:
        child_rows = child.model._base_manager.filter(_among(parent_field, pks))
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


def _release_expired_holds(run: RunState, *, now) -> None:
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


def _do_batch(declaration, run: RunState, due: models.QuerySet, batch_size: int) -> list:
    """One batch in one transaction: the keys it did (empty when nothing was due)."""
    with transaction.atomic():
        if not run.dry_run:
            _commit_quickly()
        groups = _next_batch(due, declaration.retention, batch_size)
        for then, pks in groups:
            rows = declaration.model._base_manager.filter(_among("pk", pks))
            _apply(declaration.model, rows, then, run, pks=pks)
    return [pk for _then, pks in groups for pk in pks]


def _enforce_one(declaration, run: RunState, *, now, batch_size, progress, workers=1) -> None:
    model = declaration.model
    label = declaration.display_name
    retention = declaration.retention
    held = run.holds.condition(model)
    if held is not None:
        expired = retention.expired(model._base_manager.all(), now=now, holds=False)
        run.report.kind(model).held += expired.filter(held).count()
    total = _due(declaration, now, run).count()
    if progress:
        progress(label, 0, total)
    if workers > 1 and total > batch_size and _parallel_possible(model):
        _enforce_in_parallel(declaration, run, now, batch_size, workers, total, progress)
        return
    done = 0
    last_pk = None
    while True:
        due = _due(declaration, now, run)
        if last_pk is not None:
            due = due.filter(pk__gt=last_pk)
        pks = _do_batch(declaration, run, due, batch_size)
        if not pks:
            break
        last_pk = max(pks)
        done += len(pks)
        if progress:
            progress(label, min(done, total), total)


def _parallel_possible(model) -> bool:
    """Workers split a kind of record by ranges of integer keys, each with a connection of
    its own: PostgreSQL only (SQLite writes one transaction at a time), outside a
    transaction (a worker would not see the caller's uncommitted rows)."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and isinstance(model._meta.pk, models.AutoField | models.BigAutoField)
    )


def _enforce_in_parallel(declaration, run, now, batch_size, workers, total, progress) -> None:
    """`workers` threads, each with its own database connection, take ranges of
    `batch_size` keys and do each range as one batch, like the single loop. On a machine
    where other work (the contact form) keeps the cores busy, more workers get the run a
    larger share of them. The first error stops the others and is raised."""
    bounds = _due(declaration, now, run).aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:  # another run did them since they were counted
        return
    ranges: queue.Queue = queue.Queue()
    for start in range(bounds["low"], bounds["high"] + 1, batch_size):
        ranges.put(start)
    lock = threading.Lock()
    state = {"done": 0, "error": None}
    reports = []

    def work() -> None:
        mine = run.for_another_worker()
        reports.append(mine.report)
        try:
            while state["error"] is None:
                try:
                    start = ranges.get_nowait()
                except queue.Empty:
                    return
                due = _due(declaration, now, mine).filter(pk__gte=start, pk__lt=start + batch_size)
                pks = _do_batch(declaration, mine, due, batch_size)
                with lock:
                    state["done"] += len(pks)
                    if progress:
                        progress(declaration.display_name, min(state["done"], total), total)
        except Exception as error:  # noqa: BLE001 (raised again in the calling thread)
            state["error"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, name=f"retention-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for report in reports:
        run.report.add(report)
    if state["error"] is not None:
        raise state["error"]


def retention_enforce(
    *,
    now=None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    progress: Progress | None = None,
) -> RetentionRun:
    """Run the retention rules once; returns the recorded run (its `report` has the counts
    per kind of record). An error marks the run failed and is raised again. `workers` > 1
    does large kinds of record in that many parallel transactions (PostgreSQL only)."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run)
    report = Report()
    # Every kind of record with a rule appears in the report, with zeros when nothing was due.
    for declaration in registry:
        retention = declaration.retention
        if retention is not None and retention.then is not None:
            report.kind(declaration.model)
    state = RunState(
        report=report, holds=Holds(timezone.localdate(now)), traces=Traces(), dry_run=dry_run
    )
    try:
        _release_expired_holds(state, now=now)
        for declaration in expiring_declarations():
            _enforce_one(
                declaration,
                state,
                now=now,
                batch_size=batch_size,
                progress=progress,
                workers=workers,
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
