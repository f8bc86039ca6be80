"""How long each kind of personal data is kept, in words, from the registry's declarations.

One source for the public page (`/personvern/lagringstid/`) and the records of processing
(Art. 30(1)(f)), so what people are told, what the officer documents and what the retention
run does (`privacy.retention`) cannot disagree.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from privacy.registry import Anonymise, Delete, Keep, ModelDeclaration, registry


def _period(declaration: ModelDeclaration) -> str:
    retention = declaration.retention
    if retention.parent:
        parent = declaration.model._meta.get_field(retention.parent).related_model
        return _("Like lenge som %(parent)s den hører til") % {"parent": parent._meta.verbose_name}
    return str(retention.description)


def _at_expiry(declaration: ModelDeclaration) -> str:
    words = _what_then(declaration.retention.then)
    # "Anonymiseres: ...; mistenkt søppel slettes"
    return "; ".join([words, *(str(case.description) for case in declaration.retention.cases)])


def _what_then(then) -> str:
    if isinstance(then, Delete):
        return _("Slettes")
    if isinstance(then, Anonymise):
        return _("Anonymiseres: det som kan identifisere deg fjernes, tallene til statistikk blir")
    if isinstance(then, Keep):
        return _("Beholdes: %(reason)s") % {"reason": then.reason}
    return _("Vurderes og slettes av personvernrådgiveren")


def retention_rule(declaration: ModelDeclaration) -> dict[str, Any]:
    """One declaration's rule: what, how long, what happens then."""
    return {
        "model": declaration.label,
        "name": declaration.display_name,
        "period": _period(declaration),
        "at_expiry": _at_expiry(declaration),
        "automatic": declaration.retention.expires_by_itself or bool(declaration.retention.parent),
    }


def retention_periods() -> list[dict[str, Any]]:
    """Every declared period of personal data, in registration order."""
    return [
        retention_rule(declaration)
        for declaration in registry.with_personal_data()
        if declaration.retention is not None
    ]
