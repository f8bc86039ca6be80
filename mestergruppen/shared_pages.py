"""Pages kept in memory and shared between visitors, each visitor's own values filled in.

The contact form, its thank-you page and the privacy statement are the same for almost
everyone, so each web process keeps them rendered (bench/intake/RESULTS.md: rendering
base.html and a dozen widgets was most of their CPU). This module is the one place that
decides which requests may get a kept page and how the values that differ from one request to
the next are filled in. A view asks for its page with `kept_page()`; nothing else in a view or
a template needs to know the page is kept.

Which requests get a kept page (`same_for_everyone`): no query string, and no cookie but the
page-neutral ones (the CSRF and language cookies) and the variant cookies below. Any other
cookie (a session that may hold a message, a cookie we do not know) means the page is rendered
for that request alone, and not kept.

What differs per request, and how it is filled in: a kept page is the first rendering with
each per-request value cut out and marked, so later requests only put theirs in. There are two
kinds of value:

- Values of the request, in `PER_REQUEST_VALUES`: the CSRF token and the CSP nonce. The
  first rendering offers each as a template variable (`{{ csrf_token }}`, `{% csrf_token %}`,
  `{{ csp_nonce }}`) that notes when it is used, so a page that does not use one never
  computes it (the statement page sets no CSRF cookie; a page that runs no inline script
  makes no nonce).
- Values of the page, passed by the view as `page_values`: the contact form's signed token,
  a thank-you page's reference and its address's signature.

A value is filled in as it is, so it must read the same in HTML as in Python (letters, digits,
`_ : -`) and be at least ten characters long; a page with any other value is rendered per
request and not kept (mestergruppen/content_security.py makes nonces of that alphabet).

A value that selects one of a few versions of a page rather than being filled in is a
variant: the visitor's cookie choice (privacy registers its consent cookie in
`VARIANT_COOKIES` at start-up: asked, or which of statistics and marketing are allowed)
decides whether the banner is shown and which consented scripts run. Each variant is kept
apart, with a function naming the variant of a cookie value from a closed set (None for a
value that must be rendered for its request), and `variant()` is part of the statement
page's ETag. The cookies those consented scripts set change nothing on our pages; privacy
names them in `PAGE_NEUTRAL_COOKIE_RULES`, so a visitor carrying them still gets kept pages.

Two tests hold this to account (tests/site/test_kept_pages.py): one renders every kept page for
two different visitors and fails if a value of one appears in the other's page; one fails when
a template of a kept page shows something of the request this module does not know about.
"""

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from mestergruppen.memo import Memo


@dataclass(frozen=True)
class PerRequestValue:
    """A value of the request a kept page may show: the template variable that offers it,
    and how to read it."""

    variable: str
    read: Callable[[HttpRequest], str]


PER_REQUEST_VALUES = (
    PerRequestValue("csrf_token", get_token),
    # Read only by a page that runs an inline script (the statistics and marketing scripts a
    # visitor consented to); django-csp then puts it in that response's policy.
    PerRequestValue("csp_nonce", lambda request: str(request.csp_nonce)),
)

# Cookies that change nothing on a kept page.
PAGE_NEUTRAL_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
# Cookies that select a kept variant of a page: name -> the variant a value selects (a short
# label from a closed set), or None for a value that must be rendered for its request.
VARIANT_COOKIES: dict[str, Callable[[str], str | None]] = {}
# Other cookies that change nothing on a kept page, named by the app that knows them (privacy:
# the statistics and marketing cookies the consented scripts set and only they read).
PAGE_NEUTRAL_COOKIE_RULES: list[Callable[[str], bool]] = []

# A value filled in must read the same in HTML as in Python (no escaping), or the first
# person's value would stay in the kept page; long enough to be found only where it was put.
_PLAIN = re.compile(r"[A-Za-z0-9_:\-]{10,}")
# Marks where a value was; random per process, so page text cannot contain one by chance.
_MARK = "\x1a" + secrets.token_hex(8)

# One entry per page, language and variant (keys change when staff edit subsidiaries or
# publish a statement); the bound only guards against surprises.
_pages: Memo[tuple[str, tuple[str, ...]]] = Memo("kept pages", max_entries=128)


