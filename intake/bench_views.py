"""The benchmark's baseline (bench/intake/): mounted only when settings.INTAKE_BENCH_VIEWS is on.

It answers the same GET + POST + redirect cycle as the contact form, through the same
middleware, and writes the same rows (one lead, its deliveries, their task rows) in one
transaction, but without templates, the form class, validation or misuse defences. The gap
between the two is what the real form costs.
"""

import secrets

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.html import escape
from django.views.decorators.http import require_http_methods

from intake.models import Delivery, DeliveryKind, Lead, Subsidiary
from intake.tasks import send_delivery


@require_http_methods(["GET", "POST"])
def minimal(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        reference = request.GET.get("ref", "")
        return HttpResponse(
            '<!DOCTYPE html><form method="post">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
            f"<p>{escape(reference)}</p></form>"
        )
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
