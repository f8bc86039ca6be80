"""django-csp's middleware with a nonce a kept page can fill in.

django-csp makes its nonce with standard base64 (`+`, `/`, `=`); a page kept in memory
(mestergruppen/shared_pages.py) fills in only values that read the same in HTML as in Python,
so a page with such a nonce would be rendered for each request. The URL-safe alphabet is as
valid in a CSP nonce-source and carries the same 128 bits and more.
"""

import secrets

from csp.middleware import CSPMiddleware as BaseCSPMiddleware


class CSPMiddleware(BaseCSPMiddleware):
    def _make_nonce(self, request) -> str:
        stored = getattr(request, "_csp_nonce", None)
        if isinstance(stored, str):
            return stored
        nonce = secrets.token_urlsafe(18)
        request._csp_nonce = nonce
        return nonce
