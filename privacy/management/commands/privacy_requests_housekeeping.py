"""Reminders, expiry of unconfirmed requests and removal of expired exports (run hourly)."""

from django.core.management.base import BaseCommand

from privacy.requests.services import requests_housekeeping


class Command(BaseCommand):
    help = (
        "Minner én gang om ubekreftede forespørsler om personvernrettigheter, sletter dem som "
        "fortsatt er ubekreftet etter påminnelsen, og fjerner kopier der lenken er utløpt."
    )

    def handle(self, *args, **options):
        done = requests_housekeeping()
        self.stdout.write(
            "reminded={reminded} expired={expired} exports_removed={exports_removed}".format(**done)
        )
