"""The state of one retention run (`privacy.retention`): the counts per kind of record that
become its report, and what it reads once and keeps (which rows legal holds protect, which rows
the admin's history and the access log name)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from privacy.holds import held_condition, pk_values
from privacy.models import AccessRecord
from privacy.registry import registry

# Legal holds are read again this often during a run: a hold placed while a long run is under
# way is respected within seconds, without three queries per batch and kind of record.
HOLDS_FRESH_FOR = 30  # seconds

NOTHING = Q(pk__in=[])


@dataclass
class KindCounts:
    name: str
    deleted: int = 0
    anonymised: int = 0
    kept: int = 0
    held: int = 0  # past their time, but kept: a legal hold, a restriction, a request
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
class Report:
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

    def add(self, other: Report) -> None:
        """Add another worker's counts to these."""
        for label, counts in other.kinds.items():
            mine = self.kinds.setdefault(label, KindCounts(name=counts.name))
            for key in ("deleted", "anonymised", "kept", "held", "released"):
                setattr(mine, key, getattr(mine, key) + getattr(counts, key))


class Holds:
    """Which rows the run leaves alone, per model (legal holds, restrictions, requests being
    handled: `privacy.holds`), read again every HOLDS_FRESH_FOR seconds."""

    def __init__(self, today):
        self.today = today
        self._conditions: dict[type[models.Model], tuple[float, Q]] = {}

    def condition(self, model: type[models.Model]) -> Q | None:
        """The rows of `model` a hold protects, or None when no hold protects any."""
        read_at, condition = self._conditions.get(model, (-HOLDS_FRESH_FOR - 1.0, NOTHING))
        if time.monotonic() - read_at > HOLDS_FRESH_FOR:
            condition = held_condition(model, today=self.today, paused=True)
            self._conditions[model] = (time.monotonic(), condition)
        return None if condition == NOTHING else condition


class Traces:
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
class RunState:
    """What one worker of a run carries: its own counts, the shared caches."""

    report: Report
    holds: Holds
    traces: Traces
    dry_run: bool

    def for_another_worker(self) -> RunState:
        """The same run for another thread: counts of its own (added up at the end), the
        holds and traces shared (each entry is written whole, so threads may share them)."""
        return replace(self, report=Report())
