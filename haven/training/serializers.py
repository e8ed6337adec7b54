"""The training API's input and output serializers. Public ids only; a quiz's correct
answers and explanations go only to the training administrator."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.training import rules
from haven.training.models import Audience, ModuleKind, ProgramKind


def _enum(component: str, choices, **kwargs) -> serializers.ChoiceField:
    values = [value for value, _ in choices]

    @extend_schema_field({"type": "string", "enum": values}, component_name=component)
    class Field(serializers.ChoiceField):
        pass

    return Field(choices=choices, **kwargs)


# --- inputs -------------------------------------------------------------------------------


class ProgramIn(StrictInput):
    title = serializers.CharField(max_length=200)
    audience = _enum("TrainingAudienceEnum", Audience.choices)
    citation = serializers.CharField(max_length=120)
    kind = _enum("TrainingProgramKindEnum", ProgramKind.choices, required=False)
    statutory_basis = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    refresher_years = serializers.IntegerField(min_value=1, max_value=10, required=False)
    passing_score = serializers.IntegerField(min_value=1, max_value=100, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ChoiceIn(StrictInput):
    text = serializers.CharField(max_length=300)
    correct = serializers.BooleanField(default=False)


class QuestionIn(StrictInput):
    text = serializers.CharField(max_length=2000)
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    choices = ChoiceIn(many=True, min_length=2, max_length=10)


class ModuleIn(StrictInput):
    """A reading (title and body) or a quiz (title, optional introduction, questions).
    Video modules are uploaded on the program's page: the API does not take video."""

    kind = _enum(
        "TrainingModuleInKindEnum", [(ModuleKind.READING, "Reading"), (ModuleKind.QUIZ, "Quiz")]
    )
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, allow_blank=True, max_length=50000, default="")
    required = serializers.BooleanField(required=False, default=True)
    questions = QuestionIn(many=True, required=False, max_length=50)

    def validate(self, data):
        if data["kind"] == ModuleKind.QUIZ and not data.get("questions"):
            raise serializers.ValidationError({"questions": ["A quiz needs its questions."]})
        if data["kind"] == ModuleKind.READING and data.get("questions"):
            raise serializers.ValidationError({"questions": ["A reading has no questions."]})
        return data


class QuizAnswersIn(StrictInput):
    choices = serializers.ListField(
        child=serializers.UUIDField(),
        max_length=50,
        help_text="The id of the chosen answer to each question, one per question.",
    )


class VerifyIn(StrictInput):
    code = serializers.CharField(max_length=40, help_text="The code printed on the certificate.")


class ComplianceQuery(StrictInput):
    audience = _enum("TrainingAudienceEnum", Audience.choices, required=False, allow_blank=True)
    agency = serializers.UUIDField(
        required=False, help_text="One organisation's id (from /api/v1/agencies/)."
    )


# --- outputs ------------------------------------------------------------------------------


class ChoiceOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    text = serializers.CharField()
    correct = serializers.SerializerMethodField()

    @extend_schema_field({"type": "boolean", "nullable": True})
    def get_correct(self, choice):
        return choice.is_correct if self.context.get("trainer") else None


class QuestionOut(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.CharField()
    explanation = serializers.SerializerMethodField()
    choices = ChoiceOut(many=True)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_explanation(self, question):
        return question.explanation if self.context.get("trainer") else None


class ModuleOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    position = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.BooleanField()
    body = serializers.CharField()
    duration_seconds = serializers.FloatField()
    has_captions = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()

    def get_has_captions(self, module) -> bool:
        return bool(module.captions)

    @extend_schema_field(QuestionOut(many=True))
    def get_questions(self, module):
        if module.kind != ModuleKind.QUIZ:
            return []
        return QuestionOut(module.questions.all(), many=True, context=self.context).data


class ProgramOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    audience = serializers.CharField()
    audience_label = serializers.CharField(source="get_audience_display")
    kind = serializers.CharField()
    citation = serializers.CharField()
    statutory_basis = serializers.CharField()
    refresher_years = serializers.IntegerField()
    passing_score = serializers.IntegerField()
    agency_kinds = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    is_active = serializers.BooleanField()


class ProgramDetailOut(ProgramOut):
    modules = ModuleOut(many=True)


class ProgramRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    audience = serializers.CharField()


class LearnerRefOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    full_name = serializers.CharField()
    employer = serializers.CharField(source="employer.name", default=None, allow_null=True)


class EnrolmentOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    program = ProgramRefOut()
    enrolled_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class ModuleProgressOut(serializers.Serializer):
    module = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.BooleanField()
    done = serializers.BooleanField()
    best_score = serializers.IntegerField(allow_null=True)
    watched_seconds = serializers.FloatField(allow_null=True)


class CompletionOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    learner = LearnerRefOut()
    program = ProgramRefOut()
    source = serializers.CharField()
    completed_on = serializers.DateField()
    next_due_on = serializers.DateField()
    verification_code = serializers.CharField()
    revoked = serializers.SerializerMethodField()

    def get_revoked(self, completion) -> bool:
        return completion.revoked_at is not None


class EnrolmentDetailOut(EnrolmentOut):
    learner = LearnerRefOut()
    modules = ModuleProgressOut(many=True)
    required_done = serializers.IntegerField()
    required_total = serializers.IntegerField()
    completion = CompletionOut(allow_null=True)


class QuizResultOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    score = serializers.IntegerField()
    passed = serializers.BooleanField()
    passing_score = serializers.IntegerField(source="enrolment.program.passing_score")
    submitted_at = serializers.DateTimeField()
    completion = CompletionOut(allow_null=True)


class ReadingDoneOut(serializers.Serializer):
    module = serializers.UUIDField(source="module.public_id")
    completed_at = serializers.DateTimeField()
    completion = CompletionOut(allow_null=True)


class VerifyOut(serializers.Serializer):
    name = serializers.CharField()
    program = serializers.CharField()
    completed_on = serializers.DateField()
    valid = serializers.BooleanField()
    valid_until = serializers.DateField()


class ComplianceRowOut(serializers.Serializer):
    agency = serializers.UUIDField(source="agency_id")
    agency_name = serializers.CharField()
    audience = serializers.CharField()
    audience_label = serializers.CharField()
    trained = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    untrained = serializers.SerializerMethodField()
    total = serializers.IntegerField()

    def get_trained(self, row) -> int:
        return row.counts.get(rules.Standing.TRAINED, 0)

    def get_due_soon(self, row) -> int:
        return row.counts.get(rules.Standing.DUE_SOON, 0)

    def get_overdue(self, row) -> int:
        return row.counts.get(rules.Standing.OVERDUE, 0)

    def get_untrained(self, row) -> int:
        return row.counts.get(rules.Standing.UNTRAINED, 0)


class ComplianceOut(serializers.Serializer):
    on = serializers.DateField()
    audience = serializers.CharField(allow_blank=True)
    due_soon_days = serializers.IntegerField()
    rows = ComplianceRowOut(many=True)
