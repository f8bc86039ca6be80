"""Staff roles: Django groups with their permissions.

The migration `0005_triage_roles` created them (a frozen copy of the definitions below);
`sync_role_groups()` makes them again, for tests whose database was flushed and for the demo
data. A test checks that the two agree.

Access follows permissions, not group names: `intake.view_all_leads` opens every lead,
`intake.view_lead` alone only the leads of the subsidiaries a person is a member of
(see `Lead.objects.visible_to`).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from intake.models import visible_subsidiary_ids

CENTRAL_STAFF = "Sentralt ansatte"
SUBSIDIARY_STAFF = "Datterselskap"
PRIVACY_OFFICER = "Personvernombud"
ROLES = [CENTRAL_STAFF, SUBSIDIARY_STAFF, PRIVACY_OFFICER]

SUBSIDIARY_PERMISSIONS = [
    ("intake", "view_lead"),
    ("intake", "change_lead"),
    ("intake", "export_lead"),
    ("intake", "view_delivery"),
    ("intake", "view_leadnote"),
    ("intake", "add_leadnote"),
    ("intake", "view_leadevent"),
]
CENTRAL_PERMISSIONS = [
    *SUBSIDIARY_PERMISSIONS,
    ("intake", "view_all_leads"),
    ("intake", "view_subsidiary"),
    ("intake", "add_subsidiary"),
    ("intake", "change_subsidiary"),
    ("intake", "view_routingrule"),
    ("intake", "add_routingrule"),
    ("intake", "change_routingrule"),
    ("intake", "delete_routingrule"),
]


def sync_role_groups() -> None:
    """Create the role groups (if missing) and give them exactly their permissions. The
    privacy officer gets central staff's and every permission of the privacy app."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    def permissions(pairs):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]

    central = permissions(CENTRAL_PERMISSIONS)
    Group.objects.get_or_create(name=SUBSIDIARY_STAFF)[0].permissions.set(
        permissions(SUBSIDIARY_PERMISSIONS)
    )
    Group.objects.get_or_create(name=CENTRAL_STAFF)[0].permissions.set(central)
    Group.objects.get_or_create(name=PRIVACY_OFFICER)[0].permissions.set(
        central + list(Permission.objects.filter(content_type__app_label="privacy"))
    )


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
