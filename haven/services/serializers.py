"""The services API's input and output serializers. Public ids only. A part the caller's
role may not view is null (sessions' notes follow haven.services.rules.may_read_note)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.directory.models import Agency
from haven.services import rules
from haven.services.models import (
    Acuity,
    AdvocacyKind,
    Attendance,
    Channel,
    ClaimStatus,
    Instrument,
    Modality,
    ReminderLanguage,
    ServiceType,
    SessionKind,
)
from haven.teams.serializers import PublicIdLookupField


def _enum(component: str, choices, **kwargs) -> serializers.ChoiceField:
    values = [value for value, _ in choices]

    @extend_schema_field({"type": "string", "enum": values}, component_name=component)
    class Field(serializers.ChoiceField):
        pass

    return Field(choices=choices, **kwargs)


@extend_schema_field({"type": "string", "format": "uuid"})
class AgencyIdField(PublicIdLookupField):
    default_error_messages = {"does_not_exist": "No agency in the directory has this id."}

    def __init__(self, **kwargs):
        super().__init__(queryset=Agency.objects.filter(is_active=True), **kwargs)


@extend_schema_field({"type": "string", "format": "uuid"})
class InstrumentIdField(PublicIdLookupField):
    default_error_messages = {"does_not_exist": "No instrument has this id."}

    def __init__(self, **kwargs):
        super().__init__(queryset=Instrument.objects.all(), **kwargs)


class PersonRefField(serializers.UUIDField):
    """A person of the case, by public id (resolved by the view against the case)."""


# --- inputs -------------------------------------------------------------------------------


class ReferralIn(StrictInput):
    service_type = _enum("ServiceTypeEnum", ServiceType.choices)
    referred_on = serializers.DateField()
    provider = AgencyIdField(required=False, allow_null=True)
    modality = _enum("ModalityEnum", Modality.choices, required=False, allow_blank=True)
    primary_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TransitionIn(StrictInput):
    verb = _enum("ReferralVerbEnum", [(v, v) for v in rules.TRANSITIONS])
    on = serializers.DateField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    appointment_at = serializers.DateTimeField(required=False, allow_null=True)


class SessionIn(StrictInput):
    held_on = serializers.DateField()
    kind = _enum("SessionKindEnum", SessionKind.choices, required=False)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True)
    provider_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    attendance = _enum("AttendanceEnum", Attendance.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    note_shared = serializers.BooleanField(required=False)


class ReminderIn(StrictInput):
    recipient = PersonRefField()
    channel = _enum("ReminderChannelEnum", Channel.choices, required=False)
    language = _enum("ReminderLanguageEnum", ReminderLanguage.choices, required=False)


class ExamIn(StrictInput):
    examined_on = serializers.DateField()
    examiner = serializers.CharField(max_length=200)
    acuity = _enum("AcuityEnum", Acuity.choices)
    findings = serializers.CharField(required=False, allow_blank=True)
    tests_done = serializers.CharField(max_length=300, required=False, allow_blank=True)
    follow_up_needed = serializers.BooleanField(required=False)
    follow_up = serializers.CharField(max_length=300, required=False, allow_blank=True)


class AssessmentIn(StrictInput):
    instrument = InstrumentIdField()
    score = serializers.IntegerField()
    assessed_on = serializers.DateField()


class AdvocacyIn(StrictInput):
    kind = _enum("AdvocacyKindEnum", AdvocacyKind.choices)
    on = serializers.DateField()
    with_person = PersonRefField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CompensationIn(StrictInput):
    applied_on = serializers.DateField()
    status = _enum("ClaimStatusEnum", ClaimStatus.choices, required=False)
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    decided_on = serializers.DateField(required=False, allow_null=True)


# --- outputs ------------------------------------------------------------------------------


class SessionOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    held_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    provider_name = serializers.CharField()
    attendance = serializers.CharField()
    note = serializers.SerializerMethodField()
    note_shared = serializers.BooleanField()

    def get_note(self, obj) -> str | None:
        return obj.note if getattr(obj, "note_visible", False) else None


class ServiceReferralOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    service_type = serializers.CharField()
    modality = serializers.CharField()
    provider = serializers.CharField(source="provider.name")
    provider_id = serializers.UUIDField(source="provider.public_id")
    primary_contact = serializers.CharField()
    referred_by = serializers.CharField(source="referred_by.full_name")
    referred_on = serializers.DateField()
    status = serializers.CharField()
    appointment_at = serializers.DateTimeField(allow_null=True)
    scheduled_on = serializers.DateField(allow_null=True)
    engaged_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    dcf_basis = serializers.CharField()
    sessions = SessionOut(many=True, source="sessions.all")


class TrackingOut(serializers.Serializer):
    line = serializers.CharField(source="key")
    label = serializers.CharField()
    shown = serializers.BooleanField()
    status = serializers.CharField(source="row.status", default=None)
    referred_by = serializers.CharField(source="row.referred_by", default=None)
    provider = serializers.CharField(source="row.provider", default=None)
    primary_contact = serializers.CharField(source="row.primary_contact", default=None)


class TimeToServiceOut(serializers.Serializer):
    service_type = serializers.CharField()
    referred_on = serializers.DateField()
    first_session_on = serializers.DateField(allow_null=True)
    days = serializers.IntegerField(allow_null=True)
    waiting_days = serializers.IntegerField(allow_null=True)


class ExamOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    examined_on = serializers.DateField()
    examiner = serializers.CharField()
    acuity = serializers.CharField()
    findings = serializers.CharField()
    tests_done = serializers.CharField()
    follow_up_needed = serializers.BooleanField()
    follow_up = serializers.CharField()


class AssessmentOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    instrument = serializers.CharField(source="instrument.code")
    score = serializers.IntegerField()
    min_score = serializers.IntegerField(source="instrument.min_score")
    max_score = serializers.IntegerField(source="instrument.max_score")
    assessed_on = serializers.DateField()


class AdvocacyOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    on = serializers.DateField()
    with_person = serializers.UUIDField(
        source="with_person.public_id", allow_null=True, default=None
    )
    note = serializers.CharField()


class CompensationOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    applied_on = serializers.DateField()
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    decided_on = serializers.DateField(allow_null=True)


class ReminderOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    recipient = serializers.UUIDField(source="recipient.public_id")
    channel = serializers.CharField()
    language = serializers.CharField()
    appointment_at = serializers.DateTimeField()
    status = serializers.CharField()


class ServicesOut(serializers.Serializer):
    tracking = TrackingOut(many=True)
    time_to_service = TimeToServiceOut(many=True)
    referrals = ServiceReferralOut(many=True)
    medical_exams = ExamOut(many=True, allow_null=True)
    assessments = AssessmentOut(many=True, allow_null=True)
    advocacy = AdvocacyOut(many=True, allow_null=True)
    compensation = CompensationOut(many=True, allow_null=True)
