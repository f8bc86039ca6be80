"""Admin for the registry: legal holds, restrictions and the records of processing (Art. 30).

Imported from privacy/admin.py, so the admin site picks it up.
"""

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import LegalHold, ProcessingRecord, Restriction
from privacy.processing import processing_records, processing_records_csv
from privacy.registry import normalise_email, normalise_phone

PROCESSING_PERMISSION = "privacy.view_processing_record"


class NormalisedSubjectAdmin(admin.ModelAdmin):
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


@admin.register(ProcessingRecord)
class ProcessingRecordAdmin(admin.ModelAdmin):
    """The records of processing activities, read from the registry; nothing to edit."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PROCESSING_PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # Only these views: the default change list would query a table that does not exist.
        return [
            path(
                "",
                self.admin_site.admin_view(self.record_view),
                name="privacy_processingrecord_changelist",
            ),
            path(
                "behandlingsprotokoll.<str:fmt>",
                self.admin_site.admin_view(self.download_view),
                name="privacy_processingrecord_download",
            ),
        ]

    def record_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Behandlingsprotokoll (GDPR art. 30)"),
            "opts": self.model._meta,
            "record": processing_records(),
        }
        return TemplateResponse(request, "admin/privacy/processing_record.html", context)

    def download_view(self, request, fmt):
        if not self.has_view_permission(request):
            raise PermissionDenied
        stamp = timezone.localdate().isoformat()
        if fmt == "json":
            body = json.dumps(processing_records(), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        elif fmt == "csv":
            # A byte-order mark so spreadsheet programs read the Norwegian letters as UTF-8.
            body = "\ufeff" + processing_records_csv()
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            raise Http404
        response["Content-Disposition"] = (
            f'attachment; filename="behandlingsprotokoll-{stamp}.{fmt}"'
        )
        return response
