"""The blank contact form and the thank-you page, kept rendered in this process's memory.

Both pages are the same for everyone except a few values per request: the CSRF token, the
form's signed token, the lead's reference and its address's signature (the page and the
language switch's `next` name them). The first request for a page renders it with the
template as usual; what is kept is that rendering with those values cut out, and later
requests fill in their own. Rendering base.html and a dozen widgets was most of the pages'
CPU (bench/intake/RESULTS.md).

The key of a page must name everything else it shows (language, statement version, the
subsidiaries offered, the chain a lead went to), so an edit shows at once. Templates and
static file names change only with a deploy, which starts new processes. A request that
could see something of its own (a message after an admin action in its session, any cookie
other than the page-neutral ones, a query string in the language switch's `next`) gets its
page rendered for it instead. Anything added to these pages that depends on the request
must be a hole, or be added to that rule.
"""

import re
import secrets
from collections.abc import Callable

# Keys change only when staff edit subsidiaries or publish a statement; the bound only
# guards against surprises.
PAGE_LIMIT = 64
# A value cut out of a page must read the same in HTML as in Python (no escaping), or the
# first person's value would stay in the kept page; long enough to be found only where it
# was put.
_PLAIN = re.compile(r"[A-Za-z0-9_:\-]{10,}")
# Marks where a hole was; random per process, so page text cannot contain one by chance.
_MARK = "\x1a" + secrets.token_hex(8)

_pages: dict[tuple, tuple[str, tuple[str, ...]]] = {}


def page(key: tuple, holes: dict[str, str], render: Callable[[], str]) -> str:
    """The page for `key` with this request's `holes` ({name: value}) filled in. `render`
    renders it for this request when it is not kept yet; its output must contain the hole
    values exactly where the page differs from one request to the next."""
    kept = _pages.get(key)
    if kept is not None and kept[1] == tuple(holes):
        html = kept[0]
        for name, value in holes.items():
            html = html.replace(f"{_MARK}:{name}\x1a", value)
        return html
    html = render()
    if all(_PLAIN.fullmatch(value) for value in holes.values()):
        template = html
        for name, value in holes.items():
            template = template.replace(value, f"{_MARK}:{name}\x1a")
        if len(_pages) >= PAGE_LIMIT:
            _pages.clear()
        _pages[key] = (template, tuple(holes))
    return html


def clear() -> None:
    """For tests, whose settings (static files storage, ...) change between tests."""
    _pages.clear()
