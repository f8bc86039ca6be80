"""Signal receivers of the privacy app: thin adapters, no logic here."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from privacy import statement_cache
from privacy.models import PrivacyStatement


@receiver(post_save, sender=PrivacyStatement, dispatch_uid="privacy_statement_saved")
def forget_current_statement(sender, instance: PrivacyStatement, **kwargs) -> None:
    """A publication may change which version is in force: this process asks the database
    again, now and again after commit in case a request kept the old answer in between."""
    if instance.is_published:
        statement_cache.forget_current_statement()
        transaction.on_commit(statement_cache.forget_current_statement)
