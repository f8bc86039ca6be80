"""Loads a version of the privacy statement from a Markdown file with front matter.

    manage.py import_privacy_statement privacy/statement_texts/<file>.nb.md [--publish]

Running it again with the same file changes nothing. A changed file for a version that is
still a draft updates the draft; a published version is never overwritten (make a new one).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from privacy.models import PrivacyStatement
from privacy.statement_files import StatementFileError, read_statement


class Command(BaseCommand):
    help = "Imports a privacy statement version from a Markdown file with front matter."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Markdown file with version, effective_date, ...")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the version (also when its effective date has passed).",
        )

    @transaction.atomic
    def handle(self, *args, path, publish, **options):
        try:
            source = read_statement(path)
        except (OSError, StatementFileError) as error:
            raise CommandError(f"{path}: {error}") from error

        fields = {
            "title": source.title,
            "effective_date": source.effective_date,
            "body": source.body,
            "change_summary": source.change_summary,
        }
        statement = PrivacyStatement.objects.filter(
            language=source.language, version=source.version
        ).first()
        if statement is None:
            statement = PrivacyStatement(language=source.language, version=source.version, **fields)
            action = "created"
        elif all(getattr(statement, name) == value for name, value in fields.items()):
            action = "unchanged"
        elif statement.is_published:
            raise CommandError(
                f"Version {source.version} ({source.language}) is published and differs from "
                f"{path}; a published version cannot change. Give the file a new version."
            )
        else:
            for name, value in fields.items():
                setattr(statement, name, value)
            action = "updated"

        try:
            if action != "unchanged":
                statement.full_clean()
                statement.save()
            if publish and not statement.is_published:
                statement.publish(by=None, allow_backdated=True)
                action += ", published"
        except ValidationError as error:
            raise CommandError(f"{path}: {'; '.join(error.messages)}") from error

        self.stdout.write(f"Privacy statement {source.version} ({source.language}): {action}.")
