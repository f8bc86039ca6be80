"""The current statement page, kept ready to send.

The statement page is one of the most visited pages of the site and the same for everyone, so
each web process keeps, in its own memory, what a request needs to be answered without a query,
a template or a trip to a shared cache:

- which version is current, with the page's ETag and Last-Modified, per page language. It is
  recomputed when the Norwegian date changes (a future-dated version takes over at midnight
  exactly), when a version is published (in the publishing process at once, in the others
  within a second through the shared cache: `Memo(shared=True)`), and at the latest after
  CURRENT_SECONDS, the bound when there is no shared cache. The contact form takes the
  version it shows, and the one it accepts, from here too (intake/views.py): in that moment a
  lead may name the version published just before, which is the version its sender was shown
  and acknowledged.
- the page's ETag, which names everything that shapes the page, this deploy's templates and
  translations included (`mestergruppen.shared_pages.deploy_fingerprint`). The rendered page
  itself is kept by `mestergruppen.shared_pages.kept_page` like every page kept in memory:
  the statement page switches language with links rather than the footer's POST form, so it
  needs no CSRF token and sets no cookie, and browsers and shared caches can keep it and
  revalidate with its ETag.

Other apps ask `privacy.statements.in_force(language)`, not this module.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from mestergruppen.memo import Memo
from mestergruppen.shared_pages import deploy_fingerprint
from privacy.models.statement import NORWAY, PrivacyStatement, today_in_norway
from privacy.statement_rendering import context_fingerprint

STATEMENT_TEMPLATE = "privacy/statement.html"
CURRENT_SECONDS = 30


@dataclass(frozen=True)
class CurrentStatement:
    # The next midnight in Norway, when another version may take effect without anyone acting.
    next_midnight: datetime.datetime
    # The version itself, shared by every request of this process: read it, never change it.
    statement: PrivacyStatement
    # A published version in the same language that takes effect later: the page announces it.
    upcoming: PrivacyStatement | None
    etag: str
    last_modified: datetime.datetime


def statement_etag(statement: PrivacyStatement, *, kind: str, language: str) -> str:
    """Everything that shapes the page: the row, the settings rendered into it, the page
    language and this deploy's templates and translations."""
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


# Per page language; a few languages at most.
_current: Memo[CurrentStatement] = Memo(
    "statement in force", max_entries=8, seconds=CURRENT_SECONDS, shared=True
)


def current_statement(language: str) -> CurrentStatement | None:
    """The version in force for a page in `language` (the site's default language when there
    is none in it), from this process's memory when it is fresh."""
    found = _current.get(language)
    if found is not None and timezone.now() < found.next_midnight:
        return found
    today = today_in_norway()
    statement = PrivacyStatement.objects.current(
        language=language, on=today
    ) or PrivacyStatement.objects.current(language=settings.LANGUAGE_CODE, on=today)
    if statement is None:
        return None
    upcoming = PrivacyStatement.objects.upcoming(on=today).in_language(statement.language).first()
    last_modified = became_current_at(statement)
    if upcoming is not None:
        last_modified = max(last_modified, upcoming.published_at)
    found = CurrentStatement(
        next_midnight=datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time(), NORWAY
        ),
        statement=statement,
        upcoming=upcoming,
        etag=statement_etag(
            statement,
            kind=f"current-next{upcoming.pk}" if upcoming else "current",
            language=language,
        ),
        last_modified=last_modified,
    )
    return _current.set(language, found)


def forget_current_statement() -> None:
    """After a publication: the next request asks the database again. Kept pages stay:
    their key, the ETag, names the version row and its last change."""
    _current.forget_everywhere()
