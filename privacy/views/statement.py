"""Public pages of the privacy statement: the current version, every version, comparisons.

The statement pages send an ETag and Last-Modified so browsers and proxies revalidate with a
304 instead of downloading the page again. Each web process also keeps the current statement
rendered in memory (privacy/statement_cache.py, mestergruppen/shared_pages.py): most requests
need no query and no template.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from mestergruppen.shared_pages import kept_page, same_for_everyone, variant
from privacy import statement_cache
from privacy.cookie_consent import consent_state
from privacy.models import PrivacyStatement
from privacy.models.statement import today_in_norway
from privacy.statement_cache import STATEMENT_TEMPLATE, statement_etag
from privacy.statement_diff import compare_statements
from privacy.statement_rendering import rendered


def _current(request: HttpRequest) -> statement_cache.CurrentStatement:
    """Once per request: the ETag, Last-Modified and the view itself all need it."""
    if not hasattr(request, "_current_statement"):
        request._current_statement = statement_cache.current_statement(translation.get_language())
    if request._current_statement is None:
        raise Http404
    return request._current_statement


def _statement_version(
    request: HttpRequest, language: str, version: str
) -> tuple[PrivacyStatement, PrivacyStatement | None]:
    """The published version asked for, and the version in force in its language (the page
    says whether it is the current, an earlier or a coming version). Once per request."""
    if not hasattr(request, "_statement_version"):
        statement = (
            PrivacyStatement.objects.published().filter(language=language, version=version).first()
        )
        if statement is None:
            raise Http404
        current = PrivacyStatement.objects.current(language=statement.language)
        request._statement_version = statement, current
    return request._statement_version


def _version_etag(request: HttpRequest, language: str, version: str) -> str:
    statement, current = _statement_version(request, language, version)
    # The notice on the page changes when another version comes into force.
    state = f"version-{current.pk if current else 0}"
    return statement_etag(statement, kind=state, language=translation.get_language())


def _version_last_modified(request: HttpRequest, language: str, version: str):
    statement, current = _statement_version(request, language, version)
    if current is None:
        return statement.published_at
    return max(statement.published_at, statement_cache.became_current_at(current))


def _language_links(request: HttpRequest) -> list[dict]:
    """This page in each language, as links: the statement page needs no POST form."""
    page_language = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            own_name = str(name)  # each language named in itself
        links.append(
            {
                "code": code,
                "name": own_name,
                "url": translate_url(request.path, code),
                "current": code == page_language,
            }
        )
    return links


def _page_context(request, statement, *, current, upcoming=None, preview=False) -> dict:
    return {
        "upcoming": upcoming,
        "statement": statement,
        "rendered": rendered(statement),
        "is_current": current is not None and current.pk == statement.pk,
        "is_upcoming": statement.effective_date > today_in_norway(),
        "current": current,
        "preview": preview,
        "language_links": [] if preview else _language_links(request),
    }


def statement_page(
    request: HttpRequest,
    statement: PrivacyStatement,
    *,
    current: PrivacyStatement | None,
    preview: bool = False,
) -> HttpResponse:
    """The statement as visitors see it; the admin's preview of a draft uses the same page."""
    context = _page_context(request, statement, current=current, preview=preview)
    return render(request, STATEMENT_TEMPLATE, context)


def _reusable(request: HttpRequest) -> bool:
    """False when the page runs scripts the visitor consented to: it carries this response's
    CSP nonce, which a copy kept by the browser would reuse under a later response's policy
    (a 304 carries a policy without it)."""
    return not consent_state(request).scripts


@require_safe
@cache_control(no_cache=True)
@condition(
    etag_func=lambda request: (
        _current(request).etag + variant(request) if _reusable(request) else None
    ),
    last_modified_func=lambda request: (
        _current(request).last_modified if _reusable(request) else None
    ),
)
def statement_current(request: HttpRequest) -> HttpResponse:
    current = _current(request)
    if not same_for_everyone(request):
        statement = current.statement
        context = _page_context(request, statement, current=statement, upcoming=current.upcoming)
        response = render(request, STATEMENT_TEMPLATE, context)
        # It may show this visitor's messages: not for shared caches, nor to revalidate.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def render_page(per_request: dict) -> str:
        statement = current.statement
        context = {
            **_page_context(request, statement, current=statement, upcoming=current.upcoming),
            **per_request,
        }
        return render_to_string(STATEMENT_TEMPLATE, context, request)

    response = HttpResponse(kept_page(request, key=("statement", current.etag), render=render_page))
    if not _reusable(request):
        patch_cache_control(response, private=True, no_store=True)
    elif variant(request):
        # The page of a visitor who has chosen (no banner) is theirs: a shared cache keeps only
        # the first-time visitor's page, and revalidates it (no-cache) with the ETag, which
        # names the variant, so a visitor who has chosen still gets theirs from us.
        patch_cache_control(response, private=True)
    return response


@require_safe
@cache_control(no_cache=True)
@condition(etag_func=_version_etag, last_modified_func=_version_last_modified)
def statement_version(request: HttpRequest, language: str, version: str) -> HttpResponse:
    statement, current = _statement_version(request, language, version)
    return statement_page(request, statement, current=current)


@require_safe
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


@require_safe
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
