"""Demo data for the local run: a way into the admin, the subsidiaries with their routing
rules, staff in each role and a few leads (intake/demo.py).

It lives in intake, whose data it loads: the project package imports no app.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from intake.demo import load_demo_leads, load_demo_staff, load_demo_subsidiaries

DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Loads demo data for the local run (refuses to run with DEBUG off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for the local run only (DJANGO_DEBUG=true).")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        if not password:
            raise CommandError("Set DEMO_ADMIN_PASSWORD in .env (make run writes one).")
        admin, _ = get_user_model().objects.get_or_create(
            username=DEMO_ADMIN_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "first_name": "Demo"},
        )
        admin.set_password(password)
        admin.save()
        count = load_demo_subsidiaries()
        staff = load_demo_staff(password=password)
        leads = load_demo_leads()
        self.stdout.write(
            f"Demodata: {count} datterselskaper med rutingregler, {leads} demohenvendelser."
        )
        self.stdout.write(
            f"Admin: {settings.SITE_URL}/{settings.ADMIN_URL}  bruker «{DEMO_ADMIN_USERNAME}» "
            f"(eller rollene {', '.join(f'«{name}»' for name in staff)}), "
            f"passord «{password}» (fra .env)"
        )
        self.stdout.write(self.backup_codes([DEMO_ADMIN_USERNAME, *staff]))

    def backup_codes(self, usernames: list[str]) -> str:
        """Two factors stay on locally too. A demo account without an authenticator app sets
        one up at its first sign-in; without a phone at hand, these fresh single-use backup
        codes (made anew at every start) let the newcomer in as the second factor."""
        from mestergruppen.two_factor import issue_backup_codes

        lines = ["Andre trinn: en kode fra autentiseringsappen, eller én av disse reservekodene:"]
        for user in get_user_model().objects.filter(username__in=usernames).order_by("pk"):
            lines.append(f"  {user.username}: {' '.join(issue_backup_codes(user))}")
        return "\n".join(lines)
