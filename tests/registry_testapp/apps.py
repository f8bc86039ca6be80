from django.apps import AppConfig


class RegistryTestappConfig(AppConfig):
    """Small models that exercise the registry without depending on intake's declarations."""

    name = "tests.registry_testapp"
    label = "registry_testapp"
    default_auto_field = "django.db.models.BigAutoField"
