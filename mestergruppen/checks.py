"""Deploy checks (`manage.py check --deploy`): production refuses the local run's defaults.

- The contact form's rate limit counts in the `rate_limits` cache (the shared cache, or the
  database when CACHE_URL is unset). In one process's memory each gunicorn worker would
  count alone, so the limit would be several times what is set.
- Emails carry a lead's personal data. A console or file route would print or store them
  where the logs go instead of sending them.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)
LOCAL_EMAIL_ROUTES = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


@register(Tags.security, deploy=True)
def check_shared_state_and_email_route(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    caches = settings.CACHES
    cache_backend = caches.get("rate_limits", caches["default"])["BACKEND"]
    if cache_backend not in SHARED_CACHES:
        errors.append(
            Error(
                f"The rate limits' cache ({cache_backend}) is not shared between web "
                "processes: each would keep its own counters.",
                hint="Set CACHE_URL to Redis (redis://host:6379/1), or leave it unset for the "
                "database cache.",
                id="mestergruppen.E001",
            )
        )
    if settings.EMAIL_BACKEND in LOCAL_EMAIL_ROUTES:
        errors.append(
            Error(
                f"The email route ({settings.EMAIL_BACKEND}) does not send email: it would "
                "print or keep the personal data of every lead instead.",
                hint="Set EMAIL_URL to an SMTP server (smtp://user:password@host:587/?tls=True) "
                "or EMAIL_BACKEND to an Anymail provider.",
                id="mestergruppen.E002",
            )
        )
    return errors
