"""Password rules for staff accounts (AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its refusal in Norwegian: Django 5.2 changed the message and
    its Norwegian catalogue still has only the old one, so staff read it in English."""

    def get_error_message(self) -> str:
        return gettext("Passordet er for kort. Det må ha minst %(min_length)d tegn.") % {
            "min_length": self.min_length
        }
