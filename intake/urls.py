from django.conf import settings
from django.urls import path

from intake import proof_of_work, views

app_name = "intake"

urlpatterns = [
    path("bli-medlem/", views.contact, name="contact"),
    path("bli-medlem/utfordring/", proof_of_work.challenge, name="proof_of_work"),
    path("bli-medlem/takk/<str:reference>/<str:sent_to>/<str:proof>/", views.thanks, name="thanks"),
]

if settings.INTAKE_BENCH_VIEWS:
    # The benchmark's baseline (bench/intake/): same middleware, same inserts, no form.
    from intake import bench_views

    urlpatterns += [path("bench/minimal/", bench_views.minimal, name="bench_minimal")]
