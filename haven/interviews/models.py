"""Forensic interviews (Gen. Stat. §§ 17a-106a(e), 17a-106f(a)): rooms, interviews,
observers, playback grants, recordings sealed at rest, and calendar feeds."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases.models import Case
from haven.directory.models import Agency


class Room(models.Model):
    """A CAC room that interviews are booked into: a resource, booked once at a time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cac = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="interview_rooms")
    name = models.CharField(max_length=120)
    has_recording = models.BooleanField(_("has recording equipment"), default=True)
    has_observation = models.BooleanField(_("has an observation room"), default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["cac", "name"], name="room_name_per_cac")]

    def __str__(self) -> str:
        return self.name


class CacInterviewSettings(models.Model):
    """Per-CAC interview options (NCAtrak has the same one)."""

    cac = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="interview_settings")
    interviewer_first = models.BooleanField(
        _("interviewer sees only the general and interview sections until the interview"),
        default=False,
    )

    def __str__(self) -> str:
        return f"Interview settings of {self.cac}"


class Protocol(models.TextChoices):
    CHILDFIRST = "childfirst", _("ChildFirst")
    NICHD = "nichd", _("NICHD protocol")
    CORNERHOUSE = "cornerhouse", _("CornerHouse RATAC")
    TEN_STEP = "ten_step", _("Ten Step")
    NCAC = "ncac", _("NCAC structured interview")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


# Statuses that hold the room and the interviewer.
BOOKED = (Status.SCHEDULED, Status.IN_PROGRESS)


class Disclosure(models.TextChoices):
    FULL = "full", _("Disclosure")
    PARTIAL = "partial", _("Partial disclosure")
    NONE = "none", _("No disclosure")
    RECANTED = "recanted", _("Recantation")
    UNABLE = "unable", _("Unable to assess")


class Interview(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interviews")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="interviews")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interviews_conducted"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    protocol = models.CharField(max_length=24, choices=Protocol.choices)
    language = models.CharField(max_length=60, default="English")
    interpreter = models.CharField(_("interpreter (name or agency)"), max_length=200, blank=True)
    child_age = models.PositiveSmallIntegerField(_("child's age at the interview"), null=True)
    developmental_considerations = models.TextField(blank=True)
    cultural_considerations = models.TextField(
        _("cultural considerations and accommodations"), blank=True
    )
    requested_by = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    disclosure = models.CharField(max_length=16, choices=Disclosure.choices, blank=True)
    team_notes = models.TextField(_("notes for the team"), blank=True)
    no_recording_reason = models.TextField(blank=True)
    repeat_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    repeat_reason = models.TextField(_("reason for a repeat interview"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="interview_room_time"),
            models.Index(fields=["interviewer", "starts_at"], name="interview_interviewer_time"),
            models.Index(fields=["case", "status"], name="interview_case_status"),
            # "My interviews from yesterday on" and the newest exceptions, without a walk of
            # every interview.
            models.Index(fields=["interviewer", "ends_at"], name="interview_interviewer_end"),
            models.Index(fields=["status", "-starts_at", "-id"], name="interview_done"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"Interview {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_exception(self) -> bool:
        """Completed without a recording: shown to the team as an exception."""
        return self.status == Status.COMPLETED and bool(self.no_recording_reason)


class Observer(models.Model):
    """A team member who observed the interview, with the seat they observed in."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="observers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seat = models.CharField(max_length=32)
    seat_label = models.CharField(max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seat", "id"]
        constraints = [models.UniqueConstraint(fields=["interview", "user"], name="observer_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.seat_label})"


class PlaybackGrant(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "user"], name="grant_once")]

    def __str__(self) -> str:
        return f"{self.user} may play {self.interview}"


class RecordingStatus(models.TextChoices):
    UPLOADING = "uploading", _("Uploading")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    DESTROYED = "destroyed", _("Destroyed")


class Recording(models.Model):
    """A recording, sealed at rest (haven/core/sealed.py). Playable only when READY: an
    upload in progress, failed or truncated is never served."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="recordings")
    file_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.BigIntegerField()
    chunk_size = models.PositiveIntegerField()
    received = models.BigIntegerField(default=0)
    # How many attempts at writing parts have been handed a number (sealed.py: each
    # chunk's nonce carries its attempt's number, so a retry never reuses a nonce). None
    # for recordings sealed before attempts were numbered: their chunks are single-pass.
    seal_attempts = models.PositiveIntegerField(null=True, default=0)
    key_id = models.CharField(max_length=16)
    wrapped_key = models.BinaryField()
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=12, choices=RecordingStatus.choices, default=RecordingStatus.UPLOADING
    )
    failure = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    retain_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Recording {self.created_at:%Y-%m-%d}"

    @property
    def storage_prefix(self) -> str:
        return f"recordings/{self.file_id}"


class RecordingRelease(models.Model):
    """A copy of a recording released outside Haven: to whom, why, who authorised it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="releases")
    released_to = models.CharField(max_length=200)
    reason = models.TextField()
    authorised_by = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField()

    class Meta:
        ordering = ["released_at"]

    def __str__(self) -> str:
        return f"Copy to {self.released_to}"


class CalendarFeed(models.Model):
    """A user's secret iCalendar URL; only its hash is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"
