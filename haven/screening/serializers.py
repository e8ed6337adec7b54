"""The screening API's input and output serializers. Public ids only; nothing about a
public reporter is returned to the public caller except the reference number."""

from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.screening import rules
from haven.screening.models import ApparentAge, Route


class PublicReportIn(StrictInput):
    what_seen = serializers.CharField(max_length=rules.MAX_WHAT_SEEN)
    apparent_age = serializers.ChoiceField(choices=ApparentAge.choices)
    description = serializers.CharField(
        max_length=rules.MAX_DESCRIPTION, required=False, allow_blank=True, default=""
    )
    seen_on = serializers.DateField(required=False, allow_null=True, default=None)
    lodging = serializers.UUIDField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    town = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    reporter_phone = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    reporter_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default=""
    )
    language = serializers.ChoiceField(choices=["en", "es"], required=False, default="en")


class PublicReportOut(serializers.Serializer):
    reference = serializers.CharField()


class _Agency(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class ReportOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    source = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    route = serializers.CharField()
    possible_minor = serializers.BooleanField()
    routed_agency = _Agency(allow_null=True)
    apparent_age = serializers.CharField()
    what_seen = serializers.CharField()
    description = serializers.CharField()
    place = serializers.CharField()
    town = serializers.CharField()
    lodging = _Agency(allow_null=True)
    seen_on = serializers.DateField(allow_null=True)
    reporter_name = serializers.CharField()
    reporter_phone = serializers.CharField()
    reporter_email = serializers.CharField()
    escalated_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    triaged_at = serializers.DateTimeField(allow_null=True)
    case_number = serializers.CharField(source="case.number", allow_null=True, default=None)
    duplicate_of = serializers.CharField(
        source="duplicate_of.reference", allow_null=True, default=None
    )


class TriageIn(StrictInput):
    route = serializers.ChoiceField(choices=Route.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    case_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    create_case = serializers.BooleanField(required=False, default=False)
    child_first_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    child_last_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    child_estimated_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    routed_agency = serializers.UUIDField(required=False, allow_null=True, default=None)


class DuplicateIn(StrictInput):
    duplicate_of = serializers.CharField(max_length=16, help_text="The other report's reference")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EncounterIn(StrictInput):
    occurred_on = serializers.DateField()
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    stated_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    age_unknown = serializers.BooleanField(required=False, default=False)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    town = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    facts = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    indicators = serializers.ListField(
        child=serializers.ChoiceField(choices=list(rules.INDICATORS)),
        required=False,
        default=list,
        max_length=len(rules.INDICATORS),
    )


class ScreeningOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    instrument = serializers.CharField(source="instrument.code")
    administered_on = serializers.DateField()
    administered_by = serializers.CharField(source="administered_by.full_name")
    language = serializers.CharField()
    answers = serializers.DictField(child=serializers.CharField())
    score = serializers.IntegerField()
    positive = serializers.BooleanField(allow_null=True)
    advisory_only = serializers.BooleanField()


class EncounterOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    occurred_on = serializers.DateField()
    route = serializers.CharField()
    citation = serializers.CharField()
    explanation = serializers.CharField()
    prostitution_charge_available = serializers.BooleanField()
    person = serializers.UUIDField(source="person.public_id")
    age = serializers.IntegerField(allow_null=True)
    indicators = serializers.ListField(child=serializers.CharField())
    dcf_notified_at = serializers.DateTimeField(allow_null=True)
    report_reference = serializers.CharField(
        source="report.reference", allow_null=True, default=None
    )
    services_referred_on = serializers.DateField(allow_null=True)
    defense_summary_due = serializers.BooleanField()
    screenings = ScreeningOut(many=True, source="screenings_list")


class ScreeningIn(StrictInput):
    instrument = serializers.SlugField(max_length=40)
    answers = serializers.DictField(child=serializers.CharField(max_length=1000, allow_blank=True))

    def validate_answers(self, value):
        if len(value) > 50:
            raise serializers.ValidationError("At most 50 answers.")
        return value


class ItemOut(serializers.Serializer):
    number = serializers.IntegerField()
    answer_type = serializers.CharField()
    counts = serializers.BooleanField()
    wording = serializers.DictField(child=serializers.CharField())
    placeholder = serializers.BooleanField()


class InstrumentOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    cut_off = serializers.IntegerField(allow_null=True)
    advisory_only = serializers.BooleanField()
    licence_note = serializers.CharField()
    items = ItemOut(many=True)
