"""The public contact form and its thank-you page."""

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from intake import proof_of_work, subsidiary_cache
from intake.forms import ContactForm
from intake.misuse import FormToken, issue_form_token, rate_limit_exceeded, read_form_token
from intake.models import Lead
from intake.services import SubmissionMeta, lead_submit
from intake.thank_you import thank_you_from, thank_you_path
from mestergruppen.memo import Memo
from mestergruppen.shared_pages import kept_page
from privacy import statements
from privacy.models import PrivacyStatement

RATE_LIMITED_MESSAGE = _(
    "Du har sendt mange skjemaer på kort tid. Vent noen minutter og send skjemaet på nytt. "
    "Det du har skrevet, er tatt vare på."
)


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _blank_page(request)
    statement = _statement_shown()
    subsidiaries = subsidiary_cache.offered_subsidiaries()

    form = ContactForm(request.POST, statement=statement, subsidiaries=subsidiaries)
    if not form.is_valid():
        return _render_form(request, form)
    token = read_form_token(request.POST.get("form_token"))
    if rate_limit_exceeded(request):
        # A resent POST of a lead already made asks for nothing new: show its page.
        if lead := _lead_made_with(token):
            return HttpResponseRedirect(thank_you_path(lead))
        return _render_form(request, form, status=429, rate_limited=True)

    meta = SubmissionMeta(
        language=get_language() or settings.LANGUAGE_CODE,
        submission_token=token.nonce if token else None,
        spam_reason=_spam_reason(form, token, request.POST.get(proof_of_work.FIELD_NAME)),
    )
    try:
        lead = lead_submit(form=form, request_meta=meta)
    except IntegrityError:
        # The form's token is unique to a lead: a double click, a resent POST or two POSTs
        # of one form at the same moment find the lead the first one made.
        if lead := _lead_made_with(token):
            return HttpResponseRedirect(thank_you_path(lead))
        # Or the subsidiary chosen was deleted since this process last read the list
        # (intake.subsidiary_cache): show the form again with what was typed, as it is now.
        subsidiary_cache.forget_offered_subsidiaries()
        form = ContactForm(
            request.POST, statement=statement, subsidiaries=subsidiary_cache.offered_subsidiaries()
        )
        if form.is_valid():
            raise
        return _render_form(request, form)
    return HttpResponseRedirect(thank_you_path(lead))


def _lead_made_with(token: FormToken | None) -> Lead | None:
    if token is None:
        return None
    return Lead.objects.only("reference", "subsidiary").filter(submission_token=token.nonce).first()


def _statement_shown() -> PrivacyStatement | None:
    """The version in force in the visitor's language (see `privacy.statements.in_force`)."""
    return statements.in_force(get_language() or settings.LANGUAGE_CODE)


def _spam_reason(form: ContactForm, token, solution: str | None) -> str:
    if form.honeypot_filled:
        return "honeypot"
    if token is None:
        return "invalid_token"
    if token.seconds_since_issued() < settings.INTAKE_MIN_FILL_SECONDS:
        return "too_fast"
    if proof_of_work.solution_refused(solution):
        return "proof_of_work"
    return ""


# The visible fields of a blank form, per language, statement version and subsidiaries
# offered (the key names everything they show, so an edit shows at once). In this process's
# memory, never in the shared cache: they must come from this deploy's templates.
_blank_fields_kept: Memo[SafeString] = Memo("blank form fields", max_entries=16)


def _shown(statement_pk: int | None, subsidiaries) -> tuple:
    """Everything a blank form shows besides its tokens (a published statement version
    cannot change, so its id names it)."""
    return (
        get_language(),
        statement_pk,
        tuple((s.pk, s.name, s.description) for s in subsidiaries),
    )


def _blank_fields(form: ContactForm) -> SafeString:
    """The visible fields of a blank form, rendered once and then reused: rendering a dozen
    widgets through Django's widget templates is most of the page's cost, and a blank form
    holds nothing per request (the tokens are rendered outside this part)."""
    shown = _shown(form.statement and form.statement.pk, form.subsidiaries.values())
    return _blank_fields_kept.get_or_set(
        shown,
        # Rendered by our own template, escaped there.
        lambda: mark_safe(render_to_string("intake/_contact_fields.html", {"form": form})),
    )


def _render_form(
    request: HttpRequest, form: ContactForm, *, status: int = 200, rate_limited: bool = False
) -> HttpResponse:
    response = render(
        request,
        "intake/contact.html",
        {
            "form": form,
            "blank_fields": None if form.is_bound else _blank_fields(form),
            "rate_limited_message": RATE_LIMITED_MESSAGE if rate_limited else None,
        },
        status=status,
    )
    # Each rendering carries its own token; a cached copy would share one between people.
    add_never_cache_headers(response)
    return response


def _blank_page(request: HttpRequest) -> HttpResponse:
    """The blank form, from this process's memory after the first time
    (mestergruppen.shared_pages): only the CSRF token and the form token differ from one
    visitor to the next, so a visit needs neither the form class, nor a template, nor the
    database (the statement version and the subsidiaries come from this process's memory
    too)."""
    statement = _statement_shown()
    subsidiaries = subsidiary_cache.offered_subsidiaries()
    form_token = issue_form_token()

    def render_page(per_request: dict) -> str:
        form = ContactForm(
            statement=statement, subsidiaries=subsidiaries, initial={"form_token": form_token}
        )
        context = {"form": form, "blank_fields": _blank_fields(form), **per_request}
        return render_to_string("intake/contact.html", context, request)

    html = kept_page(
        request,
        key=("contact", _shown(statement and statement.pk, subsidiaries)),
        render=render_page,
        page_values={"form_token": form_token},
    )
    response = HttpResponse(html)
    add_never_cache_headers(response)  # each copy carries its own tokens
    return response


@require_safe
def thanks(request: HttpRequest, reference: str, sent_to: str, proof: str) -> HttpResponse:
    # Only the reference and the subsidiary's name, both from the signed address: the page needs
    # no database, and an address must not reveal who sent the form.
    thank_you = thank_you_from(reference=reference, sent_to=sent_to, proof=proof)
    if thank_you is None:
        raise Http404
    # The same page for every lead sent to this subsidiary, but for its reference and address.
    subsidiary = thank_you.subsidiary
    html = kept_page(
        request,
        key=("thanks", sent_to, subsidiary and subsidiary.name),
        render=lambda per_request: render_to_string(
            "intake/thanks.html", {"thank_you": thank_you, **per_request}, request
        ),
        page_values={"reference": reference, "proof": proof},
    )
    response = HttpResponse(html)
    add_never_cache_headers(response)
    return response
