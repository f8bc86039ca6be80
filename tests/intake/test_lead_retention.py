from datetime import timedelta

from django.utils import timezone

from intake.models import County, Lead
from privacy.registry import registry


def _lead(*, days_old: int, spam: bool) -> Lead:
    return Lead.objects.create(
        contact_name="Åse",
        email="ase@example.no",
        phone="+4791234567",
        company_name="Bygg AS",
        county=County.OSLO,
        received_at=timezone.now() - timedelta(days=days_old),
        is_suspected_spam=spam,
        submission_token=f"t-{days_old}-{spam}",
    )


def test_suspected_spam_expires_after_a_month_and_genuine_leads_after_a_year(db):
    old_spam = _lead(days_old=31, spam=True)
    _lead(days_old=29, spam=True)
    _lead(days_old=200, spam=False)
    old_lead = _lead(days_old=366, spam=False)

    expired = registry.get(Lead).retention.expired(Lead.objects.all())

    assert set(expired) == {old_spam, old_lead}
