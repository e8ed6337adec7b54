"""Judicial districts, agencies, the people who work in them, and their credentials."""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """One of Connecticut's 13 judicial districts (Conn. Gen. Stat. § 51-344)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    court_seats = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    CAC = "cac", _("Children's advocacy center")
    DCF_OFFICE = "dcf_office", _("DCF office")
    MUNICIPAL_POLICE = "municipal_police", _("Municipal police")
    STATE_POLICE = "state_police", _("State police")
    STATES_ATTORNEY = "states_attorney", _("State's attorney's office")
    HOSPITAL = "hospital", _("Hospital")
    MENTAL_HEALTH = "mental_health", _("Mental-health provider")
    YOUTH_SERVICES = "youth_services", _("Youth services bureau")
    SCHOOL_DISTRICT = "school_district", _("School district")
    LODGING = "lodging", _("Lodging business")
    COURT = "court", _("Court")
    PUBLIC_DEFENDER = "public_defender", _("Public defender")
    # Workplaces of the training audiences of Gen. Stat. § 17a-106h.
    LAW_FIRM = "law_firm", _("Law firm or attorney in private practice")
    URGENT_CARE = "urgent_care", _("Urgent care facility")
    HIGHER_EDUCATION = "higher_education", _("College or university (constituent unit, § 10a-1)")
    OTHER = "other", _("Other")


POLICE_KINDS = frozenset({AgencyKind.MUNICIPAL_POLICE, AgencyKind.STATE_POLICE})


class Agency(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices, db_index=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    town = models.CharField(max_length=80, blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        indexes = [models.Index(fields=["name"], name="agency_name_idx")]
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="agency_unique_name_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind in POLICE_KINDS


class Personnel(models.Model):
    """A person who works in an agency; they may or may not have a Haven account."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="personnel")
    full_name = models.CharField(max_length=200)
    title = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "personnel"

    def __str__(self) -> str:
        return self.full_name


class CredentialKind(models.TextChoices):
    FI_FOUNDATIONAL = "fi_foundational", _("Forensic interviewer: 32-hour foundational training")
    FI_PEER_REVIEW = "fi_peer_review", _("Forensic interviewer: peer review (semi-annual)")
    MEDICAL_CHILD_ABUSE = "medical_child_abuse", _("Child-abuse medical examiner")
    MENTAL_HEALTH_TFCBT = "mh_tfcbt", _("Trauma-focused CBT certification")
    VICTIM_ADVOCATE = "victim_advocate", _("Victim advocate certification")
    LAW_ENFORCEMENT_TRAFFICKING = "le_trafficking", _("Law enforcement: trafficking of minors")
    OTHER = "other", _("Other")


class Credential(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    personnel = models.ForeignKey(Personnel, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=32, choices=CredentialKind.choices)
    issuer = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="credential_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.personnel})"
