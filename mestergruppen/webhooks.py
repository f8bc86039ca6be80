"""The email provider's tracking webhook: only the configured provider's, and a payload it
cannot read is the sender's error (400), not ours.

Anymail's `anymail.urls` mounts the inbound and tracking webhooks of every provider it knows.
Those not configured fail with a server error on any request, and a malformed body posted to
the configured one fails while it is parsed, also as a server error (the providers retry a
5xx, and monitoring counts it as ours). Only the tracking webhook of the provider named by
EMAIL_TRACKING_PROVIDER is mounted, at the address Anymail documents for it.
"""

from anymail import urls as anymail_urls
from django.core.exceptions import BadRequest, ImproperlyConfigured
from django.urls import URLPattern, path

# What a provider's parser raises on a body that is not the JSON or form it expects.
UNREADABLE_PAYLOAD = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def _readable_payloads_only(view_class):
    class TrackingWebhook(view_class):
        def parse_events(self, request):
            try:
                # Some providers parse lazily; read every event here, inside the guard.
                return list(super().parse_events(request))
            except UNREADABLE_PAYLOAD as error:
                raise BadRequest("The webhook's payload could not be read.") from error

    TrackingWebhook.__name__ = TrackingWebhook.__qualname__ = view_class.__name__
    return TrackingWebhook


def tracking_webhook_urls(provider: str) -> list[URLPattern]:
    """The one tracking webhook of `provider` (Anymail's name: "postmark", "mailgun",
    "amazon_ses" ...), or none when no provider is configured."""
    if not provider:
        return []
    for pattern in anymail_urls.urlpatterns:
        if pattern.name == f"{provider}_tracking_webhook":
            view = _readable_payloads_only(pattern.callback.view_class).as_view()
            return [path(f"anymail/{pattern.pattern}", view, name=pattern.name)]
    raise ImproperlyConfigured(f"Anymail has no tracking webhook for provider {provider!r}.")
