"""`manage.py health`: what `/healthz` tells an operator with the token, in a terminal.

Exits 1 when the site is unhealthy, so a timer or a monitoring agent can act on it.
"""

import sys

from django.core.management.base import BaseCommand

from mestergruppen.health import site_health


class Command(BaseCommand):
    help = "Skriver ut nettstedets helse og driftstall (ingen personopplysninger)."

    def handle(self, *args, **options):
        body = site_health(detail=True)
        self.stdout.write(f"status: {body['status']}")
        for name, ok in body["checks"].items():
            self.stdout.write(f"  {name}: {'ok' if ok else 'FEIL'}")
        self.stdout.write(
            f"oldest_waiting_task_age_seconds: {body['oldest_waiting_task_age_seconds']}"
        )
        for name, value in body["detail"].items():
            self.stdout.write(f"{name}: {value}")
        if body["status"] != "ok":
            sys.exit(1)
