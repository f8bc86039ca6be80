from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personvern")

    def ready(self):
        # Every app declares its personal data in <app>/personal_data.py; importing them
        # here is how they register without privacy ever importing them by name.
        # The system check registers itself; the receivers connect themselves; the legal
        # holds tell the retention rules which rows they protect; /healthz learns about retention.
        from privacy import checks, holds, receivers  # noqa: F401
        from privacy.health import register_retention_health_check

        register_retention_health_check()

        autodiscover_modules("personal_data")
