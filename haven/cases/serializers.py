"""The cases API's small input and output serializers, one pair per operation.

Outputs carry public ids (UUIDs) only.

Which role-matrix section each part of a case belongs to
--------------------------------------------------------
A case the caller may not see is never serialised at all (the views answer 404). Of a
case the caller may see, each part is serialised only if the caller's role gives at
least *view* on its section (haven.access.rules.matrix_level, the statute's cap
included); otherwise the part is `null` (a list the caller may see but that is empty
is `[]`, never `null`):

======================================  =====================================
part of the case                        section (haven.access.models.Section)
======================================  =====================================
id, number                              none: a case you may see is named
status, received_on, cac, team,         GENERAL
is_trafficking, restricted
referral (reason, dates, source)        GENERAL
allegations (kind, victim's id, date,   GENERAL
town, description)
child (name, date of birth)             PEOPLE
parties (people, roles, relationships)  PEOPLE
assignments                             each one by its own section:
                                        haven.cases.rules.ASSIGNMENT_SECTION
                                        (law_enforcement -> LAW_ENFORCEMENT,
                                        mental_health -> MENTAL_HEALTH, ...);
                                        assignments of sections the caller may
                                        not view are left out of the list
======================================  =====================================

`CASE_FIELD_SECTIONS` below is that table for the case's own fields; `sections` in the
detail tells the caller their level on every section, so that `null` reads as
"not for your role", not "nothing recorded".
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.access.models import Level, Section
from haven.api.serializers import LEVEL_NAMES, StrictInput
from haven.cases import rules
from haven.cases.models import (
    AllegationType,
    AssignmentSection,
    CaseStatus,
    ClosureReason,
    PartyRole,
    ReferralReason,
    Relationship,
)
from haven.directory.models import Agency
from haven.teams.serializers import PersonnelIdField, PublicIdLookupField, UserIdField

MAX_PARTIES = 50
MAX_ALLEGATIONS = 50
MAX_AGE = 120

# --- the section mapping ---------------------------------------------------------------

G, P = Section.GENERAL, Section.PEOPLE

CASE_FIELD_SECTIONS: dict[str, Section] = {
    "status": G,
    "received_on": G,
    "cac": G,
    "team": G,
    "is_trafficking": G,
    "restricted": G,
    "referral": G,
    "allegations": G,
    "child": P,
    "parties": P,
}


def may_view(levels: dict, section: Section) -> bool:
    return levels.get(Section(section), Level.NONE) >= Level.VIEW


def assignment_visible(levels: dict, assignment) -> bool:
    """An assignment is shown only to a caller who may view its section."""
    return may_view(levels, rules.ASSIGNMENT_SECTION[AssignmentSection(assignment.section)])


class SectionGatedSerializer(serializers.Serializer):
    """A serializer whose fields named in FIELD_SECTIONS are `null` unless the caller may
    view that section. `context["levels"]` is the caller's {Section: Level}; a gated field
    is not even read from the instance when withheld."""

    FIELD_SECTIONS: dict[str, Section] = {}

    def to_representation(self, instance):
        levels = self.context["levels"]
        out = {}
        for field in self._readable_fields:
            section = self.FIELD_SECTIONS.get(field.field_name)
            if section is not None and not may_view(levels, section):
                out[field.field_name] = None
                continue
            attribute = field.get_attribute(instance)
            out[field.field_name] = (
                None if attribute is None else field.to_representation(attribute)
            )
        return out


# --- named enums (fields called status, kind, section, role exist elsewhere too) -------


def _enum(component: str, choices):
    @extend_schema_field(
        {"type": "string", "enum": [value for value, _ in choices]}, component_name=component
    )
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    EnumField.__name__ = f"{component}Field"
    return EnumField


CaseStatusField = _enum("CaseStatusEnum", CaseStatus.choices)
AllegationKindField = _enum("AllegationKindEnum", AllegationType.choices)
PartyRoleField = _enum("PartyRoleEnum", PartyRole.choices)
RelationshipField = _enum("RelationshipEnum", [("", "Not recorded"), *Relationship.choices])
ReferralReasonField = _enum("ReferralReasonEnum", ReferralReason.choices)
AssignmentSectionField = _enum("AssignmentSectionEnum", AssignmentSection.choices)


# --- small shared outputs -------------------------------------------------------------


class AgencyRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class TeamRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class PersonRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


class NamedRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    full_name = serializers.CharField()


# --- cases ------------------------------------------------------------------------------


class CaseListOut(SectionGatedSerializer):
    """A case in a list or search result. Parts the caller's role may not view are null."""

    FIELD_SECTIONS = CASE_FIELD_SECTIONS

    id = serializers.UUIDField(source="public_id")
    number = serializers.CharField()
    status = CaseStatusField(allow_null=True, help_text="Null without view on: general.")
    received_on = serializers.DateField(allow_null=True)
    cac = AgencyRefOut(allow_null=True)
    team = TeamRefOut(allow_null=True)
    is_trafficking = serializers.BooleanField(allow_null=True)
    restricted = serializers.BooleanField(allow_null=True)
    child = PersonRefOut(allow_null=True, help_text="Null without view on: people.")


class ReferralOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reason = ReferralReasonField()
    known_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField()
    timeliness = serializers.SerializerMethodField(
        help_text="Referral within 24 hours of the incident becoming known: 'on time'; "
        "24-72 h 'late'; over 72 h 'overdue' (34 U.S.C. § 20304(c))."
    )
    source_agency = AgencyRefOut(allow_null=True)
    source_person = serializers.CharField()

    @extend_schema_field(serializers.ChoiceField(choices=["on time", "late", "overdue", "unknown"]))
    def get_timeliness(self, referral) -> str:
        return rules.referral_timeliness(referral.known_at, referral.received_at)


class AllegationOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = AllegationKindField()
    victim = serializers.UUIDField(
        source="victim.public_id", help_text="The child it concerns (see parties)."
    )
    occurred_on = serializers.DateField(allow_null=True)
    town = serializers.CharField()
    description = serializers.CharField()


class PartyOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    person = PersonRefOut()
    role = PartyRoleField()
    relationship = serializers.CharField(help_text="To the child; blank if not recorded.")
    age_at_referral = serializers.IntegerField(allow_null=True)


class AssignmentOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    section = AssignmentSectionField()
    user = NamedRefOut(allow_null=True, help_text="The Haven user, if the assignee is one.")
    personnel = NamedRefOut(allow_null=True, help_text="The directory person, otherwise.")
    agency = AgencyRefOut()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class CaseDetailOut(CaseListOut):
    """A case with its referral, allegations, parties and team, each part only where the
    caller's role gives view on its section (see haven/cases/serializers.py)."""

    sections = serializers.SerializerMethodField(
        help_text="Your level on each section of this case: a null part is one your role "
        "may not view."
    )
    referral = ReferralOut(allow_null=True)
    allegations = AllegationOut(source="referral.allegations.all", many=True, allow_null=True)
    parties = PartyOut(source="referral.parties.all", many=True, allow_null=True)
    assignments = serializers.SerializerMethodField(
        help_text="The case team, in the sections your role may view."
    )

    @extend_schema_field(
        serializers.DictField(child=serializers.ChoiceField(choices=["none", "view", "edit"]))
    )
    def get_sections(self, case) -> dict:
        return {s.value: LEVEL_NAMES[level] for s, level in self.context["levels"].items()}

    @extend_schema_field(AssignmentOut(many=True))
    def get_assignments(self, case):
        levels = self.context["levels"]
        shown = [a for a in case.assignments.all() if assignment_visible(levels, a)]
        return AssignmentOut(shown, many=True).data


