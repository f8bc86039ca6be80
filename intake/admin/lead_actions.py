"""What staff do to the leads they select in the list, and the exports of the list.

A mixin of `LeadAdmin`: every action receives a queryset the admin built from
`Lead.objects.visible_to(request.user)`, and each change goes through the lead's workflow
methods or `intake.services`, so it lands in the lead's history.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intake import export
from intake.admin.forms import AssignActionForm, ForwardActionForm, StatusActionForm
from intake.models import Delivery, DeliveryKind, Lead
from intake.services import RESENDABLE, lead_resend_failed_delivery, lead_transfer
from mestergruppen.admin_lookups import selection_for_log
from privacy.audit import AccessAction, record_access


class LeadActionsMixin:
    actions = [
        "assign_to_me",
        "assign_to_user",
        "change_status",
        "forward",
        "resend_failed_deliveries",
        "export_csv",
        "export_xlsx",
    ]

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("intake.export_lead")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- actions ---------------------------------------------------------------------------

    @admin.action(description=_("Tildel meg"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        changed = sum(lead.assign(request.user, by=request.user) for lead in queryset)
        self.message_user(request, _assigned_message(changed))

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
            self.message_user(request, _assigned_message(changed))
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
        return self._export(request, queryset, "csv", selection=self._selection(request))

    @admin.action(description=_("Eksporter valgte (Excel)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx", selection=self._selection(request))

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

    # --- export of the filtered list -------------------------------------------------------

    def export_view(self, request, fmt):
        """The list as it is filtered and searched on screen, all pages."""
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if not self.has_export_permission(request):
            raise Http404
        changelist_url = reverse("admin:intake_lead_changelist")
        try:
            changelist = self.get_changelist_instance(request)
            queryset = changelist.get_queryset(request)
        except IncorrectLookupParameters:
            self.message_user(request, _("Ugyldig filter."), messages.ERROR)
            return HttpResponseRedirect(changelist_url)
        selection = selection_for_log(changelist, request.GET) or str(_("alle"))
        response = self._export(request, queryset, fmt, selection=selection)
        return response or HttpResponseRedirect(f"{changelist_url}?{request.GET.urlencode()}")

    def _selection(self, request) -> str:
        if request.POST.get("select_across") == "1":
            changelist = self.get_changelist_instance(request)
            return selection_for_log(changelist, request.GET) or str(_("alle"))
        return str(_("valgte rader"))

    def _export(self, request, queryset, fmt, *, selection):
        count = queryset.count()
        limit = settings.LEAD_EXPORT_MAX_ROWS
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


def _applied(request):
    """The action's own form is submitted with `apply`; the first click only shows it."""
    return request.POST if "apply" in request.POST else None


def _can_see(user, lead: Lead) -> bool:
    return Lead.objects.visible_to(user).filter(pk=lead.pk).exists()


def _assigned_message(count: int) -> str:
    return ngettext("%(count)d henvendelse tildelt.", "%(count)d henvendelser tildelt.", count) % {
        "count": count
    }
