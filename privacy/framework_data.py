"""Personal data in the tables of Django and the installed packages, declared like our own.

These tables are not ours, but what they hold is: the admin's history names the records staff
changed, sessions keep staff signed in, the task queue keeps what each task returned, and
django-axes keeps failed sign-ins. Each has a retention rule here, so the retention run
(`privacy.retention`) cleans them like every other table. Tables without personal data are
declared as such, or left out with a reason; the system check (`privacy.E001`) fails for a
model of an installed package that is neither, so a package added later cannot slip past.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from privacy.registry import (
    Category,
    Delete,
    FindBy,
    Keep,
    Personal,
    Purpose,
    Retention,
    SubjectCategory,
    declare,
    registry,
)

STAFF = [SubjectCategory.GROUP_STAFF, SubjectCategory.SUBSIDIARY_STAFF]

# The admin's history: who changed which record, when (accountability, Art. 5(2)). It names
# the record by the text it had then (a lead: its reference and the company's name), so
# erasure and retention rewrite that text when they erase or anonymise the record
# (`privacy.anonymisation.scrub_traces`); here it is found and kept as the staff member's.
declare(
    LogEntry,
    name=_("endringshistorikk i administrasjonen"),
    fields={
        "id": Category.NOT_PERSONAL,
        "action_time": Category.NOT_PERSONAL,
        "user": Category.ACTIVITY,
        "content_type": Category.NOT_PERSONAL,
        "object_id": Category.NOT_PERSONAL,
        # About the record's subject, not the staff member: not in the staff member's export.
        "object_repr": Personal(Category.COMPANY, export=False),
        "action_flag": Category.NOT_PERSONAL,
        "change_message": Personal(Category.FREE_TEXT, export=False),
    },
    find=FindBy(through="user"),
    subjects=STAFF,
    purposes=[Purpose.SECURITY, Purpose.LEGAL_OBLIGATIONS],
    retention=Retention.after(
        "action_time",
        days=730,
        then=Delete(),
        description=_("To år etter endringen, som tilgangsloggen"),
    ),
    erasure=Keep(
        _(
            "Hvem som endret hva, er dokumentasjon (GDPR art. 5 nr. 2); brukerkontoen "
            "anonymiseres, og postenes navn skrives om når postene slettes eller anonymiseres"
        )
    ),
)


def _sessions_of(sessions, subject):
    """The live sessions of the staff accounts with this email (sessions hold only the
    account's key, in encoded data, so each live one is decoded; there are few)."""
    if not subject.email:
        return sessions.none()
    from django.utils import timezone

    keys = {
        str(pk)
        for pk in get_user_model()
        .objects.filter(email__iexact=subject.email)
        .values_list("pk", flat=True)
    }
    if not keys:
        return sessions.none()
    mine = [
        session.session_key
        for session in sessions.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) in keys
    ]
    return sessions.filter(session_key__in=mine)


declare(
    Session,
    name=_("innlogginger i administrasjonen (økter)"),
    fields={
        "session_key": Personal(Category.TECHNICAL, export=False),
        "session_data": Personal(Category.ACCOUNT, export=False),
        "expire_date": Category.NOT_PERSONAL,
    },
    find=FindBy(custom=_sessions_of),
    subjects=STAFF,
    purposes=[Purpose.STAFF_ADMINISTRATION, Purpose.SECURITY],
    # What `manage.py clearsessions` does, done by the retention run.
    retention=Retention.custom(
        _("Til innloggingen utløper (åtte timer), deretter slettet"),
        expired=lambda sessions, now: sessions.filter(expire_date__lt=now),
        then=Delete(),
    ),
    # Erasing a staff member signs them out everywhere.
    erasure=Delete(),
)

TASK_RESULT_RETENTION_DAYS = 30

declare(
    DBTaskResult,
    name=_("oppgaver i utsendingskøen"),
    fields={
        "id": Category.NOT_PERSONAL,
        "status": Category.NOT_PERSONAL,
        "enqueued_at": Category.NOT_PERSONAL,
        "started_at": Category.NOT_PERSONAL,
        "finished_at": Category.NOT_PERSONAL,
        # Our tasks take keys (a delivery's id) and return a few words without personal data.
        "args_kwargs": Category.NOT_PERSONAL,
        "priority": Category.NOT_PERSONAL,
        "task_path": Category.NOT_PERSONAL,
        "worker_ids": Category.NOT_PERSONAL,
        "queue_name": Category.NOT_PERSONAL,
        "backend_name": Category.NOT_PERSONAL,
        "run_after": Category.NOT_PERSONAL,
        "return_value": Category.NOT_PERSONAL,
        "exception_class_path": Category.NOT_PERSONAL,
        # A crash's traceback may quote a value it failed on, an address for instance.
        "traceback": Personal(Category.TECHNICAL, export=False),
    },
    # A task row names no person (only a delivery's key): it cannot be found for one.
    find=FindBy(custom=lambda tasks, subject: tasks.none()),
    subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
    purposes=[Purpose.REGISTRATION, Purpose.SECURITY],
    retention=Retention.custom(
        _("Fullførte oppgaver i 30 dager, så feil kan følges opp"),
        expired=lambda tasks, now: tasks.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lt=now - timedelta(days=TASK_RESULT_RETENTION_DAYS),
        ),
        then=Delete(),
    ),
    erasure=Keep(_("En oppgave nevner ingen person, bare nøkkelen til en utsending")),
)


