import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from mestergruppen.http import lenient

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestergruppen.settings")

application = lenient(get_wsgi_application())

# gunicorn and runserver both load this module: production (DJANGO_DEBUG off) must fail at
# start-up without its key, not on the first request that signs a cookie.
try:
    _ = settings.SECRET_KEY  # Django raises when it is empty
except ImproperlyConfigured:
    raise ImproperlyConfigured(
        "SECRET_KEY is required when DJANGO_DEBUG is off. Set it in the environment "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    ) from None
