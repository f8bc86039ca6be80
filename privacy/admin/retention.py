"""The retention runs in the admin, for the privacy officer: read only.

Imported from privacy/admin/__init__.py, so the admin site picks it up.
"""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from mestergruppen.admin_lookups import ReadableLookupsMixin
from privacy.models import RetentionRun

COLUMNS = [
    ("deleted", _("slettet")),
    ("anonymised", _("anonymisert")),
    ("kept", _("beholdt")),
    ("held", _("holdt tilbake (rettslig hold)")),
    ("released", _("hold opphevet")),
]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "status", "dry_run", "deleted", "anonymised"]
    list_filter = ["status", "dry_run"]
    date_hierarchy = "started_at"
    fields = ["started_at", "finished_at", "status", "dry_run", "error", "report_table"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("slettet"))
    def deleted(self, run):
        return run.totals()["deleted"]

    @admin.display(description=_("anonymisert"))
    def anonymised(self, run):
        return run.totals()["anonymised"]

    @admin.display(description=_("per type post"))
    def report_table(self, run):
        head = format_html_join(
            "", "<th scope='col'>{}</th>", ((label,) for _key, label in COLUMNS)
        )
        rows = format_html_join(
            "\n",
            "<tr><th scope='row'>{}</th>" + "<td>{}</td>" * len(COLUMNS) + "</tr>",
            (
                (counts.get("name", label), *(counts.get(key, 0) for key, _l in COLUMNS))
                for label, counts in sorted(run.report.items())
            ),
        )
        return format_html_join(
            "",
            "<table><thead><tr><th scope='col'>{}</th>{}</tr></thead><tbody>{}</tbody></table>",
            [(_("type post"), head, rows)],
        )
