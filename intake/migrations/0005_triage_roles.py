"""The staff roles as Django groups with their permissions (intake/roles.py names them).

Permissions are normally created after all migrations have run; they are created here first
so the groups can be given them on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CENTRAL_STAFF = "Sentralt ansatte"
SUBSIDIARY_STAFF = "Datterselskap"
PRIVACY_OFFICER = "Personvernombud"

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


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    Group.objects.get_or_create(name=SUBSIDIARY_STAFF)[0].permissions.set(
        permissions(SUBSIDIARY_PERMISSIONS)
    )
    Group.objects.get_or_create(name=CENTRAL_STAFF)[0].permissions.set(
        permissions(CENTRAL_PERMISSIONS)
    )
    # The privacy officer: what central staff may do, and every permission of the privacy
    # app (the access log now; the data-subject requests add theirs in their own migration).
    privacy = list(Permission.objects.filter(content_type__app_label="privacy"))
    Group.objects.get_or_create(name=PRIVACY_OFFICER)[0].permissions.set(
        permissions(CENTRAL_PERMISSIONS) + privacy
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[CENTRAL_STAFF, SUBSIDIARY_STAFF, PRIVACY_OFFICER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_triage_workflow"),
        ("privacy", "0004_access_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
