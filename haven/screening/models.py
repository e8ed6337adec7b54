"""Tables of the screening app: public reports of suspected trafficking and their triage,
screening instruments (items, wording per language, scoring) and screenings recorded on a
person, and the law-enforcement encounter. No workflow here: see services.py."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApparentAge(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    POSSIBLY_UNDER_18 = "possibly_under_18", _("Possibly under 18")
    ADULT = "adult", _("18 or older")
    UNKNOWN = "unknown", _("I don't know")


class Route(models.TextChoices):
    DCF = "dcf", _("DCF Careline intake (possible minor victim)")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement for the town")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Awaiting triage")
    TRIAGED = "triaged", _("Triaged")
    DUPLICATE = "duplicate", _("Duplicate")


class ReportSource(models.TextChoices):
    PUBLIC = "public", _("Public report")
    ENCOUNTER = "encounter", _("Law-enforcement encounter")


class Report(models.Model):
    """A report of suspected trafficking. Nothing about the reporter is kept beyond what
    they typed (no address, no browser)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=16, unique=True)
    source = models.CharField(
        max_length=16, choices=ReportSource.choices, default=ReportSource.PUBLIC
    )
    received_at = models.DateTimeField(db_index=True)
    language = models.CharField(max_length=8, default="en")
    what_seen = models.TextField(max_length=4000)
    place = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=80, blank=True)
    lodging = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seen_on = models.DateField(null=True, blank=True)
    apparent_age = models.CharField(max_length=20, choices=ApparentAge.choices)
    description = models.TextField(max_length=2000, blank=True)
    reporter_name = models.CharField(max_length=120, blank=True)
    reporter_phone = models.CharField(max_length=40, blank=True)
    reporter_email = models.CharField(max_length=254, blank=True)
    # Routing, decided by rules.triage_route when the report arrives.
    route = models.CharField(max_length=20, choices=Route.choices)
    possible_minor = models.BooleanField(default=False)
    routed_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Where the report is read (selectors.reports_visible_to): the judicial district of the
    # town. None when Haven cannot place the town: only the statewide roles see it then,
    # and routing it to a police agency places it in that agency's district.
    district = models.ForeignKey(
        "directory.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )

    class Meta:
        ordering = ["received_at"]
        indexes = [models.Index(fields=["status", "received_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"Report {self.reference}"


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    YES_NO_UNSURE = "yes_no_unsure", _("Yes, no or unsure")
    TEXT = "text", _("Free text")


class Scoring(models.TextChoices):
    SUM_YES = "sum_yes", _("Count of yes answers")


class Instrument(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    scoring = models.CharField(max_length=16, choices=Scoring.choices, default=Scoring.SUM_YES)
    cut_off = models.PositiveSmallIntegerField(null=True, blank=True)
    advisory_only = models.BooleanField(default=True)
    licence_note = models.TextField(blank=True)
    source = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    answer_type = models.CharField(max_length=16, choices=AnswerType.choices)
    counts = models.BooleanField(default=True, help_text="A yes adds one to the score")
    topic = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="item_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} #{self.number}"


class ItemWording(models.Model):
    """An item's wording in one language (the instrument's language versions)."""

    item = models.ForeignKey(InstrumentItem, on_delete=models.CASCADE, related_name="wordings")
    language = models.CharField(max_length=8)
    text = models.TextField()
    is_placeholder = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="wording_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.language})"


class EncounterRoute(models.TextChoices):
    CHILD_VICTIM = "child_victim", _("Child victim")
    ADULT = "adult", _("Adult: trafficking screen offered")


class Encounter(models.Model):
    """An officer's encounter with a person in a prostitution or trafficking context."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_on = models.DateField()
    town = models.CharField(max_length=80, blank=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    date_of_birth = models.DateField(null=True, blank=True)
    stated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_unknown = models.BooleanField(default=False)
    route = models.CharField(max_length=16, choices=EncounterRoute.choices)
    facts = models.TextField(blank=True)
    indicators = models.JSONField(default=list, blank=True)
    dcf_notified_at = models.DateTimeField(null=True, blank=True)
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    services_provider = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    services_referred_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Encounter {self.occurred_on:%Y-%m-%d}"


class Screening(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    administered_on = models.DateField()
    language = models.CharField(max_length=8, default="en")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    positive = models.BooleanField(null=True)
    advisory_only = models.BooleanField(default=True)
    encounter = models.ForeignKey(
        Encounter, on_delete=models.PROTECT, null=True, blank=True, related_name="screenings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-administered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument.code} screening {self.administered_on:%Y-%m-%d}"
