"""The one table the insights app owns: the narrative of an annual trafficking report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.directory.models import Agency


class TraffickingNarrative(models.Model):
    """The § 51-286h narrative items an agency fills in for a twelve-month period. A police
    department's is tied to its agency; the Chief State's Attorney's has no agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    criteria = models.TextField(_("criteria used to identify trafficking cases"), blank=True)
    coordination = models.TextField(_("coordination with other agencies"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period_start", "period_end"],
                name="narrative_once_per_agency_period",
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                condition=models.Q(agency__isnull=True),
                name="narrative_once_per_csa_period",
            ),
        ]

    def __str__(self) -> str:
        who = self.agency.name if self.agency_id else "Chief State's Attorney"
        return (
            f"{who} trafficking report {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"
        )
