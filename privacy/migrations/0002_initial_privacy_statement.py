"""Loads the company's privacy statement of 2024-01-26 as the first published version.

The same as `manage.py import_privacy_statement <file> --publish`, written against the
historical model so it keeps working when the model changes. Reversing it leaves the row.
"""

from django.db import migrations
from django.utils import timezone


def load_initial_statement(apps, schema_editor):
    from privacy.statement_files import INITIAL_STATEMENT, read_statement

    PrivacyStatement = apps.get_model("privacy", "PrivacyStatement")
    source = read_statement(INITIAL_STATEMENT)
    if PrivacyStatement.objects.filter(language=source.language, version=source.version).exists():
        return
    PrivacyStatement.objects.create(
        version=source.version,
        language=source.language,
        title=source.title,
        effective_date=source.effective_date,
        body=source.body,
        change_summary=source.change_summary,
        status="published",
        published_at=timezone.now(),
        published_by=None,
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_privacy_statement")]

    operations = [migrations.RunPython(load_initial_statement, migrations.RunPython.noop)]
