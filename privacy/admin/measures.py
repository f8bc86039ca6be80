"""Legal holds and restrictions of processing (Art. 18), placed on one person."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import LegalHold, Restriction
from privacy.registry import normalise_email, normalise_phone

PROCESSING_PERMISSION = "privacy.view_processing_record"


class NormalisedSubjectAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    """Email and phone are stored in the registry's one form, whatever the officer typed."""

    def save_model(self, request, obj, form, change):
        obj.email = normalise_email(obj.email)
        try:
            obj.phone = normalise_phone(obj.phone)
        except ValueError:
            obj.phone = obj.phone.strip()
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LegalHold)
class LegalHoldAdmin(NormalisedSubjectAdmin):
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

    @admin.action(description=_("Opphev valgte rettslige hold"), permissions=["change"])
    def release(self, request, queryset):
        count = queryset.filter(released_at__isnull=True).update(
            released_at=timezone.now(), released_by=request.user
        )
        self.message_user(request, _("%(count)s hold opphevet.") % {"count": count})


@admin.register(Restriction)
class RestrictionAdmin(NormalisedSubjectAdmin):
    list_display = ["__str__", "email", "phone", "placed_at", "lifted_at"]
    list_filter = ["lifted_at"]
    search_fields = ["email", "phone"]
    readonly_fields = ["placed_by", "placed_at", "lifted_at", "lifted_by"]
    fields = ["email", "phone", "reason", *readonly_fields]
    actions = ["lift"]

    @admin.action(description=_("Opphev valgte begrensninger"), permissions=["change"])
    def lift(self, request, queryset):
        count = queryset.filter(lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=request.user
        )
        self.message_user(request, _("%(count)s begrensninger opphevet.") % {"count": count})
