"""The visitor's cookie choice: read from their consent cookie, given through the banner or the
panel, recorded as proof, and the declaration it was given under.

The choice lives in a first-party cookie (`consent`) holding the declaration version it was
given under, the two voluntary categories, the date, and a random consent id; the same id
names the rows of the consent register (`privacy.consents.cookie_choice_record`), which hold
what was chosen, the declaration version and the privacy statement version shown, and when,
never who the visitor is.

A choice counts only under the declaration version it was given for and for twelve months
(`CONSENT_MONTHS`); otherwise the visitor is asked again and nothing voluntary is loaded.
Withdrawing is as easy as giving (the same buttons) and deletes the voluntary cookies the
browser sends us from the withdrawn categories.

What the declaration says is kept in each process's memory (`Memo(shared=True)`): every page
asks which version is current and which scripts a category loads, and the admin forgets it
everywhere when staff change a cookie or a script.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

from mestergruppen.memo import Memo
from privacy.models.cookies import (
    CATEGORY_ORDER,
    VOLUNTARY_CATEGORIES,
    ConsentScript,
    CookieDeclarationVersion,
    DeclaredCookie,
)
from privacy.models.statement import today_in_norway

CONSENT_COOKIE = "consent"
CONSENT_MONTHS = 12
# The cookie outlives the choice by a little, so a choice that has run out is seen as such
# (the banner says so) rather than as a first visit; 12 months plus a day at most.
CONSENT_COOKIE_MAX_AGE = 366 * 24 * 60 * 60
DECLARATION_SECONDS = 30

_CATEGORY_KEYS = {"statistics": "s", "marketing": "m"}


@dataclass(frozen=True)
class Choice:
    """A visitor's choice as their consent cookie holds it."""

    version: int
    statistics: bool
    marketing: bool
    given_on: datetime.date
    consent_id: uuid.UUID

    def allows(self, category: str) -> bool:
        return bool(getattr(self, category, False))

    def cookie_value(self) -> str:
        flags = f"s{int(self.statistics)}m{int(self.marketing)}"
        return f"{self.version}.{flags}.{self.given_on:%Y%m%d}.{self.consent_id.hex}"

    def runs_out_on(self) -> datetime.date:
        year, month = divmod(self.given_on.month - 1 + CONSENT_MONTHS, 12)
        year += self.given_on.year
        day = self.given_on.day
        while True:  # 29 February and the like: the last day of the month
            try:
                return datetime.date(year, month + 1, day)
            except ValueError:
                day -= 1


def parse_choice(value: str) -> Choice | None:
    """The choice a consent cookie holds, or None for anything we did not write."""
    if not isinstance(value, str) or len(value) > 80:
        return None
    return _parsed_choice(value)


# A page asks for the visitor's variant several times (is it kept, which copy, its ETag), and
# parsing the date was most of a chosen visitor's extra cost per request; a few hundred short
# values at most are kept.
@functools.lru_cache(maxsize=256)
def _parsed_choice(value: str) -> Choice | None:
    parts = value.split(".")
    if len(parts) != 4:
        return None
    version, flags, given_on, consent_id = parts
    if not version.isdigit() or len(version) > 9 or flags[:1] != "s" or len(flags) != 4:
        return None
    if flags[2] != "m" or flags[1] not in "01" or flags[3] not in "01":
        return None
    try:
        day = datetime.datetime.strptime(given_on, "%Y%m%d").date()
        cid = uuid.UUID(hex=consent_id)
    except ValueError:
        return None
    if len(consent_id) != 32:
        return None
    return Choice(int(version), flags[1] == "1", flags[3] == "1", day, cid)


# --- The declaration -------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """What every page needs to know about the declaration, kept in memory."""

    version: int
    # The declared voluntary cookies: (name or prefix*, domain, category).
    voluntary: tuple[tuple[str, str, str], ...]
    scripts: dict[str, tuple[SafeString, ...]] = field(default_factory=dict)

    def voluntary_category(self, cookie_name: str) -> str | None:
        for name, _domain, category in self.voluntary:
            if cookie_name == name or (name.endswith("*") and cookie_name.startswith(name[:-1])):
                return category
        return None


def _script_html(code: str) -> SafeString:
    # Staff write plain JavaScript; `</` cannot end the script element early this way.
    return mark_safe(code.replace("</", "<\\/"))


def _load_declaration() -> Declaration:
    latest = CookieDeclarationVersion.objects.order_by("-number").first()
    voluntary = tuple(
        DeclaredCookie.objects.filter(category__in=VOLUNTARY_CATEGORIES).values_list(
            "name", "domain", "category"
        )
    )
    scripts: dict[str, list[SafeString]] = {}
    for script in ConsentScript.objects.filter(active=True).order_by("pk"):
        scripts.setdefault(script.category, []).append(_script_html(script.code))
    return Declaration(
        version=latest.number if latest else 0,
        voluntary=voluntary,
        scripts={category: tuple(codes) for category, codes in scripts.items()},
    )


_declaration: Memo[Declaration] = Memo(
    "cookie declaration", max_entries=1, seconds=DECLARATION_SECONDS, shared=True
)


def current_declaration() -> Declaration:
    return _declaration.get_or_set("current", _load_declaration)


def _snapshot() -> list[dict]:
    return [
        {
            "name": cookie.name,
            "provider": cookie.provider,
            "category": cookie.category,
            "purpose": cookie.purpose,
            "purpose_en": cookie.purpose_en,
            "lifetime": cookie.lifetime,
            "lifetime_en": cookie.lifetime_en,
            "domain": cookie.domain,
        }
        for cookie in DeclaredCookie.objects.filter(category__in=VOLUNTARY_CATEGORIES).order_by(
            "name"
        )
    ]


