"""What every public page needs to show the cookie banner and run the scripts the visitor
consented to. Both are read lazily: a page that does not use them computes nothing, and a
page that runs no inline script never makes a CSP nonce."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from privacy.cookie_consent import consent_state


def cookie_consent(request: HttpRequest) -> dict:
    return {
        "consent": SimpleLazyObject(lambda: consent_state(request)),
        # A kept page (mestergruppen.shared_pages) offers its own, filled in per request.
        "csp_nonce": SimpleLazyObject(lambda: str(request.csp_nonce)),
    }
