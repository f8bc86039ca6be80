"""The privacy officer's requests in the admin: the list with deadlines, one page per request
with everything the registry finds, and a handling page per right that shows the letter
before anything is done.

Only holders of `privacy.view_datasubjectrequest` (the "Personvernombud" role) see requests;
central and subsidiary staff have no privacy permission, so the list, the pages and the
handling views all answer 403 to them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import DataSubjectRequest, RequestActionKind, RequestRight, RequestStatus
from privacy.normalisation import InvalidPhoneNumber, normalise_email, normalise_phone
from privacy.requests import steps
from privacy.requests.records import request_records
from privacy.requests.services import record_action


class DeadlineFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [("over", _("Over fristen")), ("snart", _("Frist innen en uke"))]

    def queryset(self, request, queryset):
        if self.value() == "over":
            return queryset.overdue()
        if self.value() == "snart":
            return queryset.near_deadline()
        return queryset


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with a name a screen reader reads (the field's
    label names the pair, in a legend, not each input)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Dato mottatt")
        self.widgets[1].attrs["aria-label"] = _("Klokkeslett mottatt")


class RegisterRequestForm(forms.ModelForm):
    """A request that came by letter or email: the officer has checked who sent it."""

    rights = forms.MultipleChoiceField(
        label=_("rettigheter"), choices=RequestRight.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DataSubjectRequest
        fields = ["rights", "email", "phone", "details", "language", "received_at"]
        widgets = {"received_at": LabelledSplitDateTime}

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if not email:
            raise forms.ValidationError(_("Skriv inn personens e-postadresse."))
        return email

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhoneNumber:
            raise forms.ValidationError(_("Skriv inn et gyldig telefonnummer.")) from None


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "rights_display",
        "status",
        "received_at",
        "deadline_display",
        "handled_by",
    ]
    list_filter = ["status", DeadlineFilter]
    # Exact matches only: a reference, or the normalised address of the person.
    search_fields = ["=reference", "=email"]
    list_select_related = ["handled_by"]
    ordering = ["deadline", "pk"]
    form = RegisterRequestForm
    actions = None
    # Years of answered requests add up: a page of 50 renders quickly, and the list does not
    # count the whole table a second time for the "(n total)" beside a filtered count.
    list_per_page = 50
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A request is the documentation of how a right was handled.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(joined_into__isnull=True)

    def get_search_results(self, request, queryset, search_term):
        # The address is stored normalised; the officer may type it any way.
        term = search_term.strip()
        if "@" in term:
            term = normalise_email(term)
        elif term.upper().startswith("PV-"):
            term = term.upper()
        return super().get_search_results(request, queryset, term)

    @admin.display(description=_("rettigheter"))
    def rights_display(self, obj):
        return ", ".join(obj.right_labels())

    @admin.display(description=_("frist"), ordering="deadline")
    def deadline_display(self, obj):
        text = obj.deadline.strftime("%d.%m.%Y")
        if obj.is_overdue:
            return format_html('<strong class="overdue">{} – {}</strong>', text, _("over fristen"))
        return text

    # --- registering a request received another way -----------------------------------------

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied  # a request is changed only through its handling steps
        obj.status = RequestStatus.CONFIRMED
        obj.confirmed_at = timezone.now()
        obj.handled_by = request.user
        super().save_model(request, obj, form, change)
        record_action(obj, RequestActionKind.RECEIVED, by=request.user, channel="officer")

    # --- one request's page -----------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path(
                "<int:pk>/behandle/<slug:step>/",
                wrap(self.step_view),
                name="privacy_datasubjectrequest_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        records = request_records(obj, by=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": obj.reference,
            "request_record": obj,
            "records": records,
            "actions": obj.actions.select_related("actor"),
            "letters": obj.messages.all(),
            "exports": obj.exports.defer("content"),
            "steps": steps.available(obj),
            "can_change": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/privacy/request/change.html", context)

    def step_view(self, request, pk, step):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        handler = steps.get(step)
        if handler is None or step not in {s.slug for s in steps.available(obj)}:
            raise Http404
        form = handler.build_form(obj, request.POST or None)
        # "Forhåndsvis" shows the letter with what was typed; only "Utfør og send" acts.
        if request.method == "POST" and "send" in request.POST and form.is_valid():
            try:
                data = dict(form.cleaned_data)
                if hasattr(form, "changes"):
                    data["changes"] = form.changes()
                if hasattr(form, "decisions"):
                    data["decisions"] = form.decisions()
                message = handler.run(obj, by=request.user, data=data)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:privacy_datasubjectrequest_change", args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{obj.reference}: {handler.title}",
            "request_record": obj,
            "step": handler,
            "form": form,
            "preview": handler.preview(obj, form.data if form.is_bound else {}),
        }
        return TemplateResponse(request, "admin/privacy/request/step.html", context)
