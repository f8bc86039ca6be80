"""A signed-in central staff member for the load table: prints a Cookie header value.

Creates the user (role "Sentralt ansatte") and a database session as a sign-in would, with
the second factor verified (bench/staff.py).
"""

import sys
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from staff import signed_in_client  # noqa: E402

from intake.roles import CENTRAL_STAFF, sync_role_groups  # noqa: E402

sync_role_groups()
user, _ = get_user_model().objects.get_or_create(
    username="last-sentral", defaults={"is_staff": True, "first_name": "Last"}
)
user.groups.set([Group.objects.get(name=CENTRAL_STAFF)])
client = signed_in_client(user)
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
