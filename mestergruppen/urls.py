from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mestergruppen import health, views
from mestergruppen.webhooks import tracking_webhook_urls

admin.site.site_header = _("Mestergruppen – administrasjon")
admin.site.site_title = _("Mestergruppen")
admin.site.index_title = _("Oversikt")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    # The email provider's tracking webhook (basic auth: ANYMAIL_WEBHOOK_SECRET), e.g.
    # /anymail/postmark/tracking/. Outside i18n_patterns: providers post to one fixed URL.
    *tracking_webhook_urls(settings.EMAIL_TRACKING_PROVIDER),
]

# Norwegian at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("intake.urls")),
    path("personvern/", include("privacy.urls")),
    prefix_default_language=False,
)

handler400 = "mestergruppen.views.bad_request"
handler403 = "mestergruppen.views.permission_denied"
handler404 = "mestergruppen.views.page_not_found"
handler500 = "mestergruppen.views.server_error"
