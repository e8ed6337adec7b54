"""Investigation records and outcomes of a case (Gen. Stat. § 17a-106f; NCA tracking:
charges filed, disposition in criminal court, child-protection outcomes).

- Law-enforcement investigation: one per case and police agency (a trafficking case may
  be worked by more than one department).
- Child-protection investigation: DCF's one per case, with its juvenile court hearings
  and the append-only trail of team information DCF relied on.
- Prosecution matter: one State's attorney's matter against one alleged offender, linked
  to the case of each co-victim; its charges each carry their own disposition.
- Trafficking details: one per case; `Case.is_trafficking` follows them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases.models import Case
from haven.directory.models import Agency
from haven.people.models import Person

USER = settings.AUTH_USER_MODEL


# --- law enforcement ---------------------------------------------------------------------


class LeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INACTIVE = "inactive", _("Inactive")
    CLOSED = "closed", _("Closed")


class LeOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    ARREST = "arrest", _("Arrest")
    WARRANT = "warrant", _("Arrest warrant applied for")
    REFERRED = "referred_for_prosecution", _("Referred for prosecution")
    UNFOUNDED = "unfounded", _("Unfounded")
    INSUFFICIENT = "insufficient_evidence", _("Insufficient evidence")
    INACTIVE = "inactive", _("Inactive")
    OTHER_JURISDICTION = "other_jurisdiction", _("Referred to another jurisdiction")


class LawEnforcementInvestigation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="le_investigations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="le_investigations", verbose_name=_("officer")
    )
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=LeStatus.choices, default=LeStatus.OPEN)
    outcome = models.CharField(max_length=32, choices=LeOutcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    narrative = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="le_investigation_per_agency"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="le_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} investigation of {self.case}"


# --- child protection --------------------------------------------------------------------


class CpStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred to ongoing services")


class Finding(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")


class ChildProtectionInvestigation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="cp_investigation")
    worker = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cp_investigations",
        verbose_name=_("DCF worker"),
    )
    careline_report_number = models.CharField(_("Careline report number"), max_length=60)
    careline_reported_on = models.DateField(_("Careline report date"))
    status = models.CharField(
        max_length=16, choices=CpStatus.choices, default=CpStatus.INVESTIGATING
    )
    finding = models.CharField(max_length=16, choices=Finding.choices, default=Finding.PENDING)
    finding_on = models.DateField(_("finding date"), null=True, blank=True)
    safety_decisions = models.TextField(_("safety decisions"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # A finding is a DCF worker's: the statute gives child-protection work to DCF.
            models.CheckConstraint(
                condition=models.Q(finding="pending") | models.Q(worker__isnull=False),
                name="cp_finding_needs_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"DCF investigation of {self.case}"


class HearingKind(models.TextChoices):
    OTC = "otc", _("Order of temporary custody")
    PRELIMINARY = "preliminary", _("Preliminary hearing")
    ADJUDICATION = "adjudication", _("Adjudication")
    DISPOSITION = "disposition", _("Disposition")
    PERMANENCY = "permanency", _("Permanency plan")
    OTHER = "other", _("Other")


class CourtHearing(models.Model):
    """A juvenile matters hearing in the child-protection case. Recorded, not edited."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    investigation = models.ForeignKey(
        ChildProtectionInvestigation, on_delete=models.PROTECT, related_name="hearings"
    )
    held_on = models.DateField(_("hearing date"))
    kind = models.CharField(max_length=16, choices=HearingKind.choices)
    court = models.CharField(max_length=200, blank=True)
    outcome = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class TeamItem(models.TextChoices):
    """Kinds of team information DCF may rely on (Gen. Stat. § 17a-106f)."""

    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement investigation")
    FORENSIC_INTERVIEW = "forensic_interview", _("Forensic interview")
    MEDICAL = "medical", _("Medical evaluation")
    CASE_REVIEW = "case_review", _("Case review")
    OTHER = "other", _("Other team information")


