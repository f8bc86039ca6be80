"""The current statement page, kept ready to send.

The statement page is one of the most visited pages of the site and the same for everyone, so
each web process keeps, in its own memory, what a request needs to be answered without a query,
a template or a trip to a shared cache:

- which version is current, with the page's ETag and Last-Modified, per page language. It is
  recomputed when the Norwegian date changes (a future-dated version takes over at midnight
  exactly), when this process publishes a version, and at the latest after CURRENT_SECONDS:
  that bounds how long another web process goes on showing the previous version after a
  version taking effect today is published. The contact form takes the version it shows, and
  the one it accepts, from here too (intake/views.py): in that half minute a lead may name the
  version published just before, which is the version its sender was shown and acknowledged.
- the rendered page, by ETag. It holds nothing per visitor: the statement page switches
  language with links rather than the footer's POST form, so it needs no CSRF token and sets
  no cookie, and browsers and shared caches can keep it and revalidate with its ETag. A request
  that could see something of its own (a message after an admin action, any cookie other than
  the page-neutral ones, a query string) gets the page rendered for it instead (see
  `statement_current` in privacy/views/statement.py). Anything added to base.html that
  depends on the request must come with its own cookie or be added to that rule.
"""

import datetime
import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils import timezone

from privacy.models.statement import NORWAY, PrivacyStatement, today_in_norway
from privacy.statement_rendering import context_fingerprint

STATEMENT_TEMPLATE = "privacy/statement.html"
CURRENT_SECONDS = 30
# A few versions and languages at most; the bound only guards against surprises.
PAGE_LIMIT = 16


@dataclass(frozen=True)
class CurrentStatement:
    expires: float  # time.monotonic() after which it is computed again
    # The next midnight in Norway, when another version may take effect without anyone acting.
    next_midnight: datetime.datetime
    # The version itself, shared by every request of this process: read it, never change it.
    statement: PrivacyStatement
    etag: str
    last_modified: datetime.datetime


@functools.cache
def deploy_fingerprint() -> str:
    """Changes when a deploy changes the page's templates or stylesheet, so that browsers
    holding the old page do not get a 304 for it."""
    digest = hashlib.sha256()
    for name in (STATEMENT_TEMPLATE, "base.html"):
        digest.update(get_template(name).template.source.encode())
    digest.update(static("css/site.css").encode())
    return digest.hexdigest()[:12]


def statement_etag(statement: PrivacyStatement, *, kind: str, language: str) -> str:
    """Everything that shapes the page: the row, the settings rendered into it, the page
    language and this deploy's templates."""
    return "-".join(
        [
            kind,
            str(statement.pk),
            f"{statement.updated_at.timestamp():.6f}",
            context_fingerprint(statement.language),
            language,
            deploy_fingerprint(),
        ]
    )


def became_current_at(statement: PrivacyStatement) -> datetime.datetime:
    start_of_day = datetime.datetime.combine(statement.effective_date, datetime.time(), NORWAY)
    return max(statement.published_at, start_of_day)


_current: dict[str, CurrentStatement] = {}
_pages: dict[str, bytes] = {}


def current_statement(language: str) -> CurrentStatement | None:
    """The version in force for a page in `language` (the site's default language when there
    is none in it), from this process's memory when it is fresh."""
    found = _current.get(language)
    if (
        found is not None
        and found.expires > time.monotonic()
        and timezone.now() < found.next_midnight
    ):
        return found
    today = today_in_norway()
    statement = PrivacyStatement.objects.current(
        language=language, on=today
    ) or PrivacyStatement.objects.current(language=settings.LANGUAGE_CODE, on=today)
    if statement is None:
        return None
    found = CurrentStatement(
        next_midnight=datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time(), NORWAY
        ),
        expires=time.monotonic() + CURRENT_SECONDS,
        statement=statement,
        etag=statement_etag(statement, kind="current", language=language),
        last_modified=became_current_at(statement),
    )
    _current[language] = found
    return found


def forget_current_statement() -> None:
    """After a publication (and between tests): the next request asks the database again.
    Pages stay: their ETag names the version row and its last change."""
    _current.clear()


def clear() -> None:
    """Everything this process keeps; for tests, whose settings (static files storage, the
    controller's details) change between one test and the next."""
    _current.clear()
    _pages.clear()
    deploy_fingerprint.cache_clear()


def cached_page(etag: str) -> bytes | None:
    return _pages.get(etag)


def keep_page(etag: str, page: bytes) -> None:
    if len(_pages) >= PAGE_LIMIT:
        _pages.clear()
    _pages[etag] = page
