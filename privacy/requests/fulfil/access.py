"""Access and portability (Art. 15, 20): the ZIP of everything confirmed to be the person's,
kept for a limited time and number of downloads behind a link only its hash is stored of."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from privacy.models import (
    AccessAction,
    DataSubjectRequest,
    RequestActionKind,
    RequestExport,
    RequestRight,
)
from privacy.requests.export import build_export
from privacy.requests.fulfil.reporting import log_step
from privacy.requests.letters import letter_language, letter_queue, link
from privacy.requests.services import record_action, request_handle_right, request_start

EXPORT_VALID_FOR = timedelta(days=14)
EXPORT_MAX_DOWNLOADS = 3


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_export(token: str) -> RequestExport | None:
    if not token or len(token) > 100:
        return None
    return RequestExport.objects.filter(token_hash=_token_hash(token)).first()


def request_fulfil_access(*, request: DataSubjectRequest, by, note: str = "") -> RequestExport:
    """Build the ZIP (one snapshot), keep it for a limited time and number of downloads,
    and send the person the link."""
    content, total = build_export(request)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        request_start(request=request, by=by)
        export = RequestExport.objects.create(
            request=request,
            token_hash=_token_hash(token),
            content=content,
            filename=f"{request.reference}.zip",
            expires_at=timezone.now() + EXPORT_VALID_FOR,
            max_downloads=EXPORT_MAX_DOWNLOADS,
        )
        language = letter_language(request)
        with translation.override(language):
            expires = date_format(timezone.localtime(export.expires_at), "DATE_FORMAT")
        letter_queue(
            request,
            "access",
            by=by,
            link=link(reverse("privacy:request_download", args=[token]), language),
            expires=expires,
            downloads=export.max_downloads,
            note=note.strip(),
        )
        record_action(request, RequestActionKind.EXPORTED, by=by, records=total)
        log_step(request, by, AccessAction.EXPORTED, "export", records=total)
        request_handle_right(request, [RequestRight.ACCESS, RequestRight.PORTABILITY], by=by)
    return export


@transaction.atomic
def export_download(*, export: RequestExport) -> bytes | None:
    """Count one download and return the file, or None when the link is used up, expired
    or removed."""
    export = RequestExport.objects.select_for_update().get(pk=export.pk)
    if not export.is_available:
        return None
    export.downloads += 1
    export.save(update_fields=["downloads"])
    record_action(export.request, RequestActionKind.DOWNLOADED, download=export.downloads)
    return bytes(export.content)