class Reliance(models.Model):
    """DCF relied on an item of team information: append-only (no service edits one)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    investigation = models.ForeignKey(
        ChildProtectionInvestigation, on_delete=models.PROTECT, related_name="reliances"
    )
    item_kind = models.CharField(_("kind of information"), max_length=24, choices=TeamItem.choices)
    item_id = models.UUIDField(null=True, blank=True)  # the record's public id, when in Haven
    item_label = models.CharField(_("which item"), max_length=200)
    relied_on = models.DateField(_("relied on"))
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["relied_on", "id"]

    def __str__(self) -> str:
        return f"Relied on {self.item_label}"


# --- prosecution ------------------------------------------------------------------------


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted for prosecution")
    DECLINED = "declined", _("Declined")


class ProsecutionMatter(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    prosecutor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    alleged_offender = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cases = models.ManyToManyField(Case, through="ProsecutionCase", related_name="prosecutions")
    docket_number = models.CharField(_("docket number"), max_length=60, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.PENDING)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    declined_reason = models.TextField(_("reason declined"), blank=True)
    appeal = models.TextField(_("appeals"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="declined") | ~models.Q(declined_reason=""),
                name="prosecution_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Prosecution {self.docket_number or self.public_id}"


class ProsecutionCase(models.Model):
    """A case (one child) the matter concerns: co-victims of one offender share a matter."""

    matter = models.ForeignKey(ProsecutionMatter, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="prosecution_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["matter", "case"], name="prosecution_case_once")
        ]

    def __str__(self) -> str:
        return f"{self.case} in {self.matter}"


class ChargeClass(models.TextChoices):
    FELONY_A = "felony_a", _("Class A felony")
    FELONY_B = "felony_b", _("Class B felony")
    FELONY_C = "felony_c", _("Class C felony")
    FELONY_D = "felony_d", _("Class D felony")
    FELONY_E = "felony_e", _("Class E felony")
    FELONY_U = "felony_u", _("Unclassified felony")
    MISDEMEANOR_A = "misdemeanor_a", _("Class A misdemeanor")
    MISDEMEANOR_B = "misdemeanor_b", _("Class B misdemeanor")
    MISDEMEANOR_C = "misdemeanor_c", _("Class C misdemeanor")
    MISDEMEANOR_U = "misdemeanor_u", _("Unclassified misdemeanor")


class Disposition(models.TextChoices):
    PENDING = "", _("Pending")
    PLEA = "plea", _("Guilty plea")
    CONVICTION = "conviction", _("Convicted at trial")
    ACQUITTAL = "acquittal", _("Acquitted")
    DISMISSAL = "dismissal", _("Dismissed")
    NOLLE = "nolle", _("Nolle prosequi")


class Charge(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(ProsecutionMatter, on_delete=models.PROTECT, related_name="charges")
    statute = models.CharField(max_length=60)
    description = models.CharField(max_length=300)
    charge_class = models.CharField(_("class"), max_length=16, choices=ChargeClass.choices)
    counts = models.PositiveSmallIntegerField(default=1)
    filed_on = models.DateField(_("date filed"))
    disposition = models.CharField(max_length=12, choices=Disposition.choices, blank=True)
    disposed_on = models.DateField(_("disposition date"), null=True, blank=True)
    sentence = models.TextField(blank=True)

    class Meta:
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(counts__gte=1), name="charge_counts_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(disposed_on__isnull=True)
                | models.Q(disposed_on__gte=models.F("filed_on")),
                name="charge_disposed_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.statute} {self.description}"


# --- trafficking ------------------------------------------------------------------------


class TraffickingKind(models.TextChoices):
    SEX = "sex", _("Sex trafficking")
    LABOR = "labor", _("Labor trafficking")
    BOTH = "both", _("Sex and labor trafficking")
    SUSPECTED = "suspected", _("Suspected, not yet confirmed")
    RULED_OUT = "ruled_out", _("Ruled out")


TRAFFICKING_KINDS = (
    TraffickingKind.SEX,
    TraffickingKind.LABOR,
    TraffickingKind.BOTH,
    TraffickingKind.SUSPECTED,
)


class Indicator(models.TextChoices):
    """Indicators observed; a picklist drawn from the public HART and hotline guidance."""

    OLDER_PARTNER = "older_partner", _("Older boyfriend or 'partner'")
    CONTROLLED_ID = "controlled_id", _("Someone else holds the child's ID or money")
    RUNAWAY = "runaway", _("Repeated running away")
    HOTEL_STAYS = "hotel_stays", _("Stays at hotels or motels")
    UNEXPLAINED_MONEY = "unexplained_money", _("Unexplained money, phones, clothes")
    BRANDING = "branding", _("Tattoos or branding")
    SCRIPTED = "scripted", _("Scripted or coached answers")
    ONLINE_ADS = "online_ads", _("Online advertisements")
    SUBSTANCES = "substances", _("Substance use supplied by others")
    WORK_DEBT = "work_debt", _("Working to pay off a debt")
    UNPAID_WORK = "unpaid_work", _("Long hours, little or no pay")
    NOT_IN_SCHOOL = "not_in_school", _("Not enrolled in or absent from school")


class Setting(models.TextChoices):
    LODGING = "lodging", _("Hotel, motel or other lodging")
    RESIDENCE = "residence", _("Private residence")
    ONLINE = "online", _("Online")
    STREET = "street", _("Street or outdoor location")
    BUSINESS = "business", _("Other business")
    VEHICLE = "vehicle", _("Vehicle")
    UNKNOWN = "unknown", _("Unknown")


class TraffickingDetails(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="trafficking")
    kind = models.CharField(max_length=12, choices=TraffickingKind.choices)
    setting = models.CharField(
        _("where exploitation happened"), max_length=12, choices=Setting.choices, blank=True
    )
    lodging_business = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lodging business"),
    )
    location_notes = models.CharField(_("location notes"), max_length=300, blank=True)
    dcf_notified = models.BooleanField(_("DCF trafficking response team notified"), default=False)
    dcf_notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    hotline_contacted = models.BooleanField(
        _("National Human Trafficking Hotline contacted"), default=False
    )
    hotline_contacted_on = models.DateField(_("hotline contacted on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "trafficking details"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dcf_notified=True) | models.Q(dcf_notified_at__isnull=True),
                name="trafficking_notified_time_only_if_notified",
            ),
        ]

    def __str__(self) -> str:
        return f"Trafficking details of {self.case}"


class TraffickingIndicator(models.Model):
    details = models.ForeignKey(
        TraffickingDetails, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=24, choices=Indicator.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["details", "code"], name="trafficking_indicator_once")
        ]

    def __str__(self) -> str:
        return self.get_code_display()
