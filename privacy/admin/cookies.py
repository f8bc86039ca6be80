"""The cookie declaration, its versions and the scripts that need consent, in the admin.

Every change to a cookie or a script goes through `declaration_refresh`: a new declaration
version when what it says about voluntary cookies changed (visitors are then asked again),
and every web process forgets the declaration and scripts it kept.

Imported from privacy/admin/__init__.py, so the admin site picks it up.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.cookie_consent import declaration_refresh
from privacy.models.cookies import ConsentScript, CookieDeclarationVersion, DeclaredCookie


class RefreshesDeclaration:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        declaration_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        declaration_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        declaration_refresh()


@admin.register(DeclaredCookie)
class DeclaredCookieAdmin(RefreshesDeclaration, ReadableLookupsMixin, admin.ModelAdmin):
    list_display = ["name", "category", "provider", "lifetime"]
    list_filter = ["category"]
    search_fields = ["name", "provider"]
    fieldsets = [
        (None, {"fields": ["name", "provider", "category", "domain"]}),
        (_("Norsk"), {"fields": ["purpose", "lifetime"]}),
        (_("Engelsk"), {"fields": ["purpose_en", "lifetime_en"]}),
    ]


@admin.register(ConsentScript)
class ConsentScriptAdmin(RefreshesDeclaration, ReadableLookupsMixin, admin.ModelAdmin):
    list_display = ["name", "category", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name"]


@admin.register(CookieDeclarationVersion)
class CookieDeclarationVersionAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    list_display = ["number", "created_at"]
    fields = ["number", "created_at", "voluntary_cookies"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
