"""Staff signed in to the admin with both factors, for the benchmarks that ask admin pages.

The admin refuses every page until the second factor is given (django-otp). A benchmark signs
in the way the real second step ends: a confirmed device of the user's, named in the session.
The benchmarks keep this helper of their own rather than import the tests' package.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice


def signed_in_client(user) -> Client:
    """A test client signed in as `user` with the second factor verified."""
    client = Client()
    client.force_login(user)
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
