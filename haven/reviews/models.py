"""Case review: the MDT meetings where cases are reviewed, their agendas, attendance by
statutory seat, what was recommended and decided, and the action items that follow.

The CAC provides "regular case review for the purpose of aiding in decision-making,
problem solving, systems coordination, and information sharing concerning the status of
cases and the services required by children and their families" (Gen. Stat.
§§ 17a-106a(e); 17a-106f(a)); MDTs exist to review "particular cases or particular types
of cases" (Gen. Stat. § 17a-106f).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases.models import Case
from haven.teams.models import Membership, Seat, Team

USER = settings.AUTH_USER_MODEL


class TeamReviewSettings(models.Model):
    """A team's review cadence: an open case is due for review this many days after its
    last review (or after it was received, if never reviewed)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="review_settings")
    cadence_days = models.PositiveSmallIntegerField(_("review cadence (days)"), default=90)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadence_days__gte=7, cadence_days__lte=366),
                name="review_cadence_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team}: every {self.cadence_days} days"


class MeetingKind(models.TextChoices):
    CASE_REVIEW = "case_review", _("Case review")
    CLINICAL_REVIEW = "clinical_review", _("Clinical review")
    TRAFFICKING_REVIEW = "trafficking_review", _("Trafficking case review")
    OTHER = "other", _("Other (added by the team)")


class MeetingType(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="meeting_types")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=24, choices=MeetingKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["team", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="meeting_type_name_per_team")
        ]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday", _("Monthly, on the nth weekday")
    MONTHLY_DAY = "monthly_day", _("Monthly, on a day of the month")
    WEEKLY = "weekly", _("Every N weeks")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Schedule(models.Model):
    """A recurring meeting: e.g. the second Tuesday of each month at 09:30."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="review_schedules")
    meeting_type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(max_length=24, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    # 1..4 = first..fourth; -1 = last (MONTHLY_NTH_WEEKDAY)
    nth = models.SmallIntegerField(null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_weeks = models.PositiveSmallIntegerField(default=1)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    facilitator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["team", "starts_on"]

    def __str__(self) -> str:
        return f"{self.meeting_type} ({self.get_frequency_display()})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="review_meetings")
    meeting_type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, related_name="+")
    schedule = models.ForeignKey(
        Schedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    facilitator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["team", "-starts_at"], name="meeting_team_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_type} {self.starts_at:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class ItemSource(models.TextChoices):
    ADDED = "added", _("Added by the facilitator")
    PROPOSED = "proposed", _("Proposed by Haven")


class AgendaItem(models.Model):
    """One case on one meeting's agenda, and what the team said about it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="review_items")
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=12, choices=ItemSource.choices, default=ItemSource.ADDED)
    reasons = models.CharField(max_length=200, blank=True)
    discussion = models.TextField(_("discussion summary"), blank=True)
    decisions = models.TextField(blank=True)
    information_shared = models.TextField(blank=True)
    deferred = models.BooleanField(_("not reached; carry to the next meeting"), default=False)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once")]
        indexes = [models.Index(fields=["case", "meeting"], name="agenda_case_meeting")]

    def __str__(self) -> str:
        return f"{self.case} at {self.meeting}"


class RecommendationOption(models.Model):
    """A team's picklist of recommendations ("Refer for trauma-focused therapy")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="recommendation_options")
    label = models.CharField(max_length=160)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["team", "label"]
        constraints = [
            models.UniqueConstraint(fields=["team", "label"], name="recommendation_label_per_team")
        ]

    def __str__(self) -> str:
        return self.label


class Recommendation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="recommendations")
    option = models.ForeignKey(
        RecommendationOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(option__isnull=False) | ~models.Q(text=""),
                name="recommendation_has_content",
            )
        ]

    def __str__(self) -> str:
        return self.option.label if self.option_id else self.text[:60]

    @property
    def label(self) -> str:
        if self.option_id and self.text:
            return f"{self.option.label}: {self.text}"
        return self.option.label if self.option_id else self.text


class Attendance(models.Model):
    """A team member at a meeting, in the statutory seat they hold (Gen. Stat. § 17a-106f)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    seat = models.CharField(max_length=32, choices=Seat.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["meeting", "seat", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership} at {self.meeting}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="action_items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="review_actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="review_actions")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default="open")
    completed_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="action_owner_due"),
            models.Index(fields=["case", "status", "due_on"], name="action_case_due"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


class TeamFeed(models.Model):
    """A team's secret iCalendar URL for its review meetings; only its hash is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="review_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Review calendar of {self.team}"
