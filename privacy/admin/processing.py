"""The records of processing activities (Art. 30), read from the registry: a page and two
downloads, nothing to edit."""

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import ProcessingRecord
from privacy.processing import processing_records, processing_records_csv

PROCESSING_PERMISSION = "privacy.view_processing_record"


@admin.register(ProcessingRecord)
class ProcessingRecordAdmin(ReadableLookupsMixin, admin.ModelAdmin):
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
