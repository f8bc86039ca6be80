"""Lead triage: the lead list, its columns and search, and a lead's page with its notes and
history. Every query goes through `Lead.objects.visible_to(request.user)`; the actions and
exports are in `lead_actions`."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.admin.filters import (
    AssigneeFilter,
    DeliveryStateFilter,
    OverdueFilter,
    ReceivedBetweenFilter,
    SubsidiaryFilter,
)
from intake.admin.forms import LeadTriageForm, person_name
from intake.admin.lead_actions import LeadActionsMixin
from intake.admin.pagination import CappedCountPaginator
from intake.admin.phones import phone_for_reading
from intake.dashboard import dashboard_context
from intake.models import (
    Delivery,
    Lead,
    LeadDeliveryState,
    LeadEventKind,
    LeadStatus,
    visible_subsidiary_ids,
)
from intake.roles import assignable_users
from intake.sla import triage_deadline_cutoff
from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.audit import AccessAction, record_access


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
        "message_id_folded",
    ]
    fields = readonly_fields

    @admin.display(description=_("Message-ID"))
    def message_id_folded(self, delivery: Delivery) -> str:
        # Long and needed only to trace an email with the provider: folded away.
        if not delivery.message_id:
            return "–"
        return format_html(
            '<details class="triage-message-id"><summary>{}</summary><code>{}</code></details>',
            _("Vis"),
            delivery.message_id,
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# What the person sent through the form, shown on the lead page.
SUBMITTED_FIELDS = [
    "reference",
    "received_at",
    "subsidiary",
    "company_name",
    "org_number",
    "contact_name",
    "email_link",
    "phone_link",
    "county",
    "message",
    "wants_news",
    "language_name",
    "is_suspected_spam",
    "spam_reason",
]


@admin.register(Lead)
class LeadAdmin(LeadActionsMixin, ReadableLookupsMixin, admin.ModelAdmin):
    """Triage: every query goes through `Lead.objects.visible_to(request.user)`."""

    # What staff work by fits a 1280 px laptop beside the navigation sidebar; the contact
    # person and the county are on the lead's page.
    list_display = [
        "reference",
        "received",
        "company_name",
        "subsidiary_name",
        "status_and_deadline",
        "assignee_name",
        "delivery",
    ]
    list_display_links = ["reference"]
    list_filter = [
        "status",
        SubsidiaryFilter,
        "county",
        AssigneeFilter,
        DeliveryStateFilter,
        OverdueFilter,
        ReceivedBetweenFilter,
    ]
    # Declared for the search box and autocomplete; `get_search_results` does the matching.
    search_fields = ["reference", "email", "phone", "company_name", "org_number", "contact_name"]
    search_help_text = _(
        "Søk på navn, bedrift, e-post, telefon (alle skrivemåter), organisasjonsnummer "
        "eller referanse."
    )
    sortable_by = ["reference", "received_at", "company_name", "status"]
    list_select_related = ["subsidiary", "assignee"]
    list_per_page = 50
    # Exact counts of a million rows on every page would cost more than the page itself:
    # neither the whole table's count nor more than the first 10,000 of a selection.
    show_full_result_count = False
    paginator = CappedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    form = LeadTriageForm
    inlines = [DeliveryInline]
    change_list_template = "admin/intake/lead/change_list.html"
    fieldsets = [
        (_("Behandling"), {"fields": ["status", "assignee", "note"]}),
        (_("Henvendelsen"), {"fields": SUBMITTED_FIELDS}),
        (_("Notater og historikk"), {"fields": ["notes_list", "history"]}),
    ]
    # What the person sent is evidence of what they sent: staff read it, never edit it.
    readonly_fields = [*SUBMITTED_FIELDS, "notes_list", "history"]

    # --- access ----------------------------------------------------------------------------

    def get_queryset(self, request):
        cutoff = triage_deadline_cutoff()
        return (
            Lead.objects.visible_to(request.user)
            .with_delivery_state()
            .annotate(
                is_past_deadline=models.Case(
                    models.When(status=LeadStatus.NEW, received_at__lt=cutoff, then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
            )
        )

    def get_object(self, request, object_id, from_field=None):
        # Another subsidiary's lead does not exist for this person: 404, not a redirect that
        # would confirm the number is in use.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Fant ikke henvendelsen."))
        return obj

    def has_add_permission(self, request) -> bool:
        # Leads come from the public form only.
        return False

    # --- search ----------------------------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    # --- list columns ----------------------------------------------------------------------

    def action_checkbox(self, obj: Lead) -> str:
        # The same markup as Django's, written directly: Django renders a form widget through
        # the template engine for each row, a fifth of the list's time at 50 rows.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not request.user.has_perm("intake.view_all_leads"):
            # Staff of one subsidiary see only its leads: the column would repeat its name.
            if len(visible_subsidiary_ids(request.user)) <= 1:
                return [column for column in columns if column != "subsidiary_name"]
        return columns

    @admin.display(description=_("mottatt"), ordering="received_at")
    def received(self, lead: Lead) -> str:
        """The date, compact («30.11.»), and the lead's age under it («5 timer»)."""
        moment = timezone.localtime(lead.received_at)
        this_year = moment.year == timezone.localtime().year
        return format_html(
            '<time datetime="{}" title="{}">{}</time> <span class="triage-age">{}</span>',
            # HTML's valid date string takes at most three digits of a second.
            moment.isoformat(timespec="seconds"),
            date_format(moment, "DATETIME_FORMAT"),
            date_format(moment, "j.n." if this_year else "j.n.y"),
            self.age(lead),
        )

    @admin.display(description=_("selskap"), ordering="subsidiary__name")
    def subsidiary_name(self, lead: Lead) -> str:
        return lead.subsidiary.name if lead.subsidiary else _("Sentralt")

    @admin.display(description=_("ansvarlig"))
    def assignee_name(self, lead: Lead) -> str:
        return "–" if lead.assignee is None else person_name(lead.assignee)

    @admin.display(description=_("alder"))
    def age(self, lead: Lead) -> str:
        return timesince(lead.received_at, depth=1)

    @admin.display(description=_("utsending"))
    def delivery(self, lead: Lead) -> str:
        state = LeadDeliveryState(lead.delivery_state)
        return format_html(
            '<span class="triage-badge triage-delivery-{}">{}</span>', state.value, state.label
        )

    @admin.display(description=_("frist"))
    def deadline(self, lead: Lead) -> str:
        if getattr(lead, "is_past_deadline", False):
            return format_html(
                '<span class="triage-badge triage-overdue">⚠ {}</span>', _("Over fristen")
            )
        return ""

    @admin.display(description=_("status"), ordering="status")
    def status_and_deadline(self, lead: Lead) -> str:
        """The status, and under it the marker of a lead left «Ny» past the deadline (the two
        share a column so the list fits a laptop)."""
        return format_html("{} {}", lead.get_status_display(), self.deadline(lead))

    # --- change page -----------------------------------------------------------------------

    @admin.display(description=_("e-post"))
    def email_link(self, lead: Lead) -> str:
        return format_html('<a href="mailto:{}">{}</a>', lead.email, lead.email)

    @admin.display(description=_("telefon"))
    def phone_link(self, lead: Lead) -> str:
        if not lead.phone:
            return "–"
        return format_html('<a href="tel:{}">{}</a>', lead.phone, phone_for_reading(lead.phone))

    @admin.display(description=_("språk"))
    def language_name(self, lead: Lead) -> str:
        return str(dict(settings.LANGUAGES).get(lead.language, lead.language))

    @admin.display(description=_("notater"))
    def notes_list(self, lead: Lead) -> str:
        return render_to_string(
            "admin/intake/lead/notes.html", {"notes": lead.notes.select_related("author")}
        )

    @admin.display(description=_("historikk"))
    def history(self, lead: Lead) -> str:
        events = list(lead.events.select_related("actor"))
        # Assignments name accounts by key: fetch them once for the whole history.
        keys = {
            value
            for event in events
            if event.kind == LeadEventKind.ASSIGNED
            for value in (event.old_value, event.new_value)
            if value.isdigit()
        }
        users = {str(u.pk): u for u in get_user_model().objects.filter(pk__in=keys)}
        rows = [(event, event.describe_change(users)) for event in events]
        return render_to_string("admin/intake/lead/history.html", {"rows": rows})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "assignee" in form.base_fields:
            people = assignable_users(request.user)
            if obj is not None and obj.assignee_id:
                # The current assignee stays a valid choice even if they left the subsidiary.
                people = get_user_model().objects.filter(
                    models.Q(pk__in=people.values("pk")) | models.Q(pk=obj.assignee_id)
                )
            form.base_fields["assignee"].queryset = people.order_by("first_name", "username")
            # Named as in the list and its filter, not by user name.
            form.base_fields["assignee"].label_from_instance = person_name
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            record_access(
                actor=request.user, action=AccessAction.VIEWED, obj=obj, label=obj.reference
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Changes go through the workflow methods so each one lands in the history.
        status, assignee = obj.status, obj.assignee
        obj.status = form.initial.get("status", LeadStatus.NEW)
        obj.assignee_id = form.initial.get("assignee")
        obj.change_status(status, by=request.user)
        obj.assign(assignee, by=request.user)
        if note := form.cleaned_data.get("note", "").strip():
            obj.add_note(note, by=request.user)

    # --- the list with its export links, and the dashboard -------------------------------

    def get_urls(self):
        return [
            path(
                "eksport/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),
                name="intake_lead_export",
            ),
            path(
                "oversikt/",
                self.admin_site.admin_view(self.dashboard_view),
                name="intake_lead_dashboard",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        extra_context = {
            **(extra_context or {}),
            "can_export": self.has_export_permission(request),
            "export_query": f"?{query}" if query else "",
            "dashboard_url": reverse("admin:intake_lead_dashboard"),
        }
        return super().changelist_view(request, extra_context)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Oversikt over henvendelser"),
            "opts": self.model._meta,
            **dashboard_context(Lead.objects.visible_to(request.user)),
        }
        return TemplateResponse(request, "admin/intake/dashboard.html", context)
