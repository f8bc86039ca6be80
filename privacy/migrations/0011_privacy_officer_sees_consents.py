from django.contrib.auth.management import create_permissions
from django.db import migrations

PRIVACY_OFFICER = "Personvernombud"


def let_the_privacy_officer_see_consents(apps, schema_editor):
    """The role groups (intake 0005) give the privacy officer every privacy permission that
    existed then; the consent register's view permission is new."""
    app_config = apps.get_app_config("privacy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=PRIVACY_OFFICER).first()
    if group is not None:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="privacy", codename="view_consentrecord")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0010_request_list_and_phone_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(let_the_privacy_officer_see_consents, migrations.RunPython.noop),
    ]
