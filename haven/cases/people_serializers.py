"""The people API's small input and output serializers, one pair per operation.

Outputs carry public ids (UUIDs) only. A person's biography is the *people* section of
the cases they appear in: the views serve it only to callers whose role gives at least
view on `Section.PEOPLE` (haven.access.rules.section_level), and only for people who
appear in a case the caller may see (haven/cases/people_api.py, `people_visible_to`).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.access.models import Section
from haven.api.serializers import StrictInput
from haven.cases.serializers import CaseStatusField, PartyRoleField, SectionGatedSerializer
from haven.people.models import Ethnicity, Race, Sex
from haven.people.services import FIELDS as PERSON_FIELDS

MAX_AGE = 120


class PersonSearchQuery(serializers.Serializer):
    """?q=: a name, "last first" or "first last", accents, case and spelling ignored.
    DRF's CharField refuses a NUL character (a 400, before PostgreSQL would fail)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default="", help_text="A name."
    )


class PersonSummaryOut(serializers.Serializer):
    """One search result: enough to tell people with similar names apart."""

    id = serializers.UUIDField(source="public_id")
    first_name = serializers.CharField()
    middle_name = serializers.CharField()
    last_name = serializers.CharField()
    full_name = serializers.CharField()
    aliases = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    estimated_age = serializers.IntegerField(allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    town = serializers.CharField()


class PersonOut(PersonSummaryOut):
    """The whole biography."""

    estimated_age_on = serializers.DateField(allow_null=True)
    gender = serializers.CharField()
    race = serializers.ChoiceField(choices=Race.choices)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices)
    primary_language = serializers.CharField()
    interpreter_needed = serializers.BooleanField()
    cultural_considerations = serializers.CharField()
    accommodations = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()


class PersonCaseOut(SectionGatedSerializer):
    """A case the person appears in, among those the caller may see. `roles`: the person's
    roles in the case's referral (the child of the case is always an alleged victim or
    co-victim). `status` and `received_on` are null without view on the general section."""

    FIELD_SECTIONS = {"status": Section.GENERAL, "received_on": Section.GENERAL}

    id = serializers.UUIDField(source="public_id")
    number = serializers.CharField()
    status = CaseStatusField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    roles = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=PartyRoleField()))
    def get_roles(self, case) -> list[str]:
        return self.context["roles"].get(case.referral_id, [])


class PersonDetailOut(PersonOut):
    cases = serializers.SerializerMethodField(
        help_text="The cases this person appears in that you may see, newest first."
    )

    @extend_schema_field(PersonCaseOut(many=True))
    def get_cases(self, person):
        return PersonCaseOut(self.context["cases"], many=True, context=self.context).data


class PersonIn(StrictInput):
    """A new person. Unless `confirmed_new` is true, likely matches (same or similar name,
    by sound, near date of birth) refuse it with a 409 problem listing them."""

    first_name = serializers.CharField(max_length=100, help_text="'Unknown' if not known.")
    middle_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, help_text="'Unknown' if not known.")
    aliases = serializers.CharField(max_length=300, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_AGE
    )
    estimated_age_on = serializers.DateField(
        required=False, allow_null=True, help_text="The day of the estimate; today if not given."
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    gender = serializers.CharField(max_length=60, required=False, allow_blank=True)
    race = serializers.ChoiceField(choices=Race.choices, required=False)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False)
    primary_language = serializers.CharField(max_length=60, required=False, allow_blank=True)
    interpreter_needed = serializers.BooleanField(required=False)
    cultural_considerations = serializers.CharField(
        max_length=2000, required=False, allow_blank=True
    )
    accommodations = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    town = serializers.CharField(max_length=80, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    confirmed_new = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True once you have checked the likely matches and this is someone new.",
    )

    def person_fields(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k in PERSON_FIELDS}


assert set(PersonIn().fields) - {"confirmed_new"} == set(PERSON_FIELDS), "PersonIn drifted"


class LikelyMatchOut(serializers.Serializer):
    id = serializers.UUIDField(source="person.public_id")
    full_name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class PossibleDuplicateProblem(serializers.Serializer):
    """The 409 problem of POST people/: the usual problem fields and the likely matches."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    matches = LikelyMatchOut(
        many=True,
        help_text="Likely matches among the people you may see, best first. Records you may "
        "not see are never named or counted: a likely match among them goes to the security "
        "officer's review list when the person is added.",
    )


class PersonMergeIn(StrictInput):
    duplicate = serializers.UUIDField(
        help_text="The duplicate record; its links move to the person in the path."
    )


class PersonMergeOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", help_text="The surviving record.")
    duplicate = serializers.UUIDField(help_text="The record merged into it, kept for history.")
