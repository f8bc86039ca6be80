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
        _register_consent_with_kept_pages()

        autodiscover_modules("personal_data")
        # The cookie declaration's tables (no personal data), declared like every model.
        from privacy import cookie_data  # noqa: F401


def _register_consent_with_kept_pages() -> None:
    """The pages kept in memory come in one variant per consent state (banner or not, which
    scripts run), and the voluntary cookies those scripts set change nothing on them."""
    from mestergruppen import shared_pages
    from privacy.cookie_consent import CONSENT_COOKIE, is_voluntary_cookie, page_variant

    shared_pages.VARIANT_COOKIES[CONSENT_COOKIE] = page_variant
    if is_voluntary_cookie not in shared_pages.PAGE_NEUTRAL_COOKIE_RULES:
        shared_pages.PAGE_NEUTRAL_COOKIE_RULES.append(is_voluntary_cookie)
