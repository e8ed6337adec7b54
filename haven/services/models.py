"""Services a case's child and family receive: referrals and their lifecycle, the
sessions and contacts under them, medical exams, mental-health assessments, advocacy and
crime-victim compensation, and appointment reminders.

The CAC provides "specialized medical evaluation and treatment, mental health services
and support, and advocacy services ... at such centers or through coordination with and
referral to other appropriate providers" (Gen. Stat. §§ 17a-106a(e); 17a-106f(a)).

A referral is a record with verbs (services.referral_schedule, _engage, _complete,
_decline, ...), never a free status field: `status` is set only by those verbs, and each
change appends a ReferralEvent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.access.models import Section
from haven.cases.models import Case
from haven.directory.models import Agency
from haven.people.models import Person

USER = settings.AUTH_USER_MODEL


class ServiceType(models.TextChoices):
    MEDICAL_EVALUATION = "medical_evaluation", _("Medical evaluation")
    MEDICAL_TREATMENT = "medical_treatment", _("Medical treatment")
    MH_ASSESSMENT = "mh_assessment", _("Mental-health assessment")
    MH_TREATMENT = "mh_treatment", _("Mental-health treatment")
    ADVOCACY = "advocacy", _("Victim advocacy")
    COMPENSATION = "compensation", _("Crime-victim compensation")
    DCF_SERVICES = "dcf_services", _("DCF child welfare services")
    PLACEMENT = "placement", _("Placement or housing")
    LEGAL = "legal", _("Legal")
    EDUCATION = "education", _("Education")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    OTHER = "other", _("Other")


# The role-matrix section each service type belongs to: who reads its referral, sessions
# and notes.
SERVICE_SECTION: dict[str, Section] = {
    ServiceType.MEDICAL_EVALUATION: Section.MEDICAL,
    ServiceType.MEDICAL_TREATMENT: Section.MEDICAL,
    ServiceType.MH_ASSESSMENT: Section.MENTAL_HEALTH,
    ServiceType.MH_TREATMENT: Section.MENTAL_HEALTH,
    ServiceType.SUBSTANCE_USE: Section.MENTAL_HEALTH,
    ServiceType.ADVOCACY: Section.ADVOCACY,
    ServiceType.COMPENSATION: Section.ADVOCACY,
    ServiceType.PLACEMENT: Section.ADVOCACY,
    ServiceType.LEGAL: Section.ADVOCACY,
    ServiceType.EDUCATION: Section.ADVOCACY,
    ServiceType.OTHER: Section.ADVOCACY,
    ServiceType.DCF_SERVICES: Section.CHILD_PROTECTION,
}


class Modality(models.TextChoices):
    NONE = "", _("Not applicable")
    TF_CBT = "tf_cbt", _("TF-CBT")
    CPP = "cpp", _("Child-Parent Psychotherapy")
    PCIT = "pcit", _("PCIT")
    AF_CBT = "af_cbt", _("AF-CBT")
    EMDR = "emdr", _("EMDR")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    SCHEDULED = "scheduled", _("Scheduled")
    ENGAGED = "engaged", _("Engaged")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    NO_SHOW = "no_show", _("No-show")
    UNABLE_TO_CONTACT = "unable_to_contact", _("Unable to contact")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (ReferralStatus.REFERRED, ReferralStatus.SCHEDULED, ReferralStatus.ENGAGED)
# Endings before the service was completed: each needs a reason.
EARLY_ENDINGS = (
    ReferralStatus.DECLINED,
    ReferralStatus.NO_SHOW,
    ReferralStatus.UNABLE_TO_CONTACT,
    ReferralStatus.CLOSED,
)


class DcfBasis(models.TextChoices):
    NONE = "", _("Not a DCF referral")
    IDENTIFIED = "identified", _("Identified by DCF as a victim of trafficking")
    BELIEVED = "believed", _("Reasonably believed to be a victim of trafficking")


class ServiceReferral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="service_referrals")
    service_type = models.CharField(_("service"), max_length=24, choices=ServiceType.choices)
    modality = models.CharField(max_length=12, choices=Modality.choices, blank=True)
    provider = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    primary_contact = models.CharField(_("primary contact"), max_length=200, blank=True)
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    scheduled_on = models.DateField(null=True, blank=True)
    engaged_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # DCF services only: the § 17a-106a(e) basis computed on the referral date.
    dcf_basis = models.CharField(max_length=12, choices=DcfBasis.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referred_on", "id"]
        indexes = [
            # A provider's referrals waiting to be scheduled, oldest first (home page).
            models.Index(
                fields=["provider", "status", "referred_on", "id"], name="referral_provider_queue"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("referred_on")),
                name="service_referral_ends_after_referred",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=["declined", "no_show", "unable_to_contact", "closed"]
                )
                | ~models.Q(end_reason=""),
                name="service_referral_early_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} referral"

    @property
    def section(self) -> Section:
        return SERVICE_SECTION[self.service_type]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralEvent(models.Model):
    """One step of a referral's lifecycle, appended by its verb; never changed."""

    referral = models.ForeignKey(ServiceReferral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on:%Y-%m-%d}"


