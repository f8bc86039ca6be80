"""The access log (who viewed, exported or forwarded personal data) for the privacy officer."""

from django.contrib import admin

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    """The access log for the privacy officer: readable, never editable, never deletable."""

    list_display = ["at", "actor_username", "action", "content_type", "object_repr", "detail"]
    list_filter = ["action", "content_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_username", "object_repr", "=object_id"]
    list_select_related = ["content_type"]
    show_full_result_count = False
    fields = [*list_display, "object_id"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
