"""One record per person ("biography"), shared by every case the person appears in."""

import datetime
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Unknown")


class Race(models.TextChoices):
    """The race categories of the NCA statistics."""

    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black", _("Black or African American")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Other Pacific Islander")
    WHITE = "white", _("White")
    MULTIRACIAL = "multiracial", _("Two or more races")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Ethnicity(models.TextChoices):
    HISPANIC = "hispanic", _("Hispanic or Latino")
    NOT_HISPANIC = "not_hispanic", _("Not Hispanic or Latino")
    UNKNOWN = "unknown", _("Unknown")


# The search keys of Person (sort_name ... first_phonetic): kept by the people
# services, copied by the cases' name search rows.
NAME_KEY_FIELDS = ("sort_name", "short_name", "last_phonetic", "first_phonetic")


class Person(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    aliases = models.CharField(
        max_length=300, blank=True, help_text=_("Other names, separated by commas")
    )
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_age_on = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=60, blank=True)
    race = models.CharField(max_length=24, choices=Race.choices, default=Race.UNKNOWN)
    ethnicity = models.CharField(
        max_length=16, choices=Ethnicity.choices, default=Ethnicity.UNKNOWN
    )
    primary_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    cultural_considerations = models.TextField(blank=True)
    accommodations = models.TextField(blank=True)
    town = models.CharField(max_length=80, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    # Search keys, kept by the services: folded "last first", and phonetic codes.
    sort_name = models.CharField(max_length=220, db_index=True, editable=False)
    # Folded "first word of the last name, first": a namesake with a longer last name.
    short_name = models.CharField(max_length=220, db_index=True, editable=False, default="")
    last_phonetic = models.CharField(max_length=12, db_index=True, editable=False)
    first_phonetic = models.CharField(max_length=12, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_age__isnull=True) | models.Q(estimated_age__lte=120),
                name="person_estimated_age_plausible",
            )
        ]
        # likely_matches' candidate tests: both names sounding alike, or the same folded
        # name; each narrowed by the date of birth when one is typed.
        indexes = [
            models.Index(
                fields=["last_phonetic", "first_phonetic", "date_of_birth"], name="person_sound"
            ),
            models.Index(fields=["sort_name", "date_of_birth"], name="person_name_born"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on `day`, from the date of birth or the estimate."""
        from haven.people.rules import age_on

        return age_on(self, day)
