"""What other apps tell the requests about their data, without privacy importing them.

An app declares, in its `personal_data.py` beside its registry declarations, who received a
person's records (for the Art. 15(1)(c) summary and the Art. 19 notices)::

    from privacy.requests.hooks import declare_recipients

    declare_recipients(Lead, lead_recipients)  # lead_recipients(leads) -> list[Recipient]

and how its records read to the person themselves on «Mine data» (`declare_description`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Recipient:
    """Someone outside the privacy officer's hands who received a person's data: a
    subsidiary's inbox, told of a rectification, erasure or restriction (Art. 19)."""

    name: str  # e.g. the subsidiary's name
    email: str  # a functional inbox, not a person's address
    reference: str  # which record it received (a lead's reference), never the data itself


RecipientsOf = Callable[[Iterable[models.Model]], list[Recipient]]

_recipients: dict[type[models.Model], RecipientsOf] = {}


def declare_recipients(model: type[models.Model], recipients_of: RecipientsOf) -> None:
    """`recipients_of(rows)` names who received those rows of `model` (one person's rows)."""
    _recipients[model] = recipients_of


def recipients_for(rows_by_model: dict[type[models.Model], list[models.Model]]) -> list[Recipient]:
    """Everyone who received any of these rows, each once, in a stable order."""
    found: dict[tuple[str, str, str], Recipient] = {}
    for model, rows in rows_by_model.items():
        recipients_of = _recipients.get(model)
        if recipients_of is None or not rows:
            continue
        for recipient in recipients_of(rows):
            found.setdefault((recipient.email, recipient.reference, recipient.name), recipient)
    return sorted(found.values(), key=lambda r: (r.name, r.reference, r.email))


# --- The news consent, where an app keeps it ---------------------------------------------------

WithdrawConsent = Callable[[Iterable[models.Model]], int]

_news_consent: dict[type[models.Model], WithdrawConsent] = {}


def declare_news_consent(model: type[models.Model], withdraw: WithdrawConsent) -> None:
    """`withdraw(rows)` turns off the news consent those rows of `model` record and returns
    how many rows changed (an objection to direct marketing, Art. 21(3), or a withdrawal)."""
    _news_consent[model] = withdraw


def keeps_news_consent(model: type[models.Model]) -> bool:
    return model in _news_consent


def withdraw_news_consent(rows_by_model: dict[type[models.Model], list[models.Model]]) -> int:
    return sum(
        _news_consent[model](rows)
        for model, rows in rows_by_model.items()
        if model in _news_consent and rows
    )


# --- Rectification (Art. 16) -------------------------------------------------------------------


@dataclass(frozen=True)
class Rectifiable:
    """Which fields of a model the privacy officer may correct through a request, and how:
    `apply(row, changes, by)` saves them the app's way (its history, its normalisation) and
    returns the names of the fields that changed; ValueError for a value it cannot store."""

    model: type[models.Model]
    fields: tuple[str, ...]
    apply: Callable[[models.Model, dict[str, str], object], list[str]]


_rectifiable: dict[type[models.Model], Rectifiable] = {}


def declare_rectification(model, *, fields: Iterable[str], apply) -> None:
    _rectifiable[model] = Rectifiable(model=model, fields=tuple(fields), apply=apply)


def rectifiable(model: type[models.Model]) -> Rectifiable | None:
    return _rectifiable.get(model)


# --- «Mine data»: a person's records as they read them -----------------------------------------


@dataclass(frozen=True)
class Described:
    """One record as the person it is about reads it on «Mine data», in the active language:
    plain words, no database keys, nothing about anyone else (not the staff's names)."""

    pk: Any  # the row's key: privacy marks a row a legal hold protects, and logs the view
    title: str  # e.g. "Henvendelse 7KQ2-M9XD"
    reference: str
    date: datetime.datetime | None
    facts: tuple[tuple[str, str], ...] = ()  # (label, value): what was written, the status...
    received_by: tuple[tuple[str, datetime.datetime | None], ...] = ()  # (who, when)
    consents: tuple[str, ...] = ()
    notes: tuple[tuple[datetime.datetime, str], ...] = ()  # what staff wrote about it
    notes_title: str = ""  # when the notes are something else (a history of choices)
    kept: str = ""  # how long it is kept and what happens then, in plain words
    has_news_consent: bool = False


Describe = Callable[[Iterable[models.Model]], list[Described]]


@dataclass(frozen=True)
class Description:
    describe: Describe
    # Models whose rows are shown as part of these (a lead's deliveries, notes, history), so
    # «Mine data» does not list them again as "other records".
    covers: tuple[type[models.Model], ...] = ()


_descriptions: dict[type[models.Model], Description] = {}


def declare_description(model, describe: Describe, *, covers: Iterable = ()) -> None:
    """`describe(rows)` tells one person what these rows of `model` hold about them."""
    _descriptions[model] = Description(describe=describe, covers=tuple(covers))


def description(model: type[models.Model]) -> Description | None:
    return _descriptions.get(model)


def described_elsewhere(model: type[models.Model]) -> bool:
    return any(model in d.covers for d in _descriptions.values())
