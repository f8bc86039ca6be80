from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    # Not «Henvendelser»: the breadcrumbs would name the app and its lead list alike.
    verbose_name = _("Kontaktskjema")

    def ready(self) -> None:
        # How a lead reads on «Mine data» (privacy.mine_data), declared with privacy.
        from intake import (  # noqa: F401 - connects the signal receivers
            health,
            mine_data,
            receivers,
        )
        from mestergruppen.health import register_figure

        register_figure(
            "oldest_waiting_delivery_age_seconds", health.oldest_waiting_delivery_age_seconds
        )
        register_figure("failed_deliveries_last_day", health.failed_deliveries_last_day)
