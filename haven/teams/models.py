"""Multidisciplinary teams (Gen. Stat. § 17a-106f): who sits in which statutory seat,
and the team's written interdisciplinary protocols."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.directory.models import Agency, District, Personnel


class Seat(models.TextChoices):
    """The statutory seats (`mdt_statutory_seats` in shared/reference/ct.json)."""

    STATES_ATTORNEY = "states_attorney", _("State's attorney of the judicial district")
    DCF = "dcf", _("DCF representative")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    MEDICAL = "medical", _("Health-care professional")
    MENTAL_HEALTH = "mental_health", _("Mental-health professional")
    FORENSIC_INTERVIEWER = "forensic_interviewer", _("Forensic interviewer")
    VICTIM_ADVOCATE = "victim_advocate", _("Victim advocate")
    YOUTH_SERVICES = "youth_services", _("Youth services bureau (where appropriate)")
    OTHER_EXPERT = "other_expert", _("Other child-welfare expert")


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMING = "forming", _("Forming")
    INACTIVE = "inactive", _("Inactive")


class Team(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="teams")
    area = models.CharField(_("towns or area covered"), max_length=500, blank=True)
    host_cac = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="hosted_teams",
        limit_choices_to={"kind": "cac"},
    )
    dcf_designee = models.CharField(_("DCF Commissioner's designee"), max_length=200, blank=True)
    states_attorney_designee = models.CharField(
        _("State's attorney's designee"), max_length=200, blank=True
    )
    established_on = models.DateField(null=True, blank=True)
    purpose_case_review = models.BooleanField(
        _("reviews particular cases or types of cases"), default=True
    )
    purpose_investigation = models.BooleanField(
        _("advances and coordinates prompt investigation"), default=True
    )
    purpose_treatment = models.BooleanField(
        _("provides for treatment and protection"), default=True
    )
    status = models.CharField(max_length=16, choices=TeamStatus.choices, default=TeamStatus.ACTIVE)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One person in one seat of one team, for a period. The person is a Haven user or a
    directory person; their agency is recorded as it was when they joined."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    seat = models.CharField(max_length=32, choices=Seat.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_memberships",
    )
    personnel = models.ForeignKey(
        Personnel, on_delete=models.PROTECT, null=True, blank=True, related_name="team_memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="team_memberships")
    is_primary = models.BooleanField(default=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["seat", "-is_primary", "starts_on"]
        indexes = [models.Index(fields=["team", "seat"], name="membership_team_seat")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(personnel__isnull=False),
                name="membership_has_a_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_seat_display()})"

    @property
    def person_name(self) -> str:
        if self.user_id:
            return self.user.full_name
        return self.personnel.full_name

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class Protocol(models.Model):
    """A written interdisciplinary protocol of a team; its text lives in versions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="protocols")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title"], name="protocol_title_per_team")
        ]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


def protocol_upload_path(instance, filename: str) -> str:
    # The stored name carries no user-supplied text.
    return f"protocols/{instance.protocol.public_id}/{uuid.uuid4()}.pdf"


class ProtocolVersion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    document = models.FileField(upload_to=protocol_upload_path, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["protocol", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocol_version_number"),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=models.Q(status="adopted"),
                name="one_adopted_version_per_protocol",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} v{self.number}"


class ProtocolSignoff(models.Model):
    """A member agency's sign-off on a protocol version."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.PROTECT, related_name="signoffs")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "agency"], name="one_signoff_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} signed {self.version} on {self.signed_on}"
