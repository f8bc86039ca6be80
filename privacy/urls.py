from django.urls import path

from privacy.mine_data import views as mine_data
from privacy.requests import views as requests
from privacy.views import cookies, news, retention, statement

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
    path("mine-data/", mine_data.start, name="mine_data"),
    path("mine-data/sendt/", mine_data.sent, name="mine_data_sent"),
    path("mine-data/lenke/<str:token>/", mine_data.open_link, name="mine_data_open"),
    path("mine-data/oversikt/", mine_data.overview, name="mine_data_overview"),
    path("mine-data/kopi/", mine_data.download, name="mine_data_download"),
    path("mine-data/nyheter/", mine_data.news, name="mine_data_news"),
    path("mine-data/be-om/<slug:right>/", mine_data.ask, name="mine_data_ask"),
    path("mine-data/slett/", mine_data.erase, name="mine_data_erase"),
    path("mine-data/slettet/", mine_data.erased, name="mine_data_erased"),
    path("mine-data/avslutt/", mine_data.end, name="mine_data_end"),
    path("informasjonskapsler/", cookies.cookie_settings, name="cookie_settings"),
    path("informasjonskapsler/valg/", cookies.consent_choose_view, name="consent_choose"),
    path(
        "informasjonskapsler/skript/<slug:category>.js",
        cookies.consent_scripts,
        name="consent_scripts",
    ),
    path("lagringstid/", retention.retention_periods_page, name="retention_periods"),
    path("nyheter/avmeld/<str:token>/", news.news_unsubscribe, name="news_unsubscribe"),
    path("nyheter/avmeldt/", news.news_unsubscribed, name="news_unsubscribed"),
]
