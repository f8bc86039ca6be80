"""The second step of a staff sign-in: a code from an authenticator app (TOTP), or one of ten
single-use backup codes (django-otp's static device) for the day the phone is gone.

The first sign-in enrols: the page shows the app's secret as a QR code (an SVG image made on
the server, no script) and as text, and the person proves the app works by typing its code.
Only then is the device confirmed and the backup codes shown, once.
"""

import base64
import io
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Autentiseringsapp"
BACKUP_DEVICE_NAME = "Reservekoder"
# The codes just made, kept in the session only until the page that shows them once.
NEW_BACKUP_CODES_KEY = "two_factor_new_backup_codes"


def is_verified(user) -> bool:
    """True once the session's user gave their second factor (django-otp's middleware adds
    `is_verified`; a user just signed in by password has not got it yet)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and user.is_active and user.is_staff and not is_verified(user)


def safe_next(request: HttpRequest) -> str:
    """Where to go after the second factor: the page asked for, if it is on this site."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def second_factor_url(request: HttpRequest, name: str = "admin:two_factor") -> str:
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: safe_next(request)})}"


def _normalised(code: str) -> str:
    """People type codes with spaces ("123 456") and in capitals from a printout."""
    return "".join(code.split()).lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("Den sekssifrede koden fra appen, eller en av reservekodene dine."),
    )

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_code(self) -> str:
        code = _normalised(self.cleaned_data["code"])
        # A six-digit code is the app's; anything else is a backup code. Trying a backup code
        # on the app would count as a wrong guess and slow the person down for nothing.
        is_app_code = code.isdigit() and len(code) == 6
        throttled = False
        with transaction.atomic():
            for device in self.devices(for_verify=True):
                if isinstance(device, TOTPDevice) != is_app_code:
                    continue
                if not device.verify_is_allowed()[0]:
                    throttled = True
                elif device.verify_token(code):
                    self.device = device
                    return code
        if throttled:
            raise forms.ValidationError(
                _("For mange feil koder på kort tid. Vent litt og prøv igjen."),
                code="throttled",
            )
        raise forms.ValidationError(
            _("Koden stemmer ikke. Sjekk at klokken på telefonen går riktig, og prøv igjen."),
            code="invalid",
        )


def _verified(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session key for the new privilege, as Django does at sign-in.
    request.session.cycle_key()


def issue_backup_codes(user) -> list[str]:
    """Ten new single-use codes; the ones issued before stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images, not inline markup)."""
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _context(request, site, **extra) -> dict:
    return {
        **site.each_context(request),
        "next": safe_next(request),
        "username": request.user.get_username(),
        **extra,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, site) -> HttpResponse:
    user = request.user
    if is_verified(user):
        return HttpResponseRedirect(safe_next(request))
    if not any(devices_for_user(user)):
        return HttpResponseRedirect(second_factor_url(request, "admin:two_factor_enrol"))
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        devices=lambda **kw: devices_for_user(user, **kw),
    )
    if form.is_valid():
        _verified(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request,
                _("Du brukte en reservekode. Du har %(count)d igjen.") % {"count": left},
            )
        return HttpResponseRedirect(safe_next(request))
    context = _context(request, site, form=form, title=_("Bekreft at det er deg"))
    return TemplateResponse(request, "admin/two_factor/verify.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest, site) -> HttpResponse:
    user = request.user
    if any(devices_for_user(user)):
        # A second app only after the first factor and the app already set up.
        return HttpResponseRedirect(second_factor_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        devices=lambda **kw: TOTPDevice.objects.filter(pk=device.pk),
    )
    if form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[NEW_BACKUP_CODES_KEY] = issue_backup_codes(user)
        _verified(request, device)
        query = request.GET.urlencode()
        return HttpResponseRedirect(
            reverse("admin:two_factor_backup_codes") + (f"?{query}" if query else "")
        )
    secret = base64.b32encode(device.bin_key).decode()
    context = _context(
        request,
        site,
        form=form,
        title=_("Sett opp innlogging i to trinn"),
        qr_code=qr_code_data_uri(device.config_url),
        otpauth_url=device.config_url,
        secret=_grouped(secret),
    )
    return TemplateResponse(request, "admin/two_factor/enrol.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def backup_codes(request: HttpRequest, site) -> HttpResponse:
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES_KEY] = issue_backup_codes(request.user)
        return HttpResponseRedirect(request.get_full_path())
    codes = request.session.pop(NEW_BACKUP_CODES_KEY, None)
    left = StaticToken.objects.filter(
        device__user=request.user, device__name=BACKUP_DEVICE_NAME
    ).count()
    context = _context(
        request, site, codes=codes, left=left, title=_("Reservekoder for innlogging")
    )
    return TemplateResponse(request, "admin/two_factor/backup_codes.html", context)
