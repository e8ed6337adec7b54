"""Training programs for the statutory audiences, their modules, learners, progress,
completions with certificates, in-person sessions and MDT professional development.

Depends only on accounts and directory (DESIGN.md section 3).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from haven.directory.models import Agency


class Audience(models.TextChoices):
    """The statutory audiences (Gen. Stat. §§ 17a-106f(b), 17a-106g, 17a-106h; ct.json
    training_cadence.audiences)."""

    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    LODGING = "lodging", _("Hotel, motel, inn and similar lodging employees")
    JUDGES = "judges", _("Superior Court judges")
    PROSECUTORS = "prosecutors", _("Prosecutors")
    DEFENDERS = "defenders", _("Public defenders and other criminal defense attorneys")
    EMERGENCY_ROOM = "emergency_room", _("Hospital emergency room staff")
    URGENT_CARE = "urgent_care", _("Urgent care facility staff")
    SCHOOL_STAFF = "school_staff", _("School staff who have contact with students")
    HIGHER_EDUCATION = (
        "higher_education",
        _("College and university (constituent unit) staff who have contact with students"),
    )


class ProgramKind(models.TextChoices):
    INITIAL = "initial", _("Initial")
    REFRESHER = "refresher", _("Refresher")


class Program(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=32, choices=Audience.choices, db_index=True)
    kind = models.CharField(max_length=16, choices=ProgramKind.choices, default=ProgramKind.INITIAL)
    statutory_basis = models.TextField(blank=True)
    citation = models.CharField(max_length=120)
    refresher_years = models.PositiveSmallIntegerField(default=3)
    passing_score = models.PositiveSmallIntegerField(default=80)  # percent
    # The directory agency kinds the program applies to (police, lodging, courts...).
    agency_kinds = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audience", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(passing_score__gte=1, passing_score__lte=100),
                name="program_passing_score_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(refresher_years__gte=1), name="program_refresher_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ModuleKind(models.TextChoices):
    VIDEO = "video", _("Video")
    READING = "reading", _("Reading")
    QUIZ = "quiz", _("Quiz")


class Module(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ModuleKind.choices)
    required = models.BooleanField(default=True)
    body = models.TextField(blank=True)  # reading text, or the quiz's introduction
    video = models.FileField(upload_to="training/video/", blank=True)
    video_content_type = models.CharField(max_length=40, blank=True)
    video_size = models.PositiveBigIntegerField(default=0)
    duration_seconds = models.FloatField(default=0)
    captions = models.FileField(upload_to="training/captions/", blank=True)
    captions_language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["module", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "id"]

    def __str__(self) -> str:
        return self.text


class Learner(models.Model):
    """A staff user, or someone who registered themselves with their employer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learner",
    )
    employer = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="learners"
    )
    hired_on = models.DateField(null=True, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="learner_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_external(self) -> bool:
        return self.user_id is None


class EmployerContact(models.Model):
    """A staff user designated by an employer to see its own staff's training records."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="training_contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_contacts"
    )
    designated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="employer_contact_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency}"


class Registration(models.Model):
    """A self-registration waiting for its emailed one-time link (only the hash is kept)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    employer = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    hired_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"registration {self.public_id}"


class Enrolment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="enrolments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            # One open enrolment per learner and program: registering twice is refused.
            models.UniqueConstraint(
                fields=["learner", "program"],
                condition=models.Q(completed_at__isnull=True),
                name="enrolment_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.program}"


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    # Played time ranges reported by the player, merged: [[start, end], ...] in seconds.
    segments = models.JSONField(default=list, blank=True)
    first_reported_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.module}"


class QuizAttempt(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField(default=dict)  # question id -> choice public id
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.module} · {self.score}%"


class CompletionSource(models.TextChoices):
    ONLINE = "online", _("Online modules")
    IN_PERSON = "in_person", _("In-person session")


class Completion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="completions")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="completions")
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="completion"
    )
    source = models.CharField(max_length=16, choices=CompletionSource.choices)
    completed_on = models.DateField()
    next_due_on = models.DateField()
    verification_code = models.CharField(max_length=16, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.learner} · {self.program} · {self.completed_on}"


class TrainingSession(models.Model):
    """An in-person session; attendance counts toward its program."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sessions")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_sessions"
    )
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="session_capacity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="attendance")
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.session}"


class DevelopmentActivity(models.Model):
    """An MDT member's professional development (NCA accreditation standards ask for it)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="development"
    )
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=200), name="development_hours_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} h)"
