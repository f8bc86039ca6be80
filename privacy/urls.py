from django.urls import path

from mestergruppen.views import not_yet_available
from privacy.views import statement

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
    # Placeholders until the data-subject-request and cookie issues land; the base layout and
    # the statement's #cookie-settings link already point here.
    path("dine-rettigheter/", not_yet_available, name="rights_request"),
    path("informasjonskapsler/", not_yet_available, name="cookie_settings"),
]
