from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Henvendelser")

    def ready(self) -> None:
        from intake import health, receivers  # noqa: F401 - connects the signal receivers
        from mestergruppen.health import register_figure

        register_figure(
            "oldest_waiting_delivery_age_seconds", health.oldest_waiting_delivery_age_seconds
        )
        register_figure("failed_deliveries_last_day", health.failed_deliveries_last_day)
