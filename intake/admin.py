from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intake import export
from intake.models import (
    REFERENCE_ALPHABET,
    Delivery,
    DeliveryKind,
    Lead,
    LeadDeliveryState,
    LeadEventKind,
    LeadStatus,
    RoutingRule,
    Subsidiary,
    user_label,
    visible_subsidiary_ids,
)
from intake.roles import assignable_users
from intake.services import RESENDABLE, lead_resend_failed_delivery, lead_transfer
from intake.sla import triage_deadline_cutoff
from privacy.audit import AccessAction, record_access
from privacy.registry import InvalidPhoneNumber, normalise_email, normalise_phone


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 0
    verbose_name_plural = _(
        "Rutingregler: henvendelser fra disse fylkene går hit i stedet for til standardadressen"
    )


@admin.register(Subsidiary)
class SubsidiaryAdmin(admin.ModelAdmin):
    list_display = ["name", "offered_in_form", "default_email", "rule_count", "position"]
    list_editable = ["offered_in_form", "position"]
    list_filter = ["offered_in_form"]
    search_fields = ["name", "default_email", "routing_rules__email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        (_("I kontaktskjemaet"), {"fields": ["offered_in_form", "position"]}),
        (_("Mottak"), {"fields": ["default_email"]}),
        (_("Tilgang"), {"fields": ["members"]}),
    ]
    inlines = [RoutingRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rule_count=Count("routing_rules"))

    @admin.display(description=_("rutingregler"), ordering="rule_count")
    def rule_count(self, subsidiary: Subsidiary) -> int:
        return subsidiary.rule_count


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

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# --- Filters -------------------------------------------------------------------------------


class SubsidiaryFilter(admin.SimpleListFilter):
    """Only the subsidiaries the person may see, plus "central" for central staff."""

    title = _("datterselskap")
    parameter_name = "datterselskap"
    CENTRAL = "sentralt"

    def lookups(self, request, model_admin):
        subsidiaries = Subsidiary.objects.order_by("position", "name")
        if not request.user.has_perm("intake.view_all_leads"):
            subsidiaries = subsidiaries.filter(pk__in=visible_subsidiary_ids(request.user))
            return [(str(s.pk), s.name) for s in subsidiaries]
        return [(str(s.pk), s.name) for s in subsidiaries] + [
            (self.CENTRAL, _("Sentralt (ingen kjede valgt)"))
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.CENTRAL:
            return queryset.filter(subsidiary__isnull=True)
        if value and value.isdigit():
            return queryset.filter(subsidiary_id=int(value))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("saksbehandler")
    parameter_name = "saksbehandler"
    ME, NOBODY = "meg", "ingen"

    def lookups(self, request, model_admin):
        people = [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in assignable_users(request.user)
        ]
        return [(self.ME, _("Meg")), (self.NOBODY, _("Ingen")), *people]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ME:
            return queryset.filter(assignee=request.user)
        if value == self.NOBODY:
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class DeliveryStateFilter(admin.SimpleListFilter):
    title = _("utsending")
    parameter_name = "utsending"

    def lookups(self, request, model_admin):
        return LeadDeliveryState.choices

    def queryset(self, request, queryset):
        if self.value() in LeadDeliveryState.values:
            return queryset.with_delivery_state_filter(self.value())
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [("over", _("Over fristen"))]

    def queryset(self, request, queryset):
        if self.value() == "over":
            return queryset.overdue()
        return queryset


class ReceivedBetweenFilter(admin.ListFilter):
    """A date range (from, to; both days included) as a small form of its own."""

    title = _("mottatt")
    template = "admin/intake/lead/received_between_filter.html"
    FROM, TO = "mottatt_fra", "mottatt_til"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values = {}
        for name in (self.FROM, self.TO):
            if name in params:
                value = params.pop(name)
                self.values[name] = value[-1] if isinstance(value, list) else value
        self.other_params = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in (self.FROM, self.TO, "p")
            for value in values
        ]

    def _date(self, name):
        raw = self.values.get(name, "")
        if not raw:
            return None
        try:
            return forms.DateField().clean(raw)
        except ValidationError as error:
            raise IncorrectLookupParameters(_("Ugyldig dato.")) from error

    def has_output(self) -> bool:
        return True

    def expected_parameters(self):
        return [self.FROM, self.TO]

    def queryset(self, request, queryset):
        start, end = self._date(self.FROM), self._date(self.TO)
        if start:
            queryset = queryset.filter(received_at__date__gte=start)
        if end:
            queryset = queryset.filter(received_at__date__lte=end)
        return queryset

    def choices(self, changelist):
        yield {
            "from": self.values.get(self.FROM, ""),
            "to": self.values.get(self.TO, ""),
            "other_params": self.other_params,
            "clear": changelist.get_query_string(remove=[self.FROM, self.TO]),
            "active": bool(self.values),
        }


