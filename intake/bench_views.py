"""The benchmark's baseline (bench/intake/): mounted only when settings.INTAKE_BENCH_VIEWS is on.

It answers the same GET + POST + redirect cycle as the contact form, through the same
middleware, and writes the same rows (one lead, its deliveries, their task rows) in one
transaction, but without templates, the form class, validation or misuse defences. The gap
between the two is what the real form costs.

Its two pages are the form's own bytes, from memory: bench/intake/snapshot.py saves a copy
of the real form and thank-you page and names the folder in INTAKE_BENCH_PAGES; the baseline
fills in this request's CSRF token (and the lead's reference), so both sides send pages of the
same size and the browser's cookie works. Without snapshots it answers a few bytes.
"""

import functools
import json
import os
import secrets
from pathlib import Path

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.html import escape
from django.views.decorators.http import require_http_methods

from intake.models import Delivery, DeliveryKind, Lead, Subsidiary
from intake.tasks import send_delivery


@functools.cache
def _snapshots() -> dict | None:
    folder = os.environ.get("INTAKE_BENCH_PAGES")
    if not folder:
        return None
    folder = Path(folder)
    return {
        **json.loads((folder / "pages.json").read_text()),
        "form": (folder / "form.html").read_text(),
        "thanks": (folder / "thanks.html").read_text(),
    }


def _page(request: HttpRequest, reference: str) -> str:
    snapshots = _snapshots()
    if snapshots is None:
        return (
            '<!DOCTYPE html><form method="post">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
            f"<p>{escape(reference)}</p></form>"
        )
    page = snapshots["thanks" if reference else "form"]
    page = page.replace(snapshots["csrf"], get_token(request))
    return page.replace(snapshots["reference"], reference) if reference else page


@require_http_methods(["GET", "POST"])
def minimal(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return HttpResponse(_page(request, request.GET.get("ref", "")))
    with transaction.atomic():
        subsidiary = Subsidiary.objects.filter(offered_in_form=True).first()
        lead = Lead.objects.create(
            contact_name=request.POST.get("contact_name", "")[:120],
            email=request.POST.get("email", "")[:254],
            phone=request.POST.get("phone", "")[:20],
            company_name=request.POST.get("company_name", "")[:150],
            county=request.POST.get("county", "oslo")[:20],
            subsidiary=subsidiary,
            message=request.POST.get("message", "")[:3000],
            submission_token=secrets.token_urlsafe(24),
        )
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(lead=lead, kind=DeliveryKind.ROUTING, recipient=recipient)
                for recipient in lead.routing_recipients()
            ]
            + [Delivery(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)]
        )
        for delivery in deliveries:
            send_delivery.enqueue(delivery.pk)
    return redirect(f"{request.path}?ref={lead.reference}")
