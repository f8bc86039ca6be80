"""What other apps tell the requests about their data, without privacy importing them.

An app declares, in its `personal_data.py` beside its registry declarations, who received a
person's records (for the Art. 15(1)(c) summary and the Art. 19 notices)::

    from privacy.requests.hooks import declare_recipients

    declare_recipients(Lead, lead_recipients)  # lead_recipients(leads) -> list[Recipient]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
