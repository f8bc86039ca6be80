"""Subsidiaries (the «kjeder» visitors choose between in the form) and the county rules that
route a lead to an address other than the subsidiary's default."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models.choices import County


class SubsidiaryQuerySet(models.QuerySet):
    def offered_in_form(self) -> "SubsidiaryQuerySet":
        return self.filter(offered_in_form=True)


class Subsidiary(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=50, unique=True)
    description = models.CharField(
        _("kort beskrivelse"),
        max_length=300,
        blank=True,
        help_text=_("Vises under navnet i kontaktskjemaet."),
    )
    offered_in_form = models.BooleanField(_("vises i skjemaet"), default=True)
    default_email = models.EmailField(
        _("standard mottakeradresse"),
        help_text=_("Får henvendelser fra fylker som ikke har en egen rutingregel."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansatte med tilgang"),
        related_name="subsidiaries",
        blank=True,
        help_text=_("Disse ser henvendelsene som er rutet til datterselskapet."),
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge i skjemaet"), default=0)

    objects = SubsidiaryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("datterselskap")
        verbose_name_plural = _("datterselskaper")

    def __str__(self) -> str:
        return self.name

    def recipients_for(self, county: str) -> list[str]:
        """The county's own addresses when it has rules, otherwise the default address."""
        by_rule = [rule.email for rule in self.routing_rules.all() if rule.county == county]
        return by_rule or [self.default_email]


class RoutingRule(models.Model):
    """Sends a subsidiary's leads from one county to an address other than its default."""

    subsidiary = models.ForeignKey(
        Subsidiary,
        verbose_name=_("datterselskap"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    county = models.CharField(_("fylke"), max_length=20, choices=County.choices)
    email = models.EmailField(_("mottakeradresse"))

    class Meta:
        ordering = ["subsidiary", "county", "email"]
        verbose_name = _("rutingregel")
        verbose_name_plural = _("rutingregler")
        constraints = [
            models.UniqueConstraint(
                fields=["subsidiary", "county", "email"], name="routing_rule_unique_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subsidiary} · {self.get_county_display()} → {self.email}"
