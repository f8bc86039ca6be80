"""The staff admin: a password and a second factor for every role.

Signing in takes two steps. The admin's own sign-in form checks the password (and django-axes
throttles it); the session is then signed in but not verified, and `has_permission` refuses
every admin page until the person has given a code from their authenticator app or one of
their single-use backup codes (`mestergruppen.two_factor`). Someone without a confirmed app
enrols on that first sign-in. A staff member who lost both has the devices removed by the
system administrator and enrols again.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from mestergruppen import two_factor
from mestergruppen.two_factor import is_verified, needs_second_factor, second_factor_url

# The user name column's length (and django-axes' record of a failed sign-in, 255).
USERNAME_MAX_LENGTH = 150


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing a user name no account can have before anyone
    tries it: django-axes records every failed name, and its column holds 255 characters."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.max_length = USERNAME_MAX_LENGTH
        username.validators.append(
            MaxLengthValidator(
                USERNAME_MAX_LENGTH,
                message=_("Brukernavnet kan ikke være lengre enn %(limit_value)d tegn."),
            )
        )


class StaffAdminSite(admin.AdminSite):
    login_form = StaffAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request.user)

    def login(self, request, extra_context=None):
        if needs_second_factor(request):
            return HttpResponseRedirect(second_factor_url(request))
        response = super().login(request, extra_context)
        if request.method == "POST" and needs_second_factor(request):
            # The password was right: on to the second step, keeping where they were going.
            return HttpResponseRedirect(second_factor_url(request))
        return response

    def first_factor_view(self, view):
        """For the second step's pages: a staff member signed in by password only."""

        def inner(request, *args, **kwargs):
            user = request.user
            if not (user.is_authenticated and user.is_active and user.is_staff):
                login = reverse("admin:login", current_app=self.name)
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return HttpResponseRedirect(f"{login}?{query}")
            request.current_app = self.name
            return view(request, self, *args, **kwargs)

        return never_cache(csrf_protect(inner))

    def get_urls(self):
        return [
            path(
                "to-trinn/",
                self.first_factor_view(two_factor.verify),
                name="two_factor",
            ),
            path(
                "to-trinn/oppsett/",
                self.first_factor_view(two_factor.enrol),
                name="two_factor_enrol",
            ),
            path(
                "to-trinn/reservekoder/",
                self.admin_view(
                    lambda request: two_factor.backup_codes(request, self), cacheable=False
                ),
                name="two_factor_backup_codes",
            ),
            *super().get_urls(),
        ]
