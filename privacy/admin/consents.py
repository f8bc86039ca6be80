"""The consent register in the admin, for the privacy officer: the proof of every consent
and withdrawal (GDPR Art. 7(1)), readable and never editable. A change of mind is a new row
made by the person (banner, unsubscribe link, Mine data) or a data-subject request, never an
edit here."""

from django.contrib import admin

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import ConsentRecord
from privacy.normalisation import normalise_email


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    list_display = [
        "recorded_at",
        "purpose",
        "given",
        "source",
        "email",
        "declaration_version",
        "statement",
    ]
    list_filter = ["purpose", "given", "source", ("recorded_at", admin.DateFieldListFilter)]
    # The address as the register stores it: whatever letter case the officer types.
    search_fields = ["=email"]
    search_help_text = ConsentRecord._meta.get_field("email").verbose_name
    list_select_related = ["statement"]
    show_full_result_count = False
    fields = [*list_display, "consent_id"]
    readonly_fields = fields
    actions = None

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalise_email(search_term))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
