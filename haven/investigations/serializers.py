"""The investigations API's input and output serializers. Public ids only.

Which role-matrix section each part belongs to: law_enforcement -> LAW_ENFORCEMENT,
child_protection -> CHILD_PROTECTION, prosecution -> PROSECUTION, trafficking -> GENERAL.
A part the caller's role may not view is `null` (see `sections` in the case detail).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.investigations.models import (
    ChargeClass,
    CpStatus,
    Decision,
    Disposition,
    Finding,
    HearingKind,
    Indicator,
    LeOutcome,
    LeStatus,
    Setting,
    TeamItem,
    TraffickingKind,
)
from haven.teams.serializers import UserIdField


def _enum(component: str, choices, **kwargs) -> serializers.ChoiceField:
    """A choice field whose OpenAPI enum has its own name (several are called status)."""
    values = [value for value, _ in choices]

    @extend_schema_field({"type": "string", "enum": values}, component_name=component)
    class Field(serializers.ChoiceField):
        pass

    return Field(choices=choices, **kwargs)


class _Ref(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="__str__")


# --- outputs -----------------------------------------------------------------------------


class LeOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    agency = _Ref()
    officer = _Ref()
    report_number = serializers.CharField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    outcome = serializers.CharField()
    outcome_on = serializers.DateField(allow_null=True)
    narrative = serializers.CharField()


class HearingOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    held_on = serializers.DateField()
    kind = serializers.CharField()
    court = serializers.CharField()
    outcome = serializers.CharField()


class RelianceOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    item_kind = serializers.CharField()
    item_id = serializers.UUIDField(allow_null=True)
    item_label = serializers.CharField()
    relied_on = serializers.DateField()
    note = serializers.CharField()
    recorded_by = _Ref()
    recorded_at = serializers.DateTimeField()


class CpOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    worker = _Ref(allow_null=True)
    careline_report_number = serializers.CharField()
    careline_reported_on = serializers.DateField()
    status = serializers.CharField()
    finding = serializers.CharField()
    finding_on = serializers.DateField(allow_null=True)
    safety_decisions = serializers.CharField()
    hearings = HearingOut(many=True, source="hearings.all")
    relied_on = RelianceOut(many=True, source="reliances.all")


class ChargeOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    statute = serializers.CharField()
    description = serializers.CharField()
    charge_class = serializers.CharField()
    counts = serializers.IntegerField()
    filed_on = serializers.DateField()
    disposition = serializers.CharField()
    disposed_on = serializers.DateField(allow_null=True)
    sentence = serializers.CharField()


class MatterOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    office = _Ref()
    prosecutor = _Ref()
    alleged_offender = serializers.UUIDField(source="alleged_offender.public_id", allow_null=True)
    docket_number = serializers.CharField()
    decision = serializers.CharField()
    decision_on = serializers.DateField(allow_null=True)
    declined_reason = serializers.CharField()
    appeal = serializers.CharField()
    linked_cases = serializers.SerializerMethodField(
        help_text="Ids of the co-victims' cases in this matter that you may see."
    )
    charges = ChargeOut(many=True, source="charges.all")

    def get_linked_cases(self, matter) -> list[str]:
        return [str(c.public_id) for c in getattr(matter, "visible_others", [])]


class TraffickingOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    indicators = serializers.SerializerMethodField()
    setting = serializers.CharField()
    lodging_business = _Ref(allow_null=True)
    location_notes = serializers.CharField()
    dcf_notified = serializers.BooleanField()
    dcf_notified_at = serializers.DateTimeField(allow_null=True)
    hotline_contacted = serializers.BooleanField()
    hotline_contacted_on = serializers.DateField(allow_null=True)

    def get_indicators(self, details) -> list[str]:
        return [i.code for i in details.indicators.all()]


class InvestigationsOut(serializers.Serializer):
    law_enforcement = LeOut(many=True, allow_null=True)
    child_protection = CpOut(allow_null=True)
    prosecution = MatterOut(many=True, allow_null=True)
    trafficking = TraffickingOut(allow_null=True)


# --- inputs ------------------------------------------------------------------------------


class LeIn(StrictInput):
    officer = UserIdField(required=False, help_text="Defaults to you.")
    report_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(required=False, allow_null=True)
    status = _enum("LawEnforcementStatus", LeStatus.choices, required=False)
    outcome = serializers.ChoiceField(choices=LeOutcome.choices, required=False, allow_blank=True)
    outcome_on = serializers.DateField(required=False, allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class CpIn(StrictInput):
    worker = UserIdField(required=False, allow_null=True)
    careline_report_number = serializers.CharField(max_length=60)
    careline_reported_on = serializers.DateField()
    status = _enum("ChildProtectionStatus", CpStatus.choices, required=False)
    finding = _enum("ChildProtectionFinding", Finding.choices, required=False)
    finding_on = serializers.DateField(required=False, allow_null=True)
    safety_decisions = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class HearingIn(StrictInput):
    held_on = serializers.DateField()
    kind = _enum("HearingKind", HearingKind.choices)
    court = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class RelianceIn(StrictInput):
    item_kind = serializers.ChoiceField(choices=TeamItem.choices)
    item_id = serializers.UUIDField(required=False, allow_null=True)
    item_label = serializers.CharField(max_length=200, required=False, allow_blank=True)
    relied_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class MatterIn(StrictInput):
    alleged_offender = serializers.UUIDField(
        required=False, allow_null=True, help_text="An alleged offender in the case's people."
    )
    docket_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    decision = _enum("ProsecutionDecision", Decision.choices, required=False)
    decision_on = serializers.DateField(required=False, allow_null=True)
    declined_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    appeal = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class LinkIn(StrictInput):
    case = serializers.UUIDField(help_text="The co-victim's case id.")


class ChargeIn(StrictInput):
    statute = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=300)
    charge_class = serializers.ChoiceField(choices=ChargeClass.choices)
    counts = serializers.IntegerField(min_value=1, max_value=999, required=False)
    filed_on = serializers.DateField()


class DispositionIn(StrictInput):
    disposition = serializers.ChoiceField(choices=[c for c in Disposition.choices if c[0]])
    disposed_on = serializers.DateField()
    sentence = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TraffickingIn(StrictInput):
    kind = _enum("TraffickingKind", TraffickingKind.choices)
    indicators = serializers.ListField(
        child=serializers.ChoiceField(choices=Indicator.choices), required=False, max_length=50
    )
    setting = serializers.ChoiceField(choices=Setting.choices, required=False, allow_blank=True)
    lodging_business = serializers.UUIDField(required=False, allow_null=True)
    location_notes = serializers.CharField(max_length=300, required=False, allow_blank=True)
    dcf_notified = serializers.BooleanField(required=False)
    dcf_notified_at = serializers.DateTimeField(required=False, allow_null=True)
    hotline_contacted = serializers.BooleanField(required=False)
    hotline_contacted_on = serializers.DateField(required=False, allow_null=True)