# A view asks both questions below more than once per request (is the page kept, which copy,
# its ETag); the request's cookies do not change meanwhile, so each is answered once.
_VARIANT_ATTRIBUTE = "_kept_page_variant"
_SAME_ATTRIBUTE = "_kept_page_same_for_everyone"


def variant(request: HttpRequest) -> str:
    """The variant of a kept page this request gets ("" when there are no variants)."""
    answer = getattr(request, _VARIANT_ATTRIBUTE, None)
    if answer is None:
        answer = ",".join(
            f"{name}={label(request.COOKIES[name])}"
            for name, label in sorted(VARIANT_COOKIES.items())
            if name in request.COOKIES
        )
        setattr(request, _VARIANT_ATTRIBUTE, answer)
    return answer


def same_for_everyone(request: HttpRequest) -> bool:
    """True when nothing in the request (query string, cookies) can change the page beyond
    what `kept_page` fills in and the variant it picks."""
    answer = getattr(request, _SAME_ATTRIBUTE, None)
    if answer is None:
        answer = _same_for_everyone(request)
        setattr(request, _SAME_ATTRIBUTE, answer)
    return answer


def _same_for_everyone(request: HttpRequest) -> bool:
    if request.META.get("QUERY_STRING"):
        return False
    for name, value in request.COOKIES.items():
        if name in PAGE_NEUTRAL_COOKIES or any(rule(name) for rule in PAGE_NEUTRAL_COOKIE_RULES):
            continue
        label = VARIANT_COOKIES.get(name)
        if label is None or label(value) is None:
            return False
    return True


def kept_page(
    request: HttpRequest,
    *,
    key: tuple,
    render: Callable[[dict], str],
    page_values: Mapping[str, str] | None = None,
) -> str:
    """The page `key` names (everything it shows besides the per-request values and the
    language: page, statement version, subsidiaries offered, ...), for this request.

    `render(context)` renders the page for this request; it must add `context` (the
    per-request values, under their template variables) to the template's context.
    `page_values` ({name: value}) are the page's own values that differ between requests
    with the same key; they must appear in the output exactly where the page differs.
    """
    page_values = dict(page_values or {})
    if not same_for_everyone(request):
        return render(_offered(request, used={}))
    full_key = (key, get_language(), variant(request))
    kept = _pages.get(full_key)
    if kept is not None:
        html, names = kept
        values = {**_read(request, names), **page_values}
        if set(values) == set(names):
            for name, value in values.items():
                html = html.replace(f"{_MARK}:{name}\x1a", value)
            return html
    used: dict[str, str] = {}
    html = render(_offered(request, used=used))
    values = {**used, **page_values}
    if all(_PLAIN.fullmatch(value) for value in values.values()):
        template = html
        for name, value in values.items():
            template = template.replace(value, f"{_MARK}:{name}\x1a")
        _pages.set(full_key, (template, tuple(values)))
    return html


def _offered(request: HttpRequest, *, used: dict[str, str]) -> dict:
    """The per-request values as template variables, each noting in `used` when a template
    reads it."""

    def reader(value: PerRequestValue):
        def read() -> str:
            used[value.variable] = result = str(value.read(request))
            return result

        return read

    return {value.variable: SimpleLazyObject(reader(value)) for value in PER_REQUEST_VALUES}


def _read(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    return {
        value.variable: str(value.read(request))
        for value in PER_REQUEST_VALUES
        if value.variable in names
    }


@cache
def deploy_fingerprint() -> str:
    """Changes when a deploy changes what the public pages are made of: any of our templates
    or translation catalogues, the static files' names, or Django itself. Validators (ETags) of
    kept pages include it, so a browser holding a page from before a deploy gets the new one
    rather than a 304. Computed once per process (a deploy starts new processes)."""
    digest = hashlib.sha256(django.get_version().encode())
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    for engine in engines.all():
        folders.extend(Path(folder) for folder in engine.template_dirs)
    # Templates and catalogues of installed libraries change with their version, which a
    # deploy that upgrades them changes in the page anyway; ours are read file by file.
    ours = Path(settings.BASE_DIR).resolve()
    for folder in sorted({folder.resolve() for folder in folders}):
        if not folder.is_relative_to(ours) or ".venv" in folder.parts:
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".mo"}:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    digest.update(static("css/site.css").encode())
    return digest.hexdigest()[:12]
