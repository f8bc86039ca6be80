"""The pages of «Mine data» (`/personvern/mine-data/`).

Every page is `never_cache`d and `noindex`: each is one person's. The pages that act change
something only on a POST, so a mail program or a browser's prefetch cannot use a link up,
download a copy or erase anything.
"""

import logging
import re
from functools import wraps

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mestergruppen.misuse import rate_limit_exceeded, read_form_token
from privacy.mine_data import actions
from privacy.mine_data.forms import ASKABLE, FORM_TOKEN_SALT, AskForm, LinkForm
from privacy.mine_data.links import (
    LINK_VALID_FOR,
    SESSION_LENGTH,
    clear_session_cookie,
    find_link,
    link_open,
    link_request,
    session_end,
    session_of,
    set_session_cookie,
)
from privacy.mine_data.overview import overview_for
from privacy.models import DataSubjectRequest
from privacy.requests.views import RATE_LIMITED_MESSAGE

logger = logging.getLogger(__name__)

ERASED_SALT = "privacy.mine_data.erased"
PREVIEW_SALT = "privacy.mine_data.erasure-preview"
# A request's reference as the site makes them; anything else in the query is ignored.
REFERENCE = re.compile(r"PV-[0-9A-Z]{8}")
MINUTES = {
    "link_minutes": int(LINK_VALID_FOR.total_seconds() // 60),
    "session_minutes": int(SESSION_LENGTH.total_seconds() // 60),
}


def _page(request, template, context=None, *, status=200) -> HttpResponse:
    response = render(
        request, f"privacy/mine_data/{template}", {**MINUTES, **(context or {})}, status=status
    )
    add_never_cache_headers(response)
    return response


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# --- Asking for the link -----------------------------------------------------------------------


def _suspected_misuse(form: LinkForm, token) -> str:
    if form.honeypot_filled:
        return "honeypot"
    if token is None:
        return "invalid_token"
    if token.seconds_since_issued() < settings.INTAKE_MIN_FILL_SECONDS:
        return "too_fast"
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, "start.html", {"form": LinkForm()})
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _page(request, "start.html", {"form": form})
    if rate_limit_exceeded(
        request,
        scope="mine-data",
        limit=settings.PRIVACY_REQUEST_RATE_LIMIT,
        window=settings.INTAKE_RATE_LIMIT_WINDOW_SECONDS,
    ):
        context = {"form": form, "rate_limited_message": RATE_LIMITED_MESSAGE}
        return _page(request, "start.html", context, status=429)
    reason = _suspected_misuse(
        form, read_form_token(request.POST.get("form_token"), salt=FORM_TOKEN_SALT)
    )
    if reason:
        # Nothing stored, nothing sent, the same page: a bot learns nothing and makes us
        # email no one.
        logger.info("mine data link dropped as suspected misuse", extra={"reason": reason})
    else:
        link_request(email=form.cleaned_data["email"], language=_language())
    return HttpResponseRedirect(reverse("privacy:mine_data_sent"))


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    # The same words whether or not we hold anything about the address.
    return _page(request, "sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        if find_link(token) is None:
            return _page(request, "link_invalid.html", status=410)
        return _page(request, "open.html")
    opened = link_open(token=token)
    if opened is None:
        return _page(request, "link_invalid.html", status=410)
    _row, session_token = opened
    response = HttpResponseRedirect(reverse("privacy:mine_data_overview"))
    set_session_cookie(response, session_token)
    add_never_cache_headers(response)
    return response


# --- The session -------------------------------------------------------------------------------


def with_session(view):
    """The view gets the open session's row; without one, a page that says the session is
    over (and where to get a new link)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        row = session_of(request)
        if row is None:
            response = _page(request, "session_over.html", status=403)
            clear_session_cookie(response)
            return response
        return view(request, row, *args, **kwargs)

    return wrapper


@require_safe
@with_session
def overview(request: HttpRequest, row) -> HttpResponse:
    found = overview_for(row.email)
    asked = None
    reference = request.GET.get("sendt", "")
    if REFERENCE.fullmatch(reference):
        asked = DataSubjectRequest.objects.filter(reference=reference, email=row.email).first()
    context = {
        "overview": found,
        "session": row,
        "asked": asked,
        "news_withdrawn": request.GET.get("nyheter") == "trukket",
        "askable": ASKABLE,
    }
    return _page(request, "overview.html", context)


@require_POST
@with_session
def download(request: HttpRequest, row) -> HttpResponse:
    answered, content = actions.download_copy(email=row.email, language=_language())
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{answered.reference}.zip"'
    add_never_cache_headers(response)
    return response


@require_POST
@with_session
def news(request: HttpRequest, row) -> HttpResponse:
    actions.withdraw_news_consent(email=row.email, language=_language())
    return HttpResponseRedirect(reverse("privacy:mine_data_overview") + "?nyheter=trukket")


@require_http_methods(["GET", "HEAD", "POST"])
@with_session
def ask(request: HttpRequest, row, right: str) -> HttpResponse:
    if right not in ASKABLE:
        raise Http404
    chosen, label, required = ASKABLE[right]
    if request.method != "POST":
        form = AskForm(label=label, required=required)
    else:
        form = AskForm(request.POST, label=label, required=required)
        if form.is_valid():
            asked = actions.ask(
                email=row.email,
                right=chosen,
                details=form.cleaned_data["details"],
                language=_language(),
            )
            url = reverse("privacy:mine_data_overview") + f"?sendt={asked.reference}"
            return HttpResponseRedirect(url)
    return _page(request, "ask.html", {"form": form, "right": chosen, "slug": right})


@require_http_methods(["GET", "HEAD", "POST"])
@with_session
def erase(request: HttpRequest, row) -> HttpResponse:
    """The preview first, always: the button carries a signed mark of this session's preview,
    and a POST without it (not from the page) shows the preview instead of erasing."""
    shown = request.method == "POST" and _preview_seen(request.POST.get("preview", ""), row)
    if not shown:
        preview = actions.erasure_preview(email=row.email)
        context = {
            "preview": preview,
            "lines": actions.preview_lines(preview),
            "recipient_names": sorted({r.name for r in preview.recipients}),
            "preview_mark": signing.dumps(row.pk, salt=PREVIEW_SALT),
        }
        return _page(request, "erase.html", context)
    outcome = actions.erase(email=row.email, language=_language())
    receipt = signing.dumps([outcome.request.reference, outcome.done], salt=ERASED_SALT)
    response = HttpResponseRedirect(reverse("privacy:mine_data_erased") + f"?k={receipt}")
    if outcome.done:
        clear_session_cookie(response)
    return response


def _preview_seen(mark: str, row) -> bool:
    try:
        return (
            signing.loads(mark[:200], salt=PREVIEW_SALT, max_age=SESSION_LENGTH.total_seconds())
            == row.pk
        )
    except signing.BadSignature:
        return False


@require_safe
def erased(request: HttpRequest) -> HttpResponse:
    try:
        reference, done = signing.loads(
            request.GET.get("k", "")[:200], salt=ERASED_SALT, max_age=3600
        )
    except (signing.BadSignature, ValueError):
        return _page(request, "session_over.html", status=403)
    return _page(request, "erased.html", {"reference": reference, "done": done})


@require_POST
def end(request: HttpRequest) -> HttpResponse:
    row = session_of(request)
    if row is not None:
        session_end(row)
    response = HttpResponseRedirect(reverse("privacy:mine_data") + "?avsluttet=1")
    clear_session_cookie(response)
    return response
