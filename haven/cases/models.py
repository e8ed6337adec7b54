"""The case record: one case per alleged victim (NCAtrak's rule), grouped by referral.

A referral is what reached the CAC: its parties and allegations are entered once and
shared by the case of each alleged victim (co-victims each get their own case).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.directory.models import Agency, Personnel
from haven.people.models import Person
from haven.teams.models import Team


class ReferralReason(models.TextChoices):
    ABUSE_ALLEGATION = "abuse_allegation", _("Allegation of abuse")
    TRAFFICKING_CONCERN = "trafficking_concern", _("Trafficking concern")
    WITNESS = "witness", _("Witness to violence")
    OTHER = "other", _("Other")


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cac = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    source_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    source_person = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=32, choices=ReferralReason.choices)
    known_at = models.DateTimeField(_("incident became known"), null=True, blank=True)
    received_at = models.DateTimeField(_("received by the CAC"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Referral {self.received_at:%Y-%m-%d}"


class PartyRole(models.TextChoices):
    ALLEGED_VICTIM = "alleged_victim", _("Alleged victim")
    CO_VICTIM = "co_victim", _("Co-victim")
    CAREGIVER = "caregiver", _("Non-offending caregiver")
    ALLEGED_OFFENDER = "alleged_offender", _("Alleged offender")
    HOUSEHOLD = "household", _("Household member")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


VICTIM_ROLES = (PartyRole.ALLEGED_VICTIM, PartyRole.CO_VICTIM)


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    PARENTS_PARTNER = "parents_partner", _("Parent's partner")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    FAMILY_FRIEND = "family_friend", _("Family friend or neighbour")
    CAREGIVER = "caregiver", _("Babysitter or caregiver")
    AUTHORITY_FIGURE = "authority_figure", _("Teacher, coach or other authority figure")
    PEER = "peer", _("Peer")
    ONLINE_CONTACT = "online_contact", _("Online contact")
    STRANGER = "stranger", _("Stranger")
    UNKNOWN = "unknown", _("Unknown")


class Party(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=24, choices=PartyRole.choices)
    relationship = models.CharField(
        _("relationship to the child"), max_length=24, choices=Relationship.choices, blank=True
    )
    age_at_referral = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["role", "person__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "person", "role"], name="party_role_once_per_referral"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AllegationType(models.TextChoices):
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    NEGLECT = "neglect", _("Neglect")
    EMOTIONAL_ABUSE = "emotional_abuse", _("Emotional abuse")
    SEX_TRAFFICKING = "sex_trafficking", _("Sex trafficking")
    LABOR_TRAFFICKING = "labor_trafficking", _("Labor trafficking")
    ONLINE_EXPLOITATION = "online_exploitation", _("Online exploitation")
    WITNESS_TO_VIOLENCE = "witness_to_violence", _("Witness to violence")
    DRUG_ENDANGERED = "drug_endangered", _("Drug-endangered child")
    OTHER = "other", _("Other")


TRAFFICKING_TYPES = (AllegationType.SEX_TRAFFICKING, AllegationType.LABOR_TRAFFICKING)


class Allegation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="allegations")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=AllegationType.choices)
    occurred_on = models.DateField(null=True, blank=True)
    town = models.CharField(max_length=80, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases_as_child")
    cac = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    year = models.PositiveSmallIntegerField()
    # Haven's own series per CAC and year; empty for a case that kept a number typed at
    # intake (rules.typed_case_number_problem).
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    received_on = models.DateField()
    is_trafficking = models.BooleanField(default=False)
    restricted = models.BooleanField(default=False)
    closed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cac", "year", "sequence"], name="case_number_per_cac_and_year"
            )
        ]
        indexes = [
            models.Index(fields=["cac", "status", "-received_on", "-id"], name="case_cac_list"),
            models.Index(fields=["team", "-received_on", "-id"], name="case_team_list"),
            models.Index(fields=["-received_on", "-id"], name="case_received"),
        ]

    def __str__(self) -> str:
        return self.number


class ClosureReason(models.TextChoices):
    SERVICES_COMPLETE = "services_complete", _("Services complete, no further team action")
    NO_FURTHER_ACTION = "no_further_action", _("Investigations complete, no services needed")
    FAMILY_DECLINED = "family_declined", _("Family declined further services")
    UNABLE_TO_LOCATE = "unable_to_locate", _("Unable to locate the child or family")
    TRANSFERRED = "transferred", _("Transferred to another CAC or jurisdiction")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    OTHER = "other", _("Other (explain in the note)")


class StatusChange(models.Model):
    """One change of a case's status. Append-only: the history is never edited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    reason = models.CharField(max_length=24, choices=ClosureReason.choices, blank=True)
    note = models.TextField(blank=True)
    # What the user was warned of (open work) and went ahead anyway.
    acknowledged = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.from_status} -> {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A case's status history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A case's status history is append-only.")


class AssignmentSection(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    CHILD_PROTECTION = "child_protection", _("Child protection (DCF)")
    FORENSIC_INTERVIEW = "forensic_interview", _("Forensic interview")
    ADVOCACY = "advocacy", _("Advocacy")
    MEDICAL = "medical", _("Medical")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PROSECUTION = "prosecution", _("Prosecution")


class Assignment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    section = models.CharField(max_length=24, choices=AssignmentSection.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_assignments",
    )
    personnel = models.ForeignKey(
        Personnel, on_delete=models.PROTECT, null=True, blank=True, related_name="case_assignments"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["section", "starts_on"]
        indexes = [models.Index(fields=["user", "ends_on"], name="assignment_user_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(personnel__isnull=False),
                name="assignment_has_a_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.user or self.personnel}"


class CaseAgency(models.Model):
    """Agencies involved in a case (the referral source, each assignee's agency): the MDT
    members of these agencies may see the case. Kept by the services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_agencies")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="case_agency_once")]
        indexes = [models.Index(fields=["agency", "case"], name="case_agency_lookup")]

    def __str__(self) -> str:
        return f"{self.agency} on {self.case}"


class CaseGrant(models.Model):
    """A named user allowed to see a restricted case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_grants"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_grant_once")]

    def __str__(self) -> str:
        return f"{self.user} may see {self.case}"


class CaseDenial(models.Model):
    """One user denied one case, whatever else would let them see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="denials")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_denials"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_denial_once")]

    def __str__(self) -> str:
        return f"{self.user} denied {self.case}"


class CaseName(models.Model):
    """A name search index: one row per person named in a case (the parties of its
    referral), beside the case's centre, team and date received.

    A coordinator sees tens of thousands of cases, and a common full name belongs to
    hundreds of people across the state. Searching through people first gathers every
    namesake's referrals in every centre before it can test which cases she may see; these
    rows let the search read only the namesakes in her own centre (or team), through one
    index. Kept by the services (`services.case_names_refresh`) when a referral is taken
    in, a person is renamed or two people are merged; never edited by hand. The name keys
    are copies of the person's (haven/people/names.py).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    cac = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    received_on = models.DateField()
    sort_name = models.CharField(max_length=220)
    short_name = models.CharField(max_length=220)
    last_phonetic = models.CharField(max_length=12)
    first_phonetic = models.CharField(max_length=12)

    class Meta:
        indexes = [
            models.Index(fields=["cac", "sort_name"], name="casename_cac_sort"),
            models.Index(fields=["cac", "short_name"], name="casename_cac_short"),
            models.Index(
                fields=["cac", "last_phonetic", "first_phonetic"], name="casename_cac_sound"
            ),
            models.Index(fields=["team", "cac"], name="casename_team"),
        ]

    def __str__(self) -> str:
        return f"{self.sort_name} in case {self.case_id}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To decide")
    MERGED = "merged", _("Same person: records merged")
    LINKED = "linked", _("Same person: marked, records kept apart")
    DISMISSED = "dismissed", _("Not the same person")


class DuplicateReview(models.Model):
    """A likely duplicate that intake could not be shown (security issue 18).

    When a CAC's staff add a person at intake, the duplicate check offers only people on
    cases they may see; a likely match on a case they may not see is neither shown nor
    hinted at, and intake goes on with a new person. This row puts the pair before the
    security officer of the centre that took the referral, who merges, links (marks them
    as the same person) or dismisses it. It lives in the cases app because the match was
    hidden by case visibility, which the people app knows nothing of."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cac = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    new_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    existing_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list, blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    found_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["new_person", "existing_person"], name="duplicate_review_pair_once"
            )
        ]
        indexes = [models.Index(fields=["cac", "status", "found_at"], name="duplicate_review_open")]

    def __str__(self) -> str:
        return f"Possible duplicate {self.public_id}"
