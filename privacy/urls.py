from django.urls import path

from mestergruppen.views import not_yet_available

app_name = "privacy"

# Placeholders until the statement, data-subject-request and cookie issues land; the base
# layout already links here.
urlpatterns = [
    path("", not_yet_available, name="statement"),
    path("dine-rettigheter/", not_yet_available, name="rights_request"),
    path("informasjonskapsler/", not_yet_available, name="cookie_settings"),
]
