"""The "requests near their deadline" panel, for any admin page the privacy officer sees
(the triage dashboard, the admin's front page): `{% load privacy_requests %}
{% requests_near_deadline %}`. Nothing is shown to anyone without the role's permission."""

from django import template

from privacy.models import DataSubjectRequest
from privacy.models.requests import NEAR_DEADLINE_DAYS

register = template.Library()

PANEL_LIMIT = 10


@register.inclusion_tag("admin/privacy/request/_near_deadline.html", takes_context=True)
def requests_near_deadline(context) -> dict:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("privacy.view_datasubjectrequest"):
        return {"show": False}
    near = DataSubjectRequest.objects.near_deadline()
    return {
        "show": True,
        "requests": list(near[:PANEL_LIMIT]),
        "total": near.count(),
        "days": NEAR_DEADLINE_DAYS,
    }
