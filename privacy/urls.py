from django.urls import path

from privacy.views import pages, retention, statement

app_name = "privacy"

urlpatterns = [
    path("", statement.statement_current, name="statement"),
    path("versjoner/", statement.statement_versions, name="statement_versions"),
    path(
        "versjoner/<slug:language>/sammenlign/",
        statement.statement_compare,
        name="statement_compare",
    ),
    path(
        "versjoner/<slug:language>/<str:version>/",
        statement.statement_version,
        name="statement_version",
    ),
    path("dine-rettigheter/", pages.rights, name="rights_request"),
    path("informasjonskapsler/", pages.cookie_settings, name="cookie_settings"),
    path("lagringstid/", retention.retention_periods_page, name="retention_periods"),
]
