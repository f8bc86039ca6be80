"""The cookie declaration kept in the admin, its versions, and the scripts that need consent.

The declaration page (/personvern/informasjonskapsler/) is generated from `DeclaredCookie`:
every cookie the site sets, by us or by a script we load, with who sets it, why, for how long
and in which category (a test fails when a page sets a cookie that is not on the list).

A visitor's consent covers the voluntary cookies as declared when they chose. When staff
add, remove or change a statistics or marketing cookie, the declaration gets a new
`CookieDeclarationVersion` (privacy/cookie_consent.py) holding what it then said, and every
visitor is asked again; editing the text of a necessary cookie asks no one (they need no
consent). The consent records name the version shown, so the proof can show what it said.

`ConsentScript` is a statistics or marketing script configured in the admin: it is put in a
page only for a visitor who consented to its category, inside `<script nonce=…>`.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CookieCategory(models.TextChoices):
    NECESSARY = "necessary", _("Nødvendige")
    STATISTICS = "statistics", _("Statistikk")
    MARKETING = "marketing", _("Markedsføring")


# The categories a visitor chooses; the same values as the consent register's purposes.
VOLUNTARY_CATEGORIES = (CookieCategory.STATISTICS, CookieCategory.MARKETING)
CATEGORY_ORDER = [CookieCategory.NECESSARY, *VOLUNTARY_CATEGORIES]


class DeclaredCookie(models.Model):
    name = models.CharField(
        _("navn"),
        max_length=100,
        unique=True,
        help_text=_(
            "Navnet nettleseren viser. Et navn som slutter med * gjelder alle som begynner "
            "slik (for eksempel _ga_*)."
        ),
    )
    provider = models.CharField(
        _("leverandør"),
        max_length=100,
        default="Mestergruppen AS",
        help_text=_("Hvem som setter og leser informasjonskapselen."),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=CookieCategory.choices)
    purpose = models.TextField(_("formål"), max_length=500)
    purpose_en = models.TextField(_("formål på engelsk"), max_length=500, blank=True)
    lifetime = models.CharField(_("varighet"), max_length=100)
    lifetime_en = models.CharField(_("varighet på engelsk"), max_length=100, blank=True)
    domain = models.CharField(
        _("domene"),
        max_length=100,
        blank=True,
        help_text=_(
            "Fylles bare ut når et skript setter den på et annet domene enn sidens eget "
            "(for eksempel .mestergruppen.no), så den kan slettes når samtykket trekkes."
        ),
    )

    class Meta:
        verbose_name = _("informasjonskapsel")
        verbose_name_plural = _("informasjonskapsler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_voluntary(self) -> bool:
        return self.category in VOLUNTARY_CATEGORIES

    def matches(self, cookie_name: str) -> bool:
        if self.name.endswith("*"):
            return cookie_name.startswith(self.name[:-1])
        return cookie_name == self.name

    def purpose_shown(self) -> str:
        return self.purpose_en if get_language() == "en" and self.purpose_en else self.purpose

    def lifetime_shown(self) -> str:
        return self.lifetime_en if get_language() == "en" and self.lifetime_en else self.lifetime


class CookieDeclarationVersion(models.Model):
    """What the declaration said about voluntary cookies from `created_at` on: the version a
    consent names. Written by privacy/cookie_consent.py, never edited."""

    number = models.PositiveIntegerField(_("versjon"), unique=True, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)
    voluntary_cookies = models.JSONField(
        _("frivillige informasjonskapsler"), default=list, editable=False
    )
    created_at = models.DateTimeField(_("gjelder fra"), auto_now_add=True)

    class Meta:
        verbose_name = _("versjon av oversikten over informasjonskapsler")
        verbose_name_plural = _("versjoner av oversikten over informasjonskapsler")
        ordering = ["-number"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return str(self.number)


class ConsentScript(models.Model):
    name = models.CharField(_("navn"), max_length=100)
    category = models.CharField(
        _("kategori"),
        max_length=20,
        choices=[(c.value, c.label) for c in VOLUNTARY_CATEGORIES],
        help_text=_("Skriptet kjøres bare for besøkende som har godtatt denne kategorien."),
    )
    code = models.TextField(
        _("JavaScript"),
        max_length=20_000,
        help_text=_(
            "Bare JavaScript, uten <script>-merker; siden legger det i et eget skript med "
            "nonce. Informasjonskapslene skriptet setter, må stå i oversikten."
        ),
    )
    active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        verbose_name = _("skript som krever samtykke")
        verbose_name_plural = _("skript som krever samtykke")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name
