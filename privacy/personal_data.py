"""Personal data that privacy itself keeps, and the staff accounts of Django's user model."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import (
    AccessRecord,
    LegalHold,
    PrivacyStatement,
    ProcessingRecord,
    Restriction,
    RetentionRun,
)
from privacy.registry import (
    Anonymise,
    Category,
    Delete,
    FindBy,
    Keep,
    Personal,
    Purpose,
    Retention,
    SubjectCategory,
    declare,
)


def _user_expired(queryset, now):
    """Deactivated accounts, a year after the last sign-in (or after creation if never used)."""
    from datetime import timedelta

    cutoff = now - timedelta(days=365)
    return queryset.filter(is_active=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )


STAFF_ACCOUNT_ANONYMISATION = Anonymise(
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
    # An account already anonymised (by erasure or an earlier run) is not done again.
    done=Q(username__startswith="slettet-"),
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
        then=STAFF_ACCOUNT_ANONYMISATION,
    ),
    erasure=STAFF_ACCOUNT_ANONYMISATION,
)

# Versions of the statement are the company's text; the only personal field is the staff
# member who published a version, kept as part of the record of what was shown and when
# (accountability, GDPR Art. 5(2)). Erasing that person anonymises their account instead.
declare(
    PrivacyStatement,
    fields={
        "id": Category.NOT_PERSONAL,
        "version": Category.NOT_PERSONAL,
        "language": Category.NOT_PERSONAL,
        "title": Category.NOT_PERSONAL,
        "effective_date": Category.NOT_PERSONAL,
        "body": Category.NOT_PERSONAL,
        "change_summary": Category.NOT_PERSONAL,
        "status": Category.NOT_PERSONAL,
        "published_at": Category.NOT_PERSONAL,
        "published_by": Category.ACTIVITY,
        "created_at": Category.NOT_PERSONAL,
        "updated_at": Category.NOT_PERSONAL,
    },
    find=FindBy(through="published_by"),
    subjects=[SubjectCategory.GROUP_STAFF],
    purposes=[Purpose.STAFF_ADMINISTRATION],
    recipients=[],
    retention=Retention.manual(
        _("Så lenge versjonen er en del av arkivet over personvernerklæringer")
    ),
    erasure=Keep(
        _(
            "En publisert versjon endres aldri; hvem som publiserte den er en del av "
            "dokumentasjonen. Brukerkontoen anonymiseres."
        )
    ),
)


# --- privacy's own records --------------------------------------------------------------------

EVERY_SUBJECT = list(SubjectCategory)


def _hold_expired(queryset, now):
    """Released holds, and holds a month past their date: by then the reason is gone."""
    from datetime import timedelta

    from django.db.models import Q

    cutoff = timezone.localdate(now) - timedelta(days=30)
    return queryset.filter(Q(released_at__lt=now - timedelta(days=30)) | Q(retain_until__lt=cutoff))


declare(
    LegalHold,
    fields={
        "id": Category.NOT_PERSONAL,
        "email": Category.CONTACT,
        "phone": Category.CONTACT,
        "content_type": Category.NOT_PERSONAL,
        "object_id": Category.NOT_PERSONAL,
        "basis": Category.RIGHTS,
        "reason": Category.FREE_TEXT,
        "retain_until": Category.RIGHTS,
        "placed_by": Category.ACTIVITY,
        "placed_at": Category.NOT_PERSONAL,
        "released_at": Category.NOT_PERSONAL,
        "released_by": Category.ACTIVITY,
    },
    find=FindBy(email="email", phone="phone"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.custom(
        _("Til og med datoen holdet gjelder til, deretter 30 dager"),
        expired=_hold_expired,
        then=Delete(),
    ),
    # The hold is what keeps the rest: erasing it in the same breath would defeat it.
    erasure=Keep(_("Et rettslig hold er selv dokumentasjon på hvorfor opplysninger oppbevares")),
)

declare(
    Restriction,
    fields={
        "id": Category.NOT_PERSONAL,
        "email": Category.CONTACT,
        "phone": Category.CONTACT,
        "reason": Category.FREE_TEXT,
        "placed_by": Category.ACTIVITY,
        "placed_at": Category.RIGHTS,
        "lifted_at": Category.RIGHTS,
        "lifted_by": Category.ACTIVITY,
    },
    find=FindBy(email="email", phone="phone"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.after(
        "lifted_at",
        days=365,
        then=Delete(),
        description=_("Så lenge begrensningen gjelder, deretter ett år etter at den ble opphevet"),
    ),
    # Once the data is erased there is nothing left to restrict.
    erasure=Delete(),
)

# Counts per kind of record and an error's class name: nothing about anyone.
declare(
    RetentionRun,
    fields={
        "id": Category.NOT_PERSONAL,
        "started_at": Category.NOT_PERSONAL,
        "finished_at": Category.NOT_PERSONAL,
        "status": Category.NOT_PERSONAL,
        "dry_run": Category.NOT_PERSONAL,
        "report": Category.NOT_PERSONAL,
        "error": Category.NOT_PERSONAL,
    },
)

# No table and no data: the admin's entry for the records of processing activities.
declare(ProcessingRecord, fields={"id": Category.NOT_PERSONAL})


# The access log: who opened, exported or forwarded personal data (accountability, GDPR
# Art. 5(2) and 32). It is about the staff member who acted; the accessed record is named by
# key and reference only. `detail` may hold the filter of an export, which can include a
# search term.
declare(
    AccessRecord,
    fields={
        "id": Category.NOT_PERSONAL,
        "at": Category.NOT_PERSONAL,
        "actor": Category.ACTIVITY,
        "actor_username": Category.ACTIVITY,
        "action": Category.NOT_PERSONAL,
        "content_type": Category.NOT_PERSONAL,
        "object_id": Category.NOT_PERSONAL,
        "object_repr": Category.NOT_PERSONAL,
        "detail": Category.ACTIVITY,
    },
    find=FindBy(through="actor"),
    subjects=[SubjectCategory.GROUP_STAFF, SubjectCategory.SUBSIDIARY_STAFF],
    purposes=[Purpose.SECURITY, Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.after(
        "at",
        days=730,
        # Deleted, not anonymised, when the two years are over: erasure anonymises (below)
        # because the record of an access must outlive the account, not the period.
        then=Delete(),
        description=_("To år etter tilgangen, så oppslag kan etterprøves"),
    ),
    erasure=Anonymise(
        replace={"actor_username": lambda record: f"slettet-{record.actor_id}"},
        keep={
            "actor": _("Kontoen anonymiseres selv; nøkkelen identifiserer da ingen"),
            "detail": _(
                "Hva som ble åpnet eller eksportert, er dokumentasjon på tilgangen "
                "(GDPR art. 5 nr. 2)"
            ),
        },
    ),
)


# Declared in modules of their own: the consent register (cookie choices and the news
# consent), Django's and the installed packages' tables (admin history, sessions, task
# results, sign-in attempts), and the rights' own records (data-subject requests, «Mine data»
# links).
from privacy import (  # noqa: E402, F401
    consent_data,
    framework_data,
    request_data,
)

# How privacy's own records read on «Mine data».
from privacy.mine_data import overview  # noqa: E402, F401
