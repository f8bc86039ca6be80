"""How tests sign staff in now that the admin asks for two factors (see tests/conftest.py).

- `StaffClient.force_login(user)` signs in with both factors: it also gives the user a
  confirmed authenticator app (TOTP device) and marks the session verified, as the second
  step of the real sign-in does. `force_login(user, second_factor=False)` is a password-only
  session, for the tests of what the admin refuses then.
- `app_code(user)` is the code the user's authenticator app shows now.
- `sign_in_through_admin_form(page, base, username, password)` signs in in a real browser:
  the admin's password form, then the code page.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_app(user) -> TOTPDevice:
    """The user's confirmed authenticator app, made the first time it is asked for."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Testtelefon", confirmed=True)


def app_code(user_or_device) -> str:
    """The six digits the app shows now."""
    device = (
        user_or_device
        if isinstance(user_or_device, TOTPDevice)
        else authenticator_app(user_or_device)
    )
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


class StaffClient(Client):
    def force_login(self, user, backend=None, *, second_factor=True):
        super().force_login(user, backend)
        if second_factor and user.is_staff:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
            session.save()


def sign_in_through_admin_form(page, base: str, username: str, password: str) -> None:
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    user = get_user_model().objects.get(username=username)
    device = authenticator_app(user)
    # The app refuses a code it has already accepted (replay): a test that signs in twice
    # within one 30-second step would be refused the second time, as a person would not be.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit]").click()
    page.locator("#id_code").fill(app_code(device))
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
