"""`manage.py enforce_retention [--dry-run] [--batch-size N] [--workers N]`: the daily retention
run.

Run it from a timer (README, "Production on one machine"); it is safe to run again after it
was stopped halfway, and two runs at once only share the work.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from privacy.retention import BATCH_SIZE, retention_enforce

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Sletter eller anonymiserer det som har passert lagringstiden i personopplysnings-"
        "registeret, i små transaksjoner, og skriver en rapport per type post."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Bare tell hva som ville blitt slettet eller anonymisert; endre ingenting.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Poster per transaksjon (standard {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Transaksjoner som kjører samtidig, hver med sin databaseforbindelse "
            "(bare PostgreSQL; standard 1). Flere gir sletterunden en større del av "
            "maskinen når annet arbeid også trenger den.",
        )

    def handle(
        self, *args, dry_run=False, batch_size=BATCH_SIZE, workers=1, verbosity=1, **options
    ):
        if batch_size < 1:
            raise CommandError("--batch-size må være minst 1.")
        if not 1 <= workers <= 16:
            raise CommandError("--workers må være mellom 1 og 16.")
        show_bar = verbosity >= 1
        run = retention_enforce(
            dry_run=dry_run,
            batch_size=batch_size,
            workers=workers,
            progress=self._progress if show_bar else None,
        )
        if verbosity < 1:
            return
        title = "Prøvekjøring: ingenting er endret." if dry_run else "Sletterunden er fullført."
        self.stdout.write(self.style.SUCCESS(title))
        width = max([len(c["name"]) for c in run.report.values()] + [10])
        self.stdout.write(
            f"{'type post':<{width}}  {'slettet':>9}  {'anonymisert':>11}  {'beholdt':>9}  "
            f"{'holdt':>9}  {'hold opphevet':>13}"
        )
        for counts in run.report.values():
            self.stdout.write(
                f"{counts['name']:<{width}}  {counts['deleted']:>9}  {counts['anonymised']:>11}  "
                f"{counts['kept']:>9}  {counts['held']:>9}  {counts['released']:>13}"
            )

    def _progress(self, label: str, done: int, total: int) -> None:
        """A bar per kind of record: redrawn in place on a terminal, one line per step in a
        log (a timer's journal should not fill with carriage returns)."""
        share = done / total if total else 1.0
        filled = int(BAR_WIDTH * share)
        bar = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:>4.0%} {label}: {done}/{total}"
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        if stream.isatty():
            stream.write("\r" + bar + ("\n" if done >= total else ""))
            stream.flush()
        elif done >= total or done == 0:
            stream.write(bar + "\n")