class SessionKind(models.TextChoices):
    SESSION = "session", _("Session")
    CONTACT = "contact", _("Contact")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceSession(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(ServiceReferral, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(max_length=8, choices=SessionKind.choices, default=SessionKind.SESSION)
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.ATTENDED
    )
    note = models.TextField(blank=True)
    # A mental-health note is for mental-health users only unless its clinician shares it.
    note_shared = models.BooleanField(_("share the note with the team"), default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class Acuity(models.TextChoices):
    ACUTE = "acute", _("Acute")
    NON_ACUTE = "non_acute", _("Non-acute")


class MedicalExam(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="medical_exams")
    referral = models.ForeignKey(
        ServiceReferral, on_delete=models.PROTECT, null=True, blank=True, related_name="exams"
    )
    examined_on = models.DateField(_("exam date"))
    examiner = models.CharField(_("examiner"), max_length=200)
    acuity = models.CharField(max_length=10, choices=Acuity.choices)
    findings = models.TextField(_("findings summary"), blank=True)
    tests_done = models.CharField(_("tests done"), max_length=300, blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["examined_on", "id"]

    def __str__(self) -> str:
        return f"Medical exam {self.examined_on:%Y-%m-%d}"


class Instrument(models.Model):
    """A standardised measure. Built-in ones have no CAC; a CAC may add its own."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cac = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.CharField(max_length=24)
    name = models.CharField(max_length=200)
    min_score = models.IntegerField()
    max_score = models.IntegerField()
    higher_is_worse = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=models.F("min_score")),
                name="instrument_range_valid",
            ),
            models.UniqueConstraint(fields=["cac", "code"], name="instrument_code_per_cac"),
        ]

    def __str__(self) -> str:
        return self.code


class Assessment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey(
        ServiceReferral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    score = models.IntegerField()
    assessed_on = models.DateField(_("date"))
    clinician = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.score} ({self.assessed_on:%Y-%m-%d})"


class AdvocacyKind(models.TextChoices):
    CONTACT = "contact", _("Advocacy contact")
    COURT = "court", _("Court accompaniment")
    CAREGIVER = "caregiver_support", _("Support to the non-offending caregiver")


class AdvocacyContact(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="advocacy_contacts")
    kind = models.CharField(max_length=20, choices=AdvocacyKind.choices)
    on = models.DateField(_("date"))
    with_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    advocate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    PENDING = "pending", _("Pending a decision")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    PAID = "paid", _("Paid")


class CompensationClaim(models.Model):
    """An application to the Office of Victim Services' crime-victim compensation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="compensation_claims")
    applied_on = models.DateField(_("application date"))
    status = models.CharField(max_length=10, choices=ClaimStatus.choices)
    amount = models.DecimalField(
        _("amount (USD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["applied_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="compensation_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Compensation application {self.applied_on:%Y-%m-%d}"


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class ReminderLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class ReminderStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    REFUSED = "refused", _("Not sent")


class Reminder(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(
        ServiceReferral, on_delete=models.PROTECT, related_name="reminders"
    )
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    language = models.CharField(
        max_length=2, choices=ReminderLanguage.choices, default=ReminderLanguage.ENGLISH
    )
    appointment_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.QUEUED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Reminder {self.get_channel_display()} {self.appointment_at:%Y-%m-%d}"
