"""Personal data that privacy itself keeps, and the staff accounts of Django's user model."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from privacy.registry import (
    Anonymise,
    Category,
    FindBy,
    Personal,
    Purpose,
    Retention,
    SubjectCategory,
    declare,
)


def _user_expired(queryset, now):
    """Deactivated accounts, a year after the last sign-in (or after creation if never used)."""
    from datetime import timedelta

    from django.db.models import Q

    cutoff = now - timedelta(days=365)
    return queryset.filter(is_active=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )


# Staff accounts are personal data (the statement covers employees of subsidiaries). Accounts
# are anonymised rather than deleted: audit records and notes point to them, and deleting the
# user would either cascade into that history or break it.
declare(
    get_user_model(),
    fields={
        "id": Category.NOT_PERSONAL,
        "password": Personal(Category.ACCOUNT, export=False),
        "last_login": Category.TECHNICAL,
        "is_superuser": Category.ACCOUNT,
        "username": Category.ACCOUNT,
        "first_name": Category.IDENTITY,
        "last_name": Category.IDENTITY,
        "email": Category.CONTACT,
        "is_staff": Category.ACCOUNT,
        "is_active": Category.ACCOUNT,
        "date_joined": Category.ACCOUNT,
        "groups": Category.ACCOUNT,
        "user_permissions": Category.ACCOUNT,
    },
    # Django stores the email as typed, so it is compared ignoring case.
    find=FindBy(email="email", email_normalised=False),
    subjects=[SubjectCategory.GROUP_STAFF, SubjectCategory.SUBSIDIARY_STAFF],
    purposes=[Purpose.STAFF_ADMINISTRATION, Purpose.SECURITY],
    recipients=[],
    retention=Retention.custom(
        _("Så lenge kontoen er aktiv; deretter ett år etter siste innlogging"),
        expired=_user_expired,
    ),
    erasure=Anonymise(
        replace={
            "username": lambda user: f"slettet-{user.pk}",
            "password": lambda user: "!",  # an unusable password, as set_unusable_password()
            "first_name": "",
            "last_name": "",
            "email": "",
            "last_login": None,
            "is_active": False,
            "is_staff": False,
            "is_superuser": False,
            "groups": [],
            "user_permissions": [],
        },
        keep={"date_joined": _("Når kontoen ble opprettet, uten navn, identifiserer ingen")},
    ),
)
