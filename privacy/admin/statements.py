"""The privacy statement's versions: drafts, publication, and a new draft from a published one."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import PrivacyStatement
from privacy.models.statement import today_in_norway


@admin.register(PrivacyStatement)
class PrivacyStatementAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    list_display = [
        "version",
        "language",
        "effective_date",
        "status",
        "in_force",
        "published_at",
        "published_by",
        "preview_link",
    ]
    list_filter = ["language", "status"]
    ordering = ["language", "-effective_date"]
    search_fields = ["version", "title", "change_summary"]
    fields = [
        "version",
        "language",
        "title",
        "effective_date",
        "change_summary",
        "body",
        "status",
        "published_at",
        "published_by",
        "preview_link",
    ]
    readonly_fields = ["status", "published_at", "published_by", "preview_link"]
    actions = ["publish", "copy_as_draft"]

    # A published version is the record of what visitors were shown: view only. The model
    # refuses changes too; this keeps the admin from offering them.
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("published_by")

    def view_on_site(self, obj):
        """A published version at its public address; a draft, which has none yet, at its
        preview (the admin's «Vis på nettsted» led to a 404 before)."""
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:privacy_privacystatement_preview", args=[obj.pk])

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/forhandsvisning/", preview, name="privacy_privacystatement_preview"),
            *super().get_urls(),
        ]

    @admin.display(description=_("gjelder nå"), boolean=True)
    def in_force(self, obj):
        if not obj.is_published:
            return None
        current = PrivacyStatement.objects.current(language=obj.language)
        return current is not None and current.pk == obj.pk

    @admin.display(description=_("forhåndsvisning"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Lagre utkastet først.")
        url = reverse("admin:privacy_privacystatement_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Vis slik den blir seende ut"))

    def preview_view(self, request, pk):
        """The draft on the public page layout, exactly as visitors will see it."""
        from privacy.views.statement import statement_page

        statement = get_object_or_404(PrivacyStatement, pk=pk)
        if not self.has_view_or_change_permission(request, statement):
            raise PermissionDenied
        current = PrivacyStatement.objects.current(language=statement.language)
        return statement_page(request, statement, current=current, preview=True)

    @admin.action(description=_("Publiser valgte utkast"), permissions=["publish"])
    def publish(self, request, queryset):
        for statement in queryset.order_by("effective_date"):
            if statement.is_published:
                self.message_user(
                    request,
                    _("%(version)s er allerede publisert.") % {"version": statement.version},
                    messages.WARNING,
                )
                continue
            try:
                statement.publish(by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(version)s ble ikke publisert: %(reason)s")
                    % {"version": statement.version, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("%(version)s er publisert og gjelder fra %(date)s.")
                    % {
                        "version": statement.version,
                        "date": date_format(statement.effective_date, "j. F Y"),
                    },
                    messages.SUCCESS,
                )

    def has_publish_permission(self, request):
        return request.user.has_perm("privacy.change_privacystatement")

    @admin.action(description=_("Lag nytt utkast fra valgt versjon"), permissions=["add"])
    def copy_as_draft(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Velg én versjon å lage utkast fra."), messages.ERROR)
            return None
        source = queryset.get()
        today = today_in_norway()
        for attempt in range(1, 100):
            label = f"{today.isoformat()}-utkast" + (f"-{attempt}" if attempt > 1 else "")
            try:
                with transaction.atomic():
                    draft = PrivacyStatement.objects.create(
                        version=label,
                        language=source.language,
                        title=source.title,
                        effective_date=today,
                        body=source.body,
                    )
            except IntegrityError:
                continue
            self.message_user(
                request,
                _("Nytt utkast laget fra %(version)s. Sett versjon, dato og hva som er endret.")
                % {"version": source.version},
                messages.SUCCESS,
            )
            return redirect("admin:privacy_privacystatement_change", draft.pk)
        self.message_user(request, _("Kunne ikke lage et nytt utkast."), messages.ERROR)
        return None
