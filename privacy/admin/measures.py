"""Legal holds and restrictions of processing (Art. 18), placed on one person.

The admin goes through privacy's service functions like every other caller: placing,
lifting and releasing here is what `privacy.services` does elsewhere, and each leaves admin
history. The email and phone are read as the registry stores them; a phone that cannot be
read is refused (stored as typed it would never match the person's leads, which would go on
being routed). A placed measure is not edited: it is lifted or released, and placed again.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import LegalHold, Restriction
from privacy.normalisation import InvalidPhoneNumber, normalise_email, normalise_phone
from privacy.services import (
    active_restriction,
    legal_hold_place,
    legal_hold_release,
    restriction_lift,
    subject_restrict,
)

UNREADABLE_PHONE = _(
    "Telefonnummeret kan ikke leses. Skriv det for eksempel som 22 33 44 55 eller +47 22 33 44 55."
)
NO_SUBJECT = _("Oppgi e-postadressen eller telefonnummeret til personen.")


class SubjectForm(forms.ModelForm):
    """Email and phone in the registry's one form, or a Norwegian error."""

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data.get("email"))
        if email:
            validate_email(email)
        return email

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("phone"))
        except InvalidPhoneNumber as error:
            raise ValidationError(UNREADABLE_PHONE, code="unreadable_phone") from error


class RestrictionForm(SubjectForm):
    class Meta:
        model = Restriction
        fields = ["email", "phone", "reason"]

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email", ""), cleaned.get("phone", "")
        if not email and not phone:
            if not self.has_error("phone") and not self.has_error("email"):
                raise ValidationError(NO_SUBJECT, code="no_subject")
            return cleaned
        existing = active_restriction(email=email, phone=phone)
        if existing is not None:
            raise ValidationError(
                _("Personen har allerede en aktiv begrensning, registrert %(date)s."),
                code="already_restricted",
                params={"date": date_format(existing.placed_at, "SHORT_DATE_FORMAT")},
            )
        return cleaned


class LegalHoldForm(SubjectForm):
    class Meta:
        model = LegalHold
        fields = ["email", "phone", "content_type", "object_id", "basis", "reason", "retain_until"]

    def clean(self):
        cleaned = super().clean()
        content_type, object_id = cleaned.get("content_type"), cleaned.get("object_id", "")
        self.record = None
        if content_type is not None or object_id:
            if content_type is None or not object_id:
                raise ValidationError(
                    _("Oppgi både type post og postens ID for å holde én post."),
                    code="incomplete_record",
                )
            self.record = _record(content_type, object_id)
            if self.record is None:
                raise ValidationError(
                    _("Fant ingen post av denne typen med denne ID-en."), code="no_record"
                )
        elif not cleaned.get("email") and not cleaned.get("phone"):
            if not self.has_error("phone") and not self.has_error("email"):
                raise ValidationError(
                    _("Oppgi personen (e-post eller telefon) eller posten som skal holdes."),
                    code="no_subject",
                )
        return cleaned


def _record(content_type, object_id: str):
    """The record a hold names, or None for an ID that names none (whatever was typed)."""
    model = content_type.model_class()
    if model is None or "\x00" in object_id:
        return None
    try:
        with transaction.atomic():  # PostgreSQL refuses a malformed key: keep the request alive
            return model._default_manager.filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError, DatabaseError):
        return None


class SubjectMeasureAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    """Placed through a service function; never edited or deleted, only lifted or released."""

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.fields]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _placed(self, obj, placed) -> None:
        # The admin logs the addition and redirects for the object it gave save_model.
        obj.pk = placed.pk
        obj.refresh_from_db()


@admin.register(LegalHold)
class LegalHoldAdmin(SubjectMeasureAdmin):
    form = LegalHoldForm
    list_display = ["__str__", "email", "phone", "content_type", "object_id", "placed_at"]
    list_filter = ["basis", "retain_until"]
    search_fields = ["email", "phone", "reason"]
    readonly_fields = ["placed_by", "placed_at", "released_at", "released_by"]
    fields = [
        "email",
        "phone",
        "content_type",
        "object_id",
        "basis",
        "reason",
        "retain_until",
        *readonly_fields,
    ]
    actions = ["release"]

    def save_model(self, request, obj, form, change):
        if change:
            return
        placed = legal_hold_place(
            basis=obj.basis,
            reason=obj.reason,
            retain_until=obj.retain_until,
            by=request.user,
            email=obj.email,
            phone=obj.phone,
            record=form.record,
        )
        self._placed(obj, placed)

    @admin.action(description=_("Opphev valgte rettslige hold"), permissions=["change"])
    def release(self, request, queryset):
        released = 0
        for hold in queryset.filter(released_at__isnull=True):
            if legal_hold_release(hold=hold, by=request.user):
                self.log_change(request, hold, str(_("Rettslig hold opphevet.")))
                released += 1
        self.message_user(
            request,
            ngettext("%(count)d hold opphevet.", "%(count)d hold opphevet.", released)
            % {"count": released},
        )


@admin.register(Restriction)
class RestrictionAdmin(SubjectMeasureAdmin):
    form = RestrictionForm
    list_display = ["__str__", "email", "phone", "placed_at", "lifted_at"]
    list_filter = ["lifted_at"]
    search_fields = ["email", "phone"]
    readonly_fields = ["placed_by", "placed_at", "lifted_at", "lifted_by"]
    fields = ["email", "phone", "reason", *readonly_fields]
    actions = ["lift"]

    def save_model(self, request, obj, form, change):
        if change:
            return
        placed = subject_restrict(
            email=obj.email, phone=obj.phone, by=request.user, reason=obj.reason
        )
        self._placed(obj, placed)

    @admin.action(description=_("Opphev valgte begrensninger"), permissions=["change"])
    def lift(self, request, queryset):
        lifted = 0
        for restriction in queryset.filter(lifted_at__isnull=True):
            if restriction_lift(restriction=restriction, by=request.user):
                self.log_change(request, restriction, str(_("Begrensningen er opphevet.")))
                lifted += 1
        self.message_user(
            request,
            ngettext("%(count)d begrensning opphevet.", "%(count)d begrensninger opphevet.", lifted)
            % {"count": lifted},
        )