class CaseSearchQuery(serializers.Serializer):
    """DRF's CharField refuses a NUL character: a 400 before PostgreSQL would fail."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A case number, or a name of anyone in the case.",
    )


class CaseListQuery(serializers.Serializer):
    mine = serializers.BooleanField(
        required=False, default=False, help_text="1: only cases assigned to you today."
    )
    status = CaseStatusField(required=False)
    team = serializers.UUIDField(required=False, help_text="A team's id.")
    district = serializers.SlugField(required=False, max_length=80, help_text="A slug.")
    allegation = AllegationKindField(required=False, help_text="Cases with this allegation.")
    received_from = serializers.DateField(required=False, help_text="Received on or after.")
    received_to = serializers.DateField(required=False, help_text="Received on or before.")


# --- intake -----------------------------------------------------------------------------


class _ContextLookupField(PublicIdLookupField):
    """A record named by its public id, among `context[CONTEXT_KEY]` (a queryset the view
    limited to what the caller may use)."""

    CONTEXT_KEY = ""

    def get_queryset(self):
        return self.context[self.CONTEXT_KEY]


@extend_schema_field({"type": "string", "format": "uuid"})
class PersonIdField(_ContextLookupField):
    CONTEXT_KEY = "people"
    default_error_messages = {"does_not_exist": "No person you may see has this id."}


@extend_schema_field({"type": "string", "format": "uuid"})
class OwnTeamIdField(_ContextLookupField):
    CONTEXT_KEY = "teams"
    default_error_messages = {"does_not_exist": "No team of your CAC has this id."}


@extend_schema_field({"type": "string", "format": "uuid"})
class AgencyIdField(PublicIdLookupField):
    default_error_messages = {"does_not_exist": "No agency has this id."}

    def __init__(self, **kwargs):
        super().__init__(queryset=Agency.objects.all(), **kwargs)


class PartyIn(StrictInput):
    """One person in the referral, in one role."""

    person = PersonIdField(help_text="A person's id (POST /api/v1/people/ adds one).")
    role = PartyRoleField()
    relationship = RelationshipField(required=False, default="", help_text="To the child.")
    age_at_referral = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_AGE
    )


class AllegationIn(StrictInput):
    """What is alleged, and which alleged victim it concerns."""

    victim = PersonIdField(help_text="One of the parties who is an alleged victim or co-victim.")
    kind = AllegationKindField()
    occurred_on = serializers.DateField(required=False, allow_null=True)
    town = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=10_000, required=False, allow_blank=True, default=""
    )


class IntakeIn(StrictInput):
    """A referral to your CAC: a case is opened for each alleged victim or co-victim."""

    team = OwnTeamIdField(
        required=False, allow_null=True, help_text="A team hosted by your CAC, if known."
    )
    reason = ReferralReasonField()
    received_at = serializers.DateTimeField(help_text="When the CAC received the referral.")
    known_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When the incident became known."
    )
    source_agency = AgencyIdField(required=False, allow_null=True)
    source_person = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    case_number = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Only for a case that already has a number (for example from NCAtrak): the first "
            "alleged victim's case keeps it. Leave out to have Haven number every case."
        ),
    )
    parties = serializers.ListField(
        child=PartyIn(),
        max_length=MAX_PARTIES,
        help_text="Everyone in the referral; at least one alleged victim.",
    )
    allegations = serializers.ListField(
        child=AllegationIn(),
        max_length=MAX_ALLEGATIONS,
        help_text="At least one; each names an alleged victim of this referral.",
    )


class IntakeCaseOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    number = serializers.CharField()
    child = serializers.UUIDField(source="child.public_id")


class IntakeOut(serializers.Serializer):
    referral = serializers.UUIDField(source="referral.public_id")
    cases = IntakeCaseOut(many=True, help_text="One case per alleged victim.")


# --- assignments ------------------------------------------------------------------------


class AssignmentIn(StrictInput):
    """One person, a Haven user or a directory person, on one section of the case team."""

    section = AssignmentSectionField()
    user = UserIdField(required=False, allow_null=True, help_text="A Haven user's id; or…")
    personnel = PersonnelIdField(
        required=False, allow_null=True, help_text="…a directory person's id."
    )
    starts_on = serializers.DateField()


class CloseIn(StrictInput):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    acknowledged = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True to close despite the open work a first attempt listed (409 open_work).",
    )


class ReopenIn(StrictInput):
    note = serializers.CharField(max_length=4000)


class StatusChangeOut(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()
    note = serializers.CharField()
    acknowledged = serializers.ListField(child=serializers.CharField())
    changed_by = serializers.CharField(source="changed_by.email")
    changed_at = serializers.DateTimeField()


class TimelineEventOut(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.CharField(source="get_action_display")
    record = serializers.CharField(source="object_label")
    by = serializers.CharField(source="actor_label")


class AssignmentEndIn(StrictInput):
    ends_on = serializers.DateField(help_text="The assignee's last day on the case team.")


# --- the security officer's access controls -----------------------------------------------


class RestrictIn(StrictInput):
    users = serializers.ListField(
        child=UserIdField(),
        min_length=1,
        max_length=200,
        help_text="The Haven users who alone may see the case (replaces any earlier list).",
    )


class DenyIn(StrictInput):
    user = UserIdField(help_text="The Haven user who may no longer see this case.")


class AccessOut(serializers.Serializer):
    """Who may see the case beyond its team and CAC's rules: the named users of a
    restriction, and the users denied it."""

    restricted = serializers.BooleanField()
    restricted_to = NamedRefOut(many=True)
    denied = NamedRefOut(many=True)
