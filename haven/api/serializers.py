"""Small input and output serializers, one pair per operation."""

from rest_framework import serializers

from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline
from haven.api.models import Scope
from haven.api.tokens import DEFAULT_DAYS, MAX_DAYS
from haven.audit.models import AuditEvent
from haven.directory.models import Agency, AgencyKind, Credential, District, Personnel


class StrictInput(serializers.Serializer):
    """An input serializer that refuses fields it does not know, naming them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field. Remove it and send again."] for name in unknown}
                )
        return super().to_internal_value(data)


class SlugLookupField(serializers.SlugRelatedField):
    """A slug lookup that refuses a NUL character before it reaches the database
    (PostgreSQL cannot compare text containing one and would answer with a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class DistrictOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")

    class Meta:
        model = District
        fields = ["id", "name", "slug", "court_seats"]


class AgencyOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "kind",
            "district",
            "town",
            "address",
            "phone",
            "email",
            "is_active",
        ]


class AgencyIn(StrictInput):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    district = SlugLookupField(
        slug_field="slug", queryset=District.objects.all(), required=False, allow_null=True
    )
    town = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class CredentialOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")

    class Meta:
        model = Credential
        fields = ["id", "kind", "issuer", "issued_on", "expires_on"]


class PersonnelOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    agency = serializers.UUIDField(source="agency.public_id")
    credentials = CredentialOut(many=True)

    class Meta:
        model = Personnel
        fields = [
            "id",
            "agency",
            "full_name",
            "title",
            "email",
            "phone",
            "is_active",
            "credentials",
        ]


class PersonnelIn(StrictInput):
    full_name = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class MeOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    email = serializers.EmailField()
    full_name = serializers.CharField()
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    agency = AgencyOut(allow_null=True)
    capabilities = serializers.ListField(child=serializers.CharField())
    sections = serializers.DictField(
        child=serializers.ChoiceField(choices=["none", "view", "edit"])
    )


class MatrixCellIn(StrictInput):
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    section = serializers.ChoiceField(choices=Section.choices)
    level = serializers.ChoiceField(choices=["none", "view", "edit"])


class MatrixIn(StrictInput):
    """The cells to change. Sent with PATCH, yet always whole: `changes` is required."""

    # A ListField, not many=True: its min_length reaches the schema as minItems.
    changes = serializers.ListField(child=MatrixCellIn(), min_length=1)

    # PATCH would make DRF and drf-spectacular treat this input as partial, dropping
    # "required" from `changes` in the schema; the input is never partial.
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value) -> None:
        pass


LEVEL_NAMES = {Level.NONE: "none", Level.VIEW: "view", Level.EDIT: "edit"}
LEVEL_VALUES = {v: k for k, v in LEVEL_NAMES.items()}


class AuditEventOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "kind",
            "action",
            "actor",
            "object_type",
            "object_id",
            "object_label",
            "case_id",
            "ip_address",
            "old_values",
            "new_values",
            "prev_hash",
            "row_hash",
        ]


class TokenOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    user = serializers.EmailField(source="user.email")
    name = serializers.CharField()
    prefix = serializers.CharField()
    scope = serializers.ChoiceField(choices=Scope.choices)
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)


class TokenIn(StrictInput):
    user = serializers.EmailField(
        required=False,
        help_text="Optional, and only ever your own address: nobody creates another's token.",
    )
    name = serializers.CharField(max_length=100)
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=DEFAULT_DAYS)
    scope = serializers.ChoiceField(choices=Scope.choices)


class TokenCreatedOut(TokenOut):
    token = serializers.CharField(help_text="Shown once. Haven keeps only its hash.")
