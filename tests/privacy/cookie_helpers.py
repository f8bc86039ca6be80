"""Helpers for the cookie-consent tests: a visitor's consent cookie as the site writes it, and
the scripts staff configure."""

import datetime
import uuid

from privacy.cookie_consent import CONSENT_COOKIE, Choice, current_declaration, declaration_refresh
from privacy.models import ConsentScript, DeclaredCookie
from privacy.models.statement import today_in_norway

STATISTICS_MARKER = "statistikk-skriptet-kjorte"
MARKETING_MARKER = "markedsforing-skriptet-kjorte"


def consent_cookie(
    *,
    statistics: bool,
    marketing: bool,
    given_on: datetime.date | None = None,
    version: int | None = None,
    consent_id: uuid.UUID | None = None,
) -> str:
    return Choice(
        version=current_declaration().version if version is None else version,
        statistics=statistics,
        marketing=marketing,
        given_on=given_on or today_in_norway(),
        consent_id=consent_id or uuid.uuid4(),
    ).cookie_value()


def configure_scripts() -> None:
    """A statistics and a marketing script, each leaving a mark in the page when it runs, and
    the cookies they set declared (as staff would do in the admin)."""
    ConsentScript.objects.create(
        name="Besøksstatistikk",
        category="statistics",
        code=f'document.documentElement.setAttribute("data-{STATISTICS_MARKER}", "ja");',
    )
    ConsentScript.objects.create(
        name="Annonsemåling",
        category="marketing",
        code=f'document.documentElement.setAttribute("data-{MARKETING_MARKER}", "ja");',
    )
    DeclaredCookie.objects.create(
        name="_stat_*",
        provider="Mestergruppen AS",
        category="statistics",
        purpose="Teller besøk.",
        lifetime="Ett år",
    )
    DeclaredCookie.objects.create(
        name="_ad",
        provider="Annonsør AS",
        category="marketing",
        purpose="Måler annonser.",
        lifetime="Tre måneder",
        domain=".testserver.local",
    )
    declaration_refresh()


__all__ = ["CONSENT_COOKIE", "configure_scripts", "consent_cookie"]
