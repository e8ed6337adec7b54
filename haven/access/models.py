"""The role matrix: for each discipline and case section, none, view or edit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.disciplines import Discipline


class Section(models.TextChoices):
    GENERAL = "general", _("General")
    PEOPLE = "people", _("People")
    FORENSIC_INTERVIEW = "forensic_interview", _("Forensic interview")
    RECORDINGS = "recordings", _("Recordings")
    MEDICAL = "medical", _("Medical")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    ADVOCACY = "advocacy", _("Advocacy")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    PROSECUTION = "prosecution", _("Prosecution")
    DOCUMENTS = "documents", _("Documents")
    REVIEWS = "reviews", _("Case review")
    # Trafficking screenings recorded on a person (screening app): answers are sensitive.
    SCREENING = "screening", _("Trafficking screening")
    # Not a tab on the case page: VIEW here lets a role see centre-wide counts (insights)
    # that include cases it cannot open. A security-officer decision, like every cell.
    STATISTICS = "statistics", _("Aggregate statistics")


class Level(models.IntegerChoices):
    NONE = 0, _("None")
    VIEW = 1, _("View")
    EDIT = 2, _("Edit")


class RoleMatrixEntry(models.Model):
    discipline = models.CharField(max_length=32, choices=Discipline.choices)
    section = models.CharField(max_length=32, choices=Section.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NONE)

    class Meta:
        ordering = ["discipline", "section"]
        constraints = [
            models.UniqueConstraint(fields=["discipline", "section"], name="matrix_unique_cell"),
            models.CheckConstraint(
                condition=models.Q(level__in=[0, 1, 2]), name="matrix_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discipline}/{self.section}={self.level}"
