"""Public pages of the privacy statement: the current version, every version, comparisons.

The statement pages send an ETag and Last-Modified so browsers and proxies revalidate with a
304 instead of downloading the page again. The ETag covers everything that shapes the page: the
version row, the settings rendered into it, the page language and this deploy's templates.
"""

import datetime
import functools
import hashlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from privacy.models import PrivacyStatement
from privacy.models.statement import NORWAY, today_in_norway
from privacy.statement_diff import compare_statements
from privacy.statement_rendering import context_fingerprint, rendered

STATEMENT_TEMPLATE = "privacy/statement.html"


def _current_statement(request: HttpRequest) -> PrivacyStatement:
    """The version in force for the page's language (Norwegian when there is none), once per
    request: the ETag, Last-Modified and the view itself all need it."""
    if not hasattr(request, "_privacy_statement"):
        statements = PrivacyStatement.objects
        request._privacy_statement = statements.current(
            language=translation.get_language()
        ) or statements.current(language=settings.LANGUAGE_CODE)
    if request._privacy_statement is None:
        raise Http404
    return request._privacy_statement


def _statement_version(request: HttpRequest, language: str, version: str) -> PrivacyStatement:
    if not hasattr(request, "_privacy_statement"):
        request._privacy_statement = (
            PrivacyStatement.objects.published().filter(language=language, version=version).first()
        )
    if request._privacy_statement is None:
        raise Http404
    return request._privacy_statement


@functools.cache
def _deploy_fingerprint() -> str:
    """Changes when a deploy changes the page's templates, so old ETags stop matching."""
    digest = hashlib.sha256()
    for name in (STATEMENT_TEMPLATE, "base.html"):
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:12]


def _etag(request: HttpRequest, statement: PrivacyStatement, kind: str) -> str:
    return "-".join(
        [
            kind,
            str(statement.pk),
            str(int(statement.updated_at.timestamp())),
            context_fingerprint(statement.language),
            translation.get_language(),
            _deploy_fingerprint(),
        ]
    )


def _became_current_at(statement: PrivacyStatement) -> datetime.datetime:
    start_of_day = datetime.datetime.combine(statement.effective_date, datetime.time(), NORWAY)
    return max(statement.published_at, start_of_day)


def statement_page(
    request: HttpRequest,
    statement: PrivacyStatement,
    *,
    current: PrivacyStatement | None,
    preview: bool = False,
) -> HttpResponse:
    """The statement as visitors see it; the admin's preview of a draft uses the same page."""
    return render(
        request,
        STATEMENT_TEMPLATE,
        {
            "statement": statement,
            "rendered": rendered(statement),
            "is_current": current is not None and current.pk == statement.pk,
            "is_upcoming": statement.effective_date > today_in_norway(),
            "current": current,
            "preview": preview,
        },
    )


@require_GET
@cache_control(no_cache=True)
@condition(
    etag_func=lambda request: _etag(request, _current_statement(request), "current"),
    last_modified_func=lambda request: _became_current_at(_current_statement(request)),
)
def statement_current(request: HttpRequest) -> HttpResponse:
    statement = _current_statement(request)
    return statement_page(request, statement, current=statement)


@require_GET
@cache_control(no_cache=True)
@condition(
    etag_func=lambda request, language, version: _etag(
        request, _statement_version(request, language, version), "version"
    ),
    last_modified_func=lambda request, language, version: (
        _statement_version(request, language, version).published_at
    ),
)
def statement_version(request: HttpRequest, language: str, version: str) -> HttpResponse:
    statement = _statement_version(request, language, version)
    current = PrivacyStatement.objects.current(language=statement.language)
    return statement_page(request, statement, current=current)


@require_GET
def statement_versions(request: HttpRequest) -> HttpResponse:
    today = today_in_norway()
    versions = list(PrivacyStatement.objects.published().order_by("language", "-effective_date"))
    current_ids = {
        next((v.pk for v in versions if v.language == lang and v.effective_date <= today), None)
        for lang in {v.language for v in versions}
    }
    by_language: dict[str, list] = {}
    for version in versions:
        version.is_current = version.pk in current_ids
        version.is_upcoming = version.effective_date > today
        by_language.setdefault(version.language, []).append(version)
    return render(
        request,
        "privacy/statement_versions.html",
        {
            "languages": [
                {"code": code, "name": _language_name(code), "versions": items}
                for code, items in by_language.items()
            ]
        },
    )


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


@require_GET
def statement_compare(request: HttpRequest, language: str) -> HttpResponse:
    versions = list(
        PrivacyStatement.objects.published().filter(language=language).order_by("effective_date")
    )
    if not versions:
        raise Http404
    by_label = {version.version: version for version in versions}
    older_label = request.GET.get("fra", "")
    newer_label = request.GET.get("til", "")
    errors = []
    comparison = None
    if older_label or newer_label:
        if older_label not in by_label:
            errors.append(("fra", _("Velg versjonen du vil sammenligne fra.")))
        if newer_label not in by_label:
            errors.append(("til", _("Velg versjonen du vil sammenligne med.")))
        if not errors and older_label == newer_label:
            errors.append(("til", _("Velg to forskjellige versjoner.")))
        if not errors:
            older, newer = by_label[older_label], by_label[newer_label]
            if older.effective_date > newer.effective_date:
                older, newer = newer, older
            comparison = compare_statements(older, newer)
    elif len(versions) >= 2:
        # Without a choice, show what the latest change did.
        older_label, newer_label = versions[-2].version, versions[-1].version
        comparison = compare_statements(versions[-2], versions[-1])
    response = render(
        request,
        "privacy/statement_compare.html",
        {
            "language": language,
            "versions": list(reversed(versions)),
            "older_label": older_label,
            "newer_label": newer_label,
            "comparison": comparison,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
    return response
