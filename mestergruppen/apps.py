from django.apps import AppConfig


class MestergruppenConfig(AppConfig):
    name = "mestergruppen"

    def ready(self):
        from django.contrib import admin

        from mestergruppen import checks  # noqa: F401 (registers the deploy checks)
        from mestergruppen.admin_lookups import read_filters_safely_everywhere

        # Last in INSTALLED_APPS: every app's admin module has registered its lists by now.
        read_filters_safely_everywhere(admin.site)
