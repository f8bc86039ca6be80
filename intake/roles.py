"""Staff roles: Django groups created by the migration `0005_triage_roles`.

Access follows permissions, not group names: `intake.view_all_leads` opens every lead,
`intake.view_lead` alone only the leads of the subsidiaries a person is a member of
(see `Lead.objects.visible_to`). The names are here so tests and the demo data use the same
groups the migration made.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from intake.models import visible_subsidiary_ids

CENTRAL_STAFF = "Sentralt ansatte"
SUBSIDIARY_STAFF = "Datterselskap"
PRIVACY_OFFICER = "Personvernombud"
ROLES = [CENTRAL_STAFF, SUBSIDIARY_STAFF, PRIVACY_OFFICER]


def assignable_users(user) -> QuerySet:
    """Whom `user` may make responsible for a lead: for central staff anyone with a role, for
    subsidiary staff their colleagues in the same subsidiaries (so nobody is offered the names
    of another subsidiary's staff)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    if user.has_perm("intake.view_all_leads"):
        users = users.filter(Q(groups__name__in=ROLES) | Q(is_superuser=True))
    else:
        users = users.filter(subsidiaries__in=visible_subsidiary_ids(user))
    ids = users.values("pk")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")
