"""When a public page may be served from a copy made for someone else.

The statement pages and the contact form keep rendered pages in memory. Both apps must agree
on one rule for which requests can be given such a copy, or a cookie added later (a consent
choice, say) would be honoured on one page and ignored on the other.
"""

from django.conf import settings
from django.http import HttpRequest

# Cookies that change nothing on a shared page. Any other cookie (a session that may hold a
# message, a consent choice, ...) means the page is rendered for this request.
PAGE_NEUTRAL_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})


def same_for_everyone(request: HttpRequest) -> bool:
    """True when nothing in the request (query string, cookies) can change the page."""
    return not request.META.get("QUERY_STRING") and request.COOKIES.keys() <= PAGE_NEUTRAL_COOKIES
