"""The public page of retention periods, generated from the registry's declarations."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from privacy.retention_periods import retention_periods


@require_safe
def retention_periods_page(request):
    return render(request, "privacy/retention.html", {"periods": retention_periods()})
