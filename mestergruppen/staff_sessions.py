"""Staff sessions end when left alone: a screen left open in a shared office stops showing
leads after `STAFF_IDLE_TIMEOUT_MINUTES` without a request."""

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"
# The session is written at most this often just to move the mark (not on every request).
MARK_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request with a session cookie opens the session: a public page must not
        # vary on cookies (it is kept and served the same to everyone).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_TIMEOUT_MINUTES * 60:
                # The admin then sends the person to its sign-in page, with where they were.
                logout(request)
            elif last_seen is None or now - last_seen > MARK_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def mark_signed_in(sender, request, user, **kwargs):
    """A fresh sign-in counts as activity (connected in mestergruppen/admin_config.py)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = time.time()
