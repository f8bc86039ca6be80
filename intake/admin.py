from django.contrib import admin

from intake.models import Delivery, Lead, RoutingRule, Subsidiary


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 1


@admin.register(Subsidiary)
class SubsidiaryAdmin(admin.ModelAdmin):
    list_display = ["name", "offered_in_form", "default_email", "position"]
    list_editable = ["offered_in_form", "position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    inlines = [RoutingRuleInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "sent_at",
        "message_id",
    ]
    fields = readonly_fields


# A first, read-mostly view of leads; the triage issue builds the workflow, access rules and
# audit trail on top of it.
@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["reference", "received_at", "company_name", "contact_name", "subsidiary"]
    list_filter = ["status", "subsidiary", "county"]
    readonly_fields = ["reference", "received_at"]
    inlines = [DeliveryInline]
