"""Carrying out a right, each as one service the admin calls: the change, its record on the
request (who, what, when), the access log entry under the request's reference, the letter to
the person and, for rectification, erasure and restriction, the notices to those who
received the data (Art. 19).

    request_fulfil_access(request=request, by=officer)
    preview = request_erasure_preview(request=request)
    request_fulfil_erasure(request=request, by=officer)
    request_fulfil_restriction(request=request, by=officer, reason="...")
    request_refuse(request=request, by=officer, reason="...")

One module per right (`access`, `erasure`, `restriction`, `rectification`, `objection` with the
withdrawal of consent, `refusal`); `reporting` is what they share (the access log entry and the
Art. 19 notices). Import from `privacy.requests.fulfil`, which offers all of them.
"""

from privacy.requests.fulfil.access import (
    EXPORT_MAX_DOWNLOADS,
    EXPORT_VALID_FOR,
    export_download,
    find_export,
    request_fulfil_access,
)
from privacy.requests.fulfil.erasure import (
    ErasurePreview,
    kept_reasons,
    request_erasure_preview,
    request_fulfil_erasure,
    request_minimise,
)
from privacy.requests.fulfil.objection import request_fulfil_objection, request_fulfil_withdrawal
from privacy.requests.fulfil.rectification import rectifiable_rows, request_fulfil_rectification
from privacy.requests.fulfil.refusal import request_refuse
from privacy.requests.fulfil.restriction import (
    lift_notice_sent,
    request_fulfil_restriction,
    request_lift_restriction,
    request_notify_restriction_lift,
    restriction_active,
)

__all__ = [
    "EXPORT_MAX_DOWNLOADS",
    "EXPORT_VALID_FOR",
    "ErasurePreview",
    "export_download",
    "find_export",
    "kept_reasons",
    "lift_notice_sent",
    "rectifiable_rows",
    "request_erasure_preview",
    "request_fulfil_access",
    "request_fulfil_erasure",
    "request_fulfil_objection",
    "request_fulfil_rectification",
    "request_fulfil_restriction",
    "request_fulfil_withdrawal",
    "request_lift_restriction",
    "request_minimise",
    "request_notify_restriction_lift",
    "request_refuse",
    "restriction_active",
]
