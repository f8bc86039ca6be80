from django.urls import path

from mestergruppen.views import not_yet_available

app_name = "intake"

# Placeholder until the contact-form issue lands; the base layout already links here.
urlpatterns = [
    path("bli-medlem/", not_yet_available, name="contact"),
]
