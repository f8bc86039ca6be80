"""The news consents ticked in the contact form before the consent register existed become
rows of the register, with the time and statement version of their lead: from now on the
register decides whether news may be sent, so no earlier consent is lost and none is
invented (suspected spam, and leads already anonymised, are left out)."""

from django.db import migrations


def register_earlier_news_consents(apps, schema_editor):
    Lead = apps.get_model("intake", "Lead")
    ConsentRecord = apps.get_model("privacy", "ConsentRecord")
    leads = (
        Lead.objects.filter(wants_news=True, is_suspected_spam=False)
        .exclude(email="")
        .order_by("received_at", "pk")
    )
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                purpose="news",
                given=True,
                # Stored normalised by the form already (lower case, NFC).
                email=lead.email,
                source="contact_form",
                statement_id=lead.privacy_statement_id,
                recorded_at=lead.received_at,
            )
            for lead in leads.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0009_lead_event_rectified"),
        ("privacy", "0009_consent_register"),
    ]

    operations = [
        migrations.RunPython(register_earlier_news_consents, migrations.RunPython.noop),
    ]
