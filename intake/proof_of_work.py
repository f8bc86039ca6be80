"""An optional proof-of-work challenge on the contact form (ALTCHA, self-hosted).

A determined bot gets past the honeypot and the fill time; making every submission cost a
fraction of a second of computing makes sending thousands expensive, while a person does not
notice. Nothing goes to a third party: the challenge comes from our own endpoint, signed with
a key derived from SECRET_KEY, and our own script (static/js/proof-of-work.js) solves it in
the browser with Web Crypto. The format is ALTCHA's (the `altcha` library verifies it).

Without JavaScript there is no solution and the form still works: the other defences
(honeypot, fill time, rate limit) decide. A solution that is wrong, expired, forged or used
before marks the lead as suspected spam, like the other defences: stored, not routed.
"""

import base64
import datetime
import hashlib
import json

import altcha
from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_safe

from intake.misuse import cache as shared_cache

FIELD_NAME = "altcha"
CHALLENGE_SECONDS = 20 * 60  # enough to fill in the form
# A payload is a few hundred characters; anything much longer is not one.
MAX_PAYLOAD_LENGTH = 1000


def _hmac_key() -> str:
    return salted_hmac("intake.proof-of-work", "challenge").hexdigest()


@require_safe
def challenge(request: HttpRequest) -> JsonResponse:
    if not settings.INTAKE_PROOF_OF_WORK:
        raise Http404
    issued = altcha.create_challenge_v1(
        algorithm="SHA-256",
        max_number=settings.INTAKE_PROOF_OF_WORK_MAX_NUMBER,
        hmac_key=_hmac_key(),
        expires=datetime.datetime.now(tz=datetime.UTC)
        + datetime.timedelta(seconds=CHALLENGE_SECONDS),
    )
    response = JsonResponse(issued.to_dict())
    add_never_cache_headers(response)  # each visitor solves their own
    return response


def solution_refused(payload: str | None) -> bool:
    """True when the form carried a solution that does not hold. A missing one is not
    refused: the browser may have no JavaScript, and the other defences still apply."""
    if not settings.INTAKE_PROOF_OF_WORK or not payload:
        return False
    if len(payload) > MAX_PAYLOAD_LENGTH:
        return True
    try:
        valid, _ = altcha.verify_solution_v1(payload, _hmac_key(), check_expires=True)
    except (ValueError, TypeError, KeyError, AttributeError):
        return True
    if not valid:
        return True
    # Each challenge solves one submission: the first use claims its (random) salt until the
    # challenge expires, where the rate limits count (shared by every web process).
    salt = json.loads(base64.b64decode(payload))["salt"]
    claim = hashlib.sha256(salt.encode()).hexdigest()[:32]
    return not shared_cache.add(f"intake:pow:{claim}", 1, CHALLENGE_SECONDS)
