from django.urls import path

from privacy.requests import views as requests
from privacy.views import news, pages, retention, statement

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
    path("dine-rettigheter/", requests.rights, name="rights_request"),
    path("dine-rettigheter/sendt/", requests.request_sent, name="request_sent"),
    path(
        "dine-rettigheter/bekreft/<str:token>/",
        requests.request_confirm_view,
        name="request_confirm",
    ),
    path("dine-rettigheter/kopi/<str:token>/", requests.request_download, name="request_download"),
    path("informasjonskapsler/", pages.cookie_settings, name="cookie_settings"),
    path("lagringstid/", retention.retention_periods_page, name="retention_periods"),
    path("nyheter/avmeld/<str:token>/", news.news_unsubscribe, name="news_unsubscribe"),
    path("nyheter/avmeldt/", news.news_unsubscribed, name="news_unsubscribed"),
]
