"""`manage.py sweep_outbox`: the outbox's safety net, run by a timer (e.g. every 5 minutes)."""

from django.core.management.base import BaseCommand

from intake import outbox


class Command(BaseCommand):
    help = (
        "Legger ventende utsendinger uten levende oppgave i køen igjen, og melder fra om "
        "utsendinger en arbeider ble avbrutt midt i."
    )

    def handle(self, *args, **options) -> None:
        report = outbox.sweep()
        self.stdout.write(
            f"Lagt i kø igjen: {len(report.requeued)}. "
            f"Ukjent utfall, varslet: {len(report.abandoned)}."
        )
