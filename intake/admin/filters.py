"""The lead list's filters. Each offers only what the person may see."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.models import LeadDeliveryState, Subsidiary, visible_subsidiary_ids
from intake.roles import assignable_users


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
