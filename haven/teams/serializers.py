"""The teams API's small input and output serializers, one pair per operation.

Outputs carry public ids (UUIDs) only. Gaps and seat status come from `haven.teams.rules`
over memberships the selector already fetched: serialising a team runs no query.
"""

import datetime
import uuid

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.accounts.models import User
from haven.api.serializers import StrictInput
from haven.directory.models import Personnel
from haven.teams import rules
from haven.teams.models import Seat, TeamStatus, VersionStatus

# --- fields ------------------------------------------------------------------------------


# Both enums are fields named "status"; named components keep drf-spectacular from
# guessing (and warning about) their names.
@extend_schema_field(
    {"type": "string", "enum": list(TeamStatus.values)}, component_name="TeamStatusEnum"
)
class TeamStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=TeamStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(VersionStatus.values)}, component_name="VersionStatusEnum"
)
class VersionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=VersionStatus.choices, **kwargs)


class PersonNameField(serializers.CharField):
    """A membership as the name of the person holding it."""

    def to_representation(self, value) -> str:
        return value.person_name


class PublicIdLookupField(serializers.RelatedField):
    """A record named by its public id (UUID); a malformed or unknown id is a field error."""

    default_error_messages = {
        "invalid": "Send the record's id, a UUID.",
        "does_not_exist": "No record has this id.",
    }

    def to_internal_value(self, data):
        try:
            public_id = uuid.UUID(str(data))
        except (TypeError, ValueError, AttributeError):
            self.fail("invalid")
        try:
            return self.get_queryset().get(public_id=public_id)
        except self.get_queryset().model.DoesNotExist:
            self.fail("does_not_exist")

    def to_representation(self, value):
        return value.public_id


@extend_schema_field({"type": "string", "format": "uuid"})
class UserIdField(PublicIdLookupField):
    default_error_messages = {"does_not_exist": "No Haven user has this id."}

    def __init__(self, **kwargs):
        queryset = User.objects.select_related("agency", "personnel")
        super().__init__(queryset=queryset, **kwargs)


@extend_schema_field({"type": "string", "format": "uuid"})
class PersonnelIdField(PublicIdLookupField):
    default_error_messages = {"does_not_exist": "No directory person has this id."}

    def __init__(self, **kwargs):
        super().__init__(queryset=Personnel.objects.select_related("agency"), **kwargs)


def _today(serializer) -> datetime.date:
    return serializer.context.get("on") or timezone.localdate()


# --- small shared outputs ----------------------------------------------------------------


class TeamAgencyRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class TeamContactOut(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class SeatGapOut(serializers.Serializer):
    seat = serializers.ChoiceField(choices=Seat.choices)
    label = serializers.CharField(source="seat.label")
    advisory = serializers.BooleanField(
        help_text="True for a seat the statute requires only where appropriate."
    )
    citation = serializers.CharField()
    message = serializers.CharField()


class SeatStatusOut(serializers.Serializer):
    seat = serializers.ChoiceField(choices=Seat.choices)
    label = serializers.CharField(source="seat.label")
    filled = serializers.BooleanField()
    holders = serializers.ListField(
        child=PersonNameField(), help_text="Who holds the seat on the day; primary first."
    )
    empty_since = serializers.DateField(
        allow_null=True,
        help_text="First day of the current vacancy; null if filled or not known.",
    )


PURPOSES = {
    "case_review": "purpose_case_review",
    "investigation": "purpose_investigation",
    "treatment": "purpose_treatment",
}


def _gaps(team, on: datetime.date) -> list:
    return rules.team_composition_gaps(team, on=on, memberships=list(team.memberships.all()))


def _seats(team, on: datetime.date) -> list:
    memberships = list(team.memberships.all())
    return [rules.seat_status(team, seat, memberships, on=on) for seat in rules.ALL_SEATS]


# --- teams --------------------------------------------------------------------------------


class TeamOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    district = serializers.CharField(source="district.slug", help_text="The district's slug.")
    area = serializers.CharField(help_text="Towns or area covered.")
    host_cac = TeamAgencyRefOut()
    status = TeamStatusField()
    established_on = serializers.DateField(allow_null=True)
    purposes = serializers.SerializerMethodField()
    contact = TeamContactOut(source="*")
    gaps = serializers.SerializerMethodField(
        help_text="Statutory seats with no active member today (Gen. Stat. § 17a-106f)."
    )

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(PURPOSES)))
    )
    def get_purposes(self, team) -> list[str]:
        return [code for code, field in PURPOSES.items() if getattr(team, field)]

    @extend_schema_field(SeatGapOut(many=True))
    def get_gaps(self, team):
        return SeatGapOut(_gaps(team, _today(self)), many=True).data


class TeamMemberOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    seat = serializers.ChoiceField(choices=Seat.choices)
    person = serializers.CharField(source="person_name")
    user = serializers.UUIDField(
        source="user.public_id", allow_null=True, help_text="The Haven user, if the person is one."
    )
    personnel = serializers.UUIDField(
        source="personnel.public_id",
        allow_null=True,
        help_text="The directory person, if the member has no Haven account.",
    )
    agency = TeamAgencyRefOut(help_text="The member's agency when they joined.")
    is_primary = serializers.BooleanField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class TeamDetailOut(TeamOut):
    dcf_designee = serializers.CharField()
    states_attorney_designee = serializers.CharField()
    members = TeamMemberOut(
        source="memberships.all",
        many=True,
        help_text="Every membership, past, current and future; see starts_on and ends_on.",
    )


# --- compliance -----------------------------------------------------------------------------


class TeamComplianceQuery(StrictInput):
    on = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="The day to check, YYYY-MM-DD; today if not given.",
    )


class TeamComplianceOut(serializers.Serializer):
    team = serializers.UUIDField(source="public_id")
    on = serializers.SerializerMethodField()
    gaps = serializers.SerializerMethodField()
    seats = serializers.SerializerMethodField()

    def get_on(self, team) -> datetime.date:
        return _today(self)

    @extend_schema_field(SeatGapOut(many=True))
    def get_gaps(self, team):
        return SeatGapOut(_gaps(team, _today(self)), many=True).data

    @extend_schema_field(SeatStatusOut(many=True))
    def get_seats(self, team):
        return SeatStatusOut(_seats(team, _today(self)), many=True).data


# --- memberships -----------------------------------------------------------------------------


class MembershipAddIn(StrictInput):
    """One person, a Haven user or a directory person, in one seat."""

    seat = serializers.ChoiceField(choices=Seat.choices)
    user = UserIdField(required=False, allow_null=True, help_text="A Haven user's id; or…")
    personnel = PersonnelIdField(
        required=False, allow_null=True, help_text="…a directory person's id."
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    is_primary = serializers.BooleanField(required=False, default=True)


class MembershipEndIn(StrictInput):
    ends_on = serializers.DateField(help_text="The last day in the seat.")


# --- protocols --------------------------------------------------------------------------------


class ProtocolSignoffOut(serializers.Serializer):
    agency = TeamAgencyRefOut()
    signed_on = serializers.DateField()


class ProtocolVersionOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    number = serializers.IntegerField()
    status = VersionStatusField()
    adopted_on = serializers.DateField(allow_null=True)
    review_due_on = serializers.DateField(allow_null=True)
    has_document = serializers.SerializerMethodField()
    document_sha256 = serializers.CharField(help_text="SHA-256 of the PDF; blank without one.")
    signoffs = ProtocolSignoffOut(source="signoffs.all", many=True)

    def get_has_document(self, version) -> bool:
        return bool(version.document)


class ProtocolOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    versions = ProtocolVersionOut(
        source="versions.all", many=True, help_text="The adopted and draft versions, newest first."
    )


# --- statewide --------------------------------------------------------------------------------


class StatewideTeamOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    district = serializers.CharField(source="district.slug", help_text="The district's slug.")
    host_cac = TeamAgencyRefOut()
    status = TeamStatusField()
    gaps = serializers.SerializerMethodField()
    seats = serializers.SerializerMethodField()

    @extend_schema_field(SeatGapOut(many=True))
    def get_gaps(self, team):
        return SeatGapOut(_gaps(team, _today(self)), many=True).data

    @extend_schema_field(SeatStatusOut(many=True))
    def get_seats(self, team):
        return SeatStatusOut(_seats(team, _today(self)), many=True).data
