from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Henvendelser")

    def ready(self) -> None:
        from intake import receivers  # noqa: F401 - connects the signal receivers
