"""The role groups the migration made are the roles the code describes."""

import pytest
from django.contrib.auth.models import Group

from intake.roles import ROLES, sync_role_groups

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.filter(name__in=ROLES).prefetch_related(
            "permissions__content_type"
        )
    }


def test_migration_made_the_three_roles_as_the_code_describes_them():
    made_by_migration = _snapshot()

    sync_role_groups()

    assert set(made_by_migration) == set(ROLES)
    assert made_by_migration == _snapshot()


def test_only_central_staff_and_the_privacy_officer_see_every_lead():
    roles = _snapshot()

    assert "intake.view_all_leads" in roles["Sentralt ansatte"]
    assert "intake.view_all_leads" in roles["Personvernombud"]
    assert "intake.view_all_leads" not in roles["Datterselskap"]
    assert "privacy.view_accessrecord" in roles["Personvernombud"]
    assert not any(p.startswith("privacy.") for p in roles["Sentralt ansatte"])
    assert not any(p.startswith("privacy.") for p in roles["Datterselskap"])