@transaction.atomic
def declaration_refresh() -> CookieDeclarationVersion:
    """After staff changed the cookie list or the scripts: a new declaration version when
    what it says about voluntary cookies changed (every visitor is then asked again), and
    every process forgets what it kept."""
    voluntary = _snapshot()
    fingerprint = hashlib.sha256(
        json.dumps(voluntary, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    latest = CookieDeclarationVersion.objects.select_for_update().order_by("-number").first()
    if latest is None or latest.fingerprint != fingerprint:
        latest = CookieDeclarationVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            fingerprint=fingerprint,
            voluntary_cookies=voluntary,
        )
    transaction.on_commit(_declaration.forget_everywhere)
    _declaration.forget_everywhere()
    return latest


def declared_cookies() -> list[DeclaredCookie]:
    """The declaration page's list: necessary first, then statistics, then marketing."""
    order = {category.value: index for index, category in enumerate(CATEGORY_ORDER)}
    return sorted(DeclaredCookie.objects.all(), key=lambda c: (order[c.category], c.name))


# --- A visitor's state -----------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    """What a page shows and loads for this visitor. `choice` is None while they are to be
    asked (first visit, a changed declaration, a choice older than twelve months)."""

    choice: Choice | None
    # The declaration's scripts by category (whether or not this visitor allows them).
    declared_scripts: dict[str, tuple[SafeString, ...]] = field(default_factory=dict)
    # A choice was there but no longer counts (the declaration changed or it ran out).
    outdated: bool = False

    @property
    def ask(self) -> bool:
        return self.choice is None

    @property
    def statistics(self) -> bool:
        return self.choice is not None and self.choice.statistics

    @property
    def marketing(self) -> bool:
        return self.choice is not None and self.choice.marketing

    @functools.cached_property
    def allowed(self) -> list[str]:
        return [c.value for c in VOLUNTARY_CATEGORIES if self.choice and self.choice.allows(c)]

    def scripts_of(self, category: str) -> tuple[SafeString, ...]:
        return self.declared_scripts.get(category, ()) if category in self.allowed else ()

    @functools.cached_property
    def scripts(self) -> tuple[SafeString, ...]:
        """The scripts this visitor's page runs: those of the categories they allowed."""
        return tuple(code for category in self.allowed for code in self.scripts_of(category))


def choice_in_force(value: str | None, *, declaration: Declaration) -> tuple[Choice | None, bool]:
    """(the choice the cookie holds if it still counts, whether one was there but no longer
    counts)."""
    choice = parse_choice(value) if value else None
    if choice is None:
        return None, False
    return _in_force(choice, declaration.version, today_in_norway())


@functools.lru_cache(maxsize=256)
def _in_force(choice: Choice, version: int, today: datetime.date) -> tuple[Choice | None, bool]:
    # Asked for several times per page (see _parsed_choice); the answer changes only with the
    # declaration's version and the day.
    if choice.version != version or choice.runs_out_on() <= today:
        return None, True
    return choice, False


def consent_state(request: HttpRequest) -> ConsentState:
    if not hasattr(request, "_consent_state"):
        declaration = current_declaration()
        choice, outdated = choice_in_force(
            request.COOKIES.get(CONSENT_COOKIE), declaration=declaration
        )
        request._consent_state = ConsentState(
            choice=choice, declared_scripts=declaration.scripts, outdated=outdated
        )
    return request._consent_state


def page_variant(value: str) -> str:
    """The kept-page variant a consent cookie selects (mestergruppen.shared_pages): asked,
    or which categories are allowed. A closed set, so every visitor with the same choice
    gets the same kept page."""
    choice, outdated = choice_in_force(value, declaration=current_declaration())
    if choice is None:
        return "outdated" if outdated else "ask"
    return f"s{int(choice.statistics)}m{int(choice.marketing)}"


def is_voluntary_cookie(name: str) -> bool:
    """A statistics or marketing cookie on the declaration: only its scripts read it, so it
    changes nothing on our pages."""
    return current_declaration().voluntary_category(name) is not None


# --- Giving, changing and withdrawing --------------------------------------------------------


def consent_choose(
    *,
    request: HttpRequest,
    response: HttpResponse,
    statistics: bool,
    marketing: bool,
    statement,
) -> Choice:
    """Record the visitor's choice, put it in their consent cookie and delete the voluntary
    cookies of the categories they did not choose."""
    from privacy.consents import cookie_choice_record

    declaration = current_declaration()
    earlier = parse_choice(request.COOKIES.get(CONSENT_COOKIE, ""))
    choice = Choice(
        version=declaration.version,
        statistics=statistics,
        marketing=marketing,
        given_on=today_in_norway(),
        # The same browser keeps its id, so its later changes read as one history.
        consent_id=earlier.consent_id if earlier else uuid.uuid4(),
    )
    cookie_choice_record(
        consent_id=choice.consent_id,
        choices={"statistics": statistics, "marketing": marketing},
        declaration_version=str(declaration.version),
        statement=statement,
    )
    response.set_cookie(
        CONSENT_COOKIE,
        choice.cookie_value(),
        max_age=CONSENT_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    for name in request.COOKIES:
        for pattern, domain, category in declaration.voluntary:
            matches = name == pattern or (pattern.endswith("*") and name.startswith(pattern[:-1]))
            if matches and not choice.allows(category):
                # Where the script set it: our host, or the domain the declaration names.
                response.delete_cookie(name, domain=domain or None)
    return choice
