"""The subsidiaries, offered in the contact form, and where each sends its leads."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from intake.models import RoutingRule, Subsidiary
from mestergruppen.admin_lookups import ReadableLookupsMixin


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 0
    verbose_name_plural = _(
        "Rutingregler: henvendelser fra disse fylkene går hit i stedet for til standardadressen"
    )


@admin.register(Subsidiary)
class SubsidiaryAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    list_display = ["name", "offered_in_form", "default_email", "rule_count", "position"]
    list_editable = ["offered_in_form", "position"]
    list_filter = ["offered_in_form"]
    search_fields = ["name", "default_email", "routing_rules__email"]
    prepopulated_fields = {"slug": ["name"]}
    # Plain checkboxes, not Django's two-box widget: its search icon carries an aria-label
    # that axe flags, and a subsidiary has a handful of staff.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        (_("I kontaktskjemaet"), {"fields": ["offered_in_form", "position"]}),
        (_("Mottak"), {"fields": ["default_email"]}),
        (_("Tilgang"), {"fields": ["members"]}),
    ]
    inlines = [RoutingRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rule_count=Count("routing_rules"))

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)

        class LabelledRow(form):
            """Each editable cell says what it is and whose it is to a screen reader: the
            column heading is not its label (WCAG 1.3.1, 4.1.2)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, field in self.fields.items():
                    label = Subsidiary._meta.get_field(name).verbose_name
                    field.widget.attrs["aria-label"] = f"{label}: {self.instance.name}"

        return LabelledRow

    @admin.display(description=_("rutingregler"), ordering="rule_count")
    def rule_count(self, subsidiary: Subsidiary) -> int:
        return subsidiary.rule_count