# --- Forms for the change page and the actions --------------------------------------------


class LeadTriageForm(forms.ModelForm):
    note = forms.CharField(
        label=_("Nytt notat"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Internt; vises bare for ansatte, og lagres i historikken med ditt navn."),
    )

    class Meta:
        model = Lead
        fields = ["status", "assignee"]


class StatusActionForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=LeadStatus.choices)


class AssignActionForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Saksbehandler"),
        queryset=None,
        required=False,
        empty_label=_("Ingen (fjern saksbehandler)"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users(user)


class ForwardActionForm(forms.Form):
    subsidiary = forms.ModelChoiceField(
        label=_("Videresend til"),
        queryset=Subsidiary.objects.order_by("position", "name"),
        help_text=_(
            "Henvendelsen blir datterselskapets: den sendes på e-post til deres adresse, blir "
            "satt til «Ny» uten saksbehandler, og dere mister tilgangen hvis dere ikke er "
            "medlem der."
        ),
    )


# --- The lead admin ----------------------------------------------------------------------------

# What the person sent through the form, shown on the lead page.
SUBMITTED_FIELDS = [
    "reference",
    "received_at",
    "subsidiary",
    "company_name",
    "org_number",
    "contact_name",
    "email",
    "phone",
    "county",
    "message",
    "wants_news",
    "language",
    "is_suspected_spam",
    "spam_reason",
]


def _by_name(term: str) -> models.Q:
    """Every word of the term in the company's or the contact's name."""
    condition = models.Q()
    for word in term.split():
        condition &= models.Q(company_name__icontains=word) | models.Q(contact_name__icontains=word)
    return condition


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    """Triage: every query goes through `Lead.objects.visible_to(request.user)`."""

    list_display = [
        "reference",
        "received_at",
        "company_name",
        "contact_name",
        "subsidiary_name",
        "county",
        "status",
        "assignee_name",
        "age",
        "delivery",
        "deadline",
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
    # Exact counts of a million rows on every page would cost more than the page itself.
    show_full_result_count = False
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
    actions = [
        "assign_to_me",
        "assign_to_user",
        "change_status",
        "forward",
        "resend_failed_deliveries",
        "export_csv",
        "export_xlsx",
    ]

    class Media:
        css = {"all": ["css/admin-triage.css"]}

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

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("intake.export_lead")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- search ----------------------------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        """Each kind of term is matched where it is stored normalised, so an index answers:
        an email exactly (lower case), a phone number in E.164 whatever the notation, an
        organisation number by its digits, a reference in any letter case. Anything else is
        looked for in the names."""
        term = " ".join(search_term.split())
        if not term:
            return queryset, False
        digits = "".join(ch for ch in term if ch.isdigit())
        if "@" in term:
            return queryset.filter(email=normalise_email(term)), False
        upper = term.upper()
        if upper.startswith("MG-"):
            return queryset.filter(reference=upper), False
        if (
            len(upper) == 8
            and all(ch in REFERENCE_ALPHABET for ch in upper)
            and not upper.isdigit()  # eight digits: a phone number or a reference, below
        ):
            by_reference = models.Q(reference=f"MG-{upper}")
            if any(ch.isdigit() for ch in upper):
                return queryset.filter(by_reference), False
            # Eight letters are a reference without digits or a name ("Andersen"): both.
            return queryset.filter(by_reference | _by_name(term)), False
        if digits and len(digits) >= 5 and not any(ch.isalpha() for ch in term):
            try:
                phone = normalise_phone(term)
            except InvalidPhoneNumber:
                phone = term
            condition = models.Q(phone=phone)
            if len(digits) == 9:
                condition |= models.Q(org_number=digits)
            if len(term) == 8 and term.isdigit():
                condition |= models.Q(reference=f"MG-{term}")  # a reference of digits only
            return queryset.filter(condition), False
        return queryset.filter(_by_name(term)), False

    # --- list columns ----------------------------------------------------------------------

    @admin.display(description=_("datterselskap"), ordering="subsidiary__name")
    def subsidiary_name(self, lead: Lead) -> str:
        return lead.subsidiary.name if lead.subsidiary else _("Sentralt")

    @admin.display(description=_("saksbehandler"))
    def assignee_name(self, lead: Lead) -> str:
        if lead.assignee is None:
            return "–"
        return lead.assignee.get_full_name() or lead.assignee.get_username()

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

    # --- change page -----------------------------------------------------------------------

    @admin.display(description=_("notater"))
    def notes_list(self, lead: Lead) -> str:
        notes = lead.notes.select_related("author")
        if not notes:
            return _("Ingen notater ennå.")
        return format_html(
            '<ul class="triage-notes">{}</ul>',
            format_html_join(
                "",
                "<li><p>{}</p><small>{} · {}</small></li>",
                (
                    (
                        note.text,
                        _author(note.author),
                        f"{timezone.localtime(note.created_at):%d.%m.%Y %H:%M}",
                    )
                    for note in notes
                ),
            ),
        )

    @admin.display(description=_("historikk"))
    def history(self, lead: Lead) -> str:
        events = list(lead.events.select_related("actor"))
        if not events:
            return _("Ingen endringer ennå.")
        keys = {
            value
            for event in events
            if event.kind == LeadEventKind.ASSIGNED
            for value in (event.old_value, event.new_value)
            if value.isdigit()
        }
        users = {str(u.pk): u for u in get_user_model().objects.filter(pk__in=keys)}
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{timezone.localtime(event.at):%d.%m.%Y %H:%M}",
                    _author(event.actor),
                    event.get_kind_display(),
                    event.describe_change(users),
                )
                for event in events
            ),
        )
        return format_html(
            '<table class="triage-history"><caption>{}</caption><thead><tr>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Historikk for henvendelsen"),
            _("Når"),
            _("Hvem"),
            _("Hva"),
            _("Endring"),
            rows,
        )

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

    # --- actions ---------------------------------------------------------------------------

    @admin.action(description=_("Tildel meg"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        changed = sum(lead.assign(request.user, by=request.user) for lead in queryset)
        self.message_user(request, _tildelt(changed))

    @admin.action(description=_("Tildel en saksbehandler …"), permissions=["change"])
    def assign_to_user(self, request, queryset):
        form = AssignActionForm(_applied(request), user=request.user)
        if form.is_bound and form.is_valid():
            person = form.cleaned_data["assignee"]
            changed = skipped = 0
            for lead in queryset:
                if person is not None and not _can_see(person, lead):
                    skipped += 1
                    continue
                changed += lead.assign(person, by=request.user)
            self.message_user(request, _tildelt(changed))
            if skipped:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d henvendelse ble ikke tildelt: personen har ikke tilgang.",
                        "%(count)d henvendelser ble ikke tildelt: personen har ikke tilgang.",
                        skipped,
                    )
                    % {"count": skipped},
                    messages.WARNING,
                )
            return None
        return self._action_page(
            request, queryset, form, "assign_to_user", _("Tildel saksbehandler")
        )

    @admin.action(description=_("Endre status …"), permissions=["change"])
    def change_status(self, request, queryset):
        form = StatusActionForm(_applied(request))
        if form.is_bound and form.is_valid():
            status = form.cleaned_data["status"]
            changed = sum(lead.change_status(status, by=request.user) for lead in queryset)
            self.message_user(
                request,
                ngettext(
                    "Status endret på %(count)d henvendelse.",
                    "Status endret på %(count)d henvendelser.",
                    changed,
                )
                % {"count": changed},
            )
            return None
        return self._action_page(request, queryset, form, "change_status", _("Endre status"))

    @admin.action(description=_("Videresend til et annet datterselskap …"), permissions=["change"])
    def forward(self, request, queryset):
        form = ForwardActionForm(_applied(request))
        if form.is_bound and form.is_valid():
            to = form.cleaned_data["subsidiary"]
            forwarded = 0
            for lead in queryset.select_related("subsidiary"):
                if lead.subsidiary_id != to.pk:
                    lead_transfer(lead=lead, to=to, by=request.user)
                    forwarded += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d henvendelse videresendt til %(to)s.",
                    "%(count)d henvendelser videresendt til %(to)s.",
                    forwarded,
                )
                % {"count": forwarded, "to": to.name},
            )
            return None
        return self._action_page(
            request, queryset, form, "forward", _("Videresend til et annet datterselskap")
        )

    @admin.action(description=_("Send feilede utsendinger på nytt"), permissions=["change"])
    def resend_failed_deliveries(self, request, queryset):
        failed = Delivery.objects.filter(
            lead__in=queryset.values("pk"), kind=DeliveryKind.ROUTING, status__in=RESENDABLE
        )
        resent = sum(lead_resend_failed_delivery(delivery=d, by=request.user) for d in failed)
        level = messages.SUCCESS if resent else messages.WARNING
        self.message_user(
            request,
            ngettext(
                "%(count)d utsending lagt i kø på nytt.",
                "%(count)d utsendinger lagt i kø på nytt.",
                resent,
            )
            % {"count": resent},
            level,
        )

    @admin.action(description=_("Eksporter valgte (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv", selection=_selection(request))

    @admin.action(description=_("Eksporter valgte (Excel)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx", selection=_selection(request))

    def _action_page(self, request, queryset, form, action, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "action": action,
            "leads": queryset[:20],
            "count": queryset.count(),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/intake/lead/action_form.html", context)

    # --- export of the filtered list and the dashboard -------------------------------------

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

    def export_view(self, request, fmt):
        """The list as it is filtered and searched on screen, all pages."""
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if not self.has_export_permission(request):
            raise Http404
        changelist_url = reverse("admin:intake_lead_changelist")
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            self.message_user(request, _("Ugyldig filter."), messages.ERROR)
            return HttpResponseRedirect(changelist_url)
        selection = request.GET.urlencode() or str(_("alle"))
        response = self._export(request, queryset, fmt, selection=selection)
        return response or HttpResponseRedirect(f"{changelist_url}?{request.GET.urlencode()}")

    def _export(self, request, queryset, fmt, *, selection):
        count = queryset.count()
        limit = _export_limit()
        if count > limit:
            self.message_user(
                request,
                _(
                    "Utvalget har %(count)d henvendelser; en eksport kan ha høyst %(limit)d. "
                    "Snevre inn med filter eller søk."
                )
                % {"count": count, "limit": limit},
                messages.ERROR,
            )
            return None
        leads = export.export_queryset(queryset.order_by("-received_at"))
        if fmt == "xlsx":
            body = export.as_xlsx(leads)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = export.as_csv(leads)
            content_type = "text/csv; charset=utf-8"
        record_access(
            actor=request.user,
            action=AccessAction.EXPORTED,
            obj=Lead,
            detail={"rader": count, "format": fmt, "utvalg": selection},
        )
        response = HttpResponse(body, content_type=content_type)
        filename = f"henvendelser-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response

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
        from intake.dashboard import dashboard_context

        if not self.has_view_permission(request):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Oversikt over henvendelser"),
            "opts": self.model._meta,
            **dashboard_context(Lead.objects.visible_to(request.user)),
        }
        return TemplateResponse(request, "admin/intake/dashboard.html", context)


def _applied(request):
    """The action's own form is submitted with `apply`; the first click only shows it."""
    return request.POST if "apply" in request.POST else None


def _selection(request) -> str:
    if request.POST.get("select_across") == "1":
        return request.GET.urlencode() or str(_("alle"))
    return str(_("valgte rader"))


def _can_see(user, lead: Lead) -> bool:
    return Lead.objects.visible_to(user).filter(pk=lead.pk).exists()


def _tildelt(count: int) -> str:
    return ngettext("%(count)d henvendelse tildelt.", "%(count)d henvendelser tildelt.", count) % {
        "count": count
    }


def _author(user) -> str:
    return user_label(user)


def _export_limit() -> int:
    from django.conf import settings

    return settings.LEAD_EXPORT_MAX_ROWS