def _sign_ins_of(attempts, subject):
    """Sign-in attempts with the subject's email, or the user name of their staff account."""
    if not subject.email:
        return attempts.none()
    usernames = get_user_model().objects.filter(email__iexact=subject.email).values("username")
    return attempts.filter(Q(username__iexact=subject.email) | Q(username__in=usernames))


SIGN_IN_RETENTION_DAYS = 30
SIGN_IN_FIELDS = {
    "id": Category.NOT_PERSONAL,
    "user_agent": Category.TECHNICAL,
    # A keyed hash of the client's address, never the address
    # (mestergruppen.client_pseudonyms).
    "ip_address": Category.TECHNICAL,
    "username": Category.ACCOUNT,
    "http_accept": Category.TECHNICAL,
    "path_info": Category.NOT_PERSONAL,
    "attempt_time": Category.NOT_PERSONAL,
}

for model, name, extra in (
    (
        AccessAttempt,
        _("mislykkede innloggingsforsøk"),
        {
            "get_data": Personal(Category.TECHNICAL, export=False),
            "post_data": Personal(Category.TECHNICAL, export=False),
            "failures_since_start": Category.NOT_PERSONAL,
        },
    ),
    (
        AccessFailureLog,
        _("logg over mislykkede innlogginger"),
        {"locked_out": Category.NOT_PERSONAL},
    ),
    (
        AccessLog,
        _("logg over innlogginger"),
        {"logout_time": Category.NOT_PERSONAL, "session_hash": Category.TECHNICAL},
    ),
):
    declare(
        model,
        name=name,
        fields={**SIGN_IN_FIELDS, **extra},
        find=FindBy(custom=_sign_ins_of),
        subjects=[*STAFF, SubjectCategory.VISITOR],
        purposes=[Purpose.SECURITY],
        retention=Retention.after(
            "attempt_time",
            days=SIGN_IN_RETENTION_DAYS,
            then=Delete(),
            description=_("30 dager etter innloggingsforsøket"),
        ),
        erasure=Delete(),
    )

# Second factors (django-otp): each staff member's authenticator key and backup codes. They
# are secrets: an export would hand over the second factor, so they are never exported. They
# go with the account: erasing or anonymising it removes them.
OTP_DEVICE_FIELDS = {
    "id": Category.NOT_PERSONAL,
    "user": Category.ACCOUNT,
    "name": Category.NOT_PERSONAL,
    "confirmed": Category.NOT_PERSONAL,
    "created_at": Category.ACCOUNT,
    "last_used_at": Category.TECHNICAL,
    "throttling_failure_timestamp": Category.TECHNICAL,
    "throttling_failure_count": Category.NOT_PERSONAL,
}
TOTP_FIELDS = {
    "key": Personal(Category.ACCOUNT, export=False),
    # The app's settings and the last time step it was used for.
    **dict.fromkeys(
        ["step", "t0", "digits", "tolerance", "drift", "last_t"], Category.NOT_PERSONAL
    ),
}
for model, name, extra in (
    (TOTPDevice, _("autentiseringsapper (andre innloggingstrinn)"), TOTP_FIELDS),
    (StaticDevice, _("reservekoder (andre innloggingstrinn)"), {}),
):
    declare(
        model,
        name=name,
        fields={**OTP_DEVICE_FIELDS, **extra},
        find=FindBy(through="user"),
        subjects=STAFF,
        purposes=[Purpose.STAFF_ADMINISTRATION, Purpose.SECURITY],
        retention=Retention.with_parent("user", then=Delete()),
        erasure=Delete(),
    )

declare(
    StaticToken,
    name=_("reservekoder (andre innloggingstrinn)"),
    fields={
        "id": Category.NOT_PERSONAL,
        "device": Category.ACCOUNT,
        "token": Personal(Category.ACCOUNT, export=False),
    },
    find=FindBy(through="device"),
    subjects=STAFF,
    purposes=[Purpose.STAFF_ADMINISTRATION, Purpose.SECURITY],
    retention=Retention.with_parent("device", then=Delete()),
    erasure=Delete(),
)

declare(
    AccessAttemptExpiration,
    fields={"access_attempt": Category.NOT_PERSONAL, "expires_at": Category.NOT_PERSONAL},
)

declare(
    Group,
    fields={
        "id": Category.NOT_PERSONAL,
        "name": Category.NOT_PERSONAL,
        "permissions": Category.NOT_PERSONAL,
    },
)

registry.leave_out(ContentType, reason=_("Djangos liste over modeller; ingen personopplysninger"))
registry.leave_out(Permission, reason=_("Djangos liste over tillatelser; ingen personopplysninger"))
