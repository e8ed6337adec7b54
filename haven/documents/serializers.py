"""The documents API's input and output serializers. Public ids only; never the uploaded
file's name (it may name the child)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.documents.models import DocumentKind, FileType
from haven.documents.rules import ATTACHABLE_SECTIONS

_ENUM_FIELDS: dict[str, type] = {}


def _enum(component: str, choices, **kwargs) -> serializers.ChoiceField:
    """A choice field whose OpenAPI enum has its own name, one class per name (so the
    input and output share one component)."""
    if component not in _ENUM_FIELDS:
        values = [value for value, _ in choices]

        @extend_schema_field({"type": "string", "enum": values}, component_name=component)
        class Field(serializers.ChoiceField):
            pass

        _ENUM_FIELDS[component] = Field
    return _ENUM_FIELDS[component](choices=choices, **kwargs)


SECTION_CHOICES = [(s.value, s.label) for s in ATTACHABLE_SECTIONS]


class DocumentOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = _enum("DocumentKindEnum", DocumentKind.choices)
    section = _enum("DocumentSectionEnum", SECTION_CHOICES)
    title = serializers.CharField()
    file_type = _enum("DocumentFileTypeEnum", FileType.choices)
    file_name = serializers.CharField(source="download_name")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by.full_name")
    withdrawn = serializers.BooleanField(source="is_withdrawn")
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawn_by = serializers.CharField(source="withdrawn_by.full_name", allow_null=True)
    withdrawal_reason = serializers.CharField()


class DocumentIn(StrictInput):
    kind = _enum("DocumentKindEnum", DocumentKind.choices)
    section = _enum(
        "DocumentSectionEnum",
        SECTION_CHOICES,
        required=False,
        help_text="Omit for the kind's usual section (police_report: law_enforcement, ...).",
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    file = serializers.FileField(
        help_text="PDF, PNG, JPEG, TIFF, .docx or UTF-8 text; checked by content."
    )


class WithdrawIn(StrictInput):
    reason = serializers.CharField(max_length=2000)
