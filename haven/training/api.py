"""The training REST API: thin. The same rules and services as the pages.

- Programs: anyone signed in lists and reads them; only the training administrator
  creates programs and adds modules (reading and quiz modules; a video with its
  captions is uploaded on the program's page, not through the API).
- Enrolments: a learner enrols themselves, lists their own, reads their progress and
  acts on it (quiz answers, a reading done). The training administrator and an
  employer's designated contact may read a staff member's enrolment (audited) but not
  act on it (403); anyone else gets 404.
- Completions: the caller's own, their employer's staff's (a designated contact) or
  everyone's (the training administrator), with the certificate's verification code.
- Compliance: per organisation and audience, the same figures as the compliance page,
  for the training administrator and employers' contacts (their own staff only).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access
from haven.core.errors import HavenError
from haven.training import rules, selectors, services
from haven.training import serializers as s
from haven.training.models import (
    Audience,
    Choice,
    Completion,
    Enrolment,
    Module,
    ModuleKind,
    ModuleProgress,
    Program,
    Question,
)


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _require_trainer(request) -> None:
    if not services.is_trainer(request.user):
        raise HavenError(
            "Only a training administrator manages programs and modules.",
            status=403,
            code="forbidden",
        )


def _modules_prefetch():
    return Prefetch(
        "modules",
        queryset=Module.objects.prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        ),
    )


def _program(public_id) -> Program:
    program = (
        Program.objects.prefetch_related(_modules_prefetch()).filter(public_id=public_id).first()
    )
    if program is None:
        raise Http404
    return program


def _completion_of(enrolment: Enrolment) -> Completion | None:
    return (
        Completion.objects.select_related("learner__employer", "program")
        .filter(enrolment=enrolment)
        .first()
    )


class _View(APIView):
    schema = HavenAutoSchema()

    def enrolment(self, request, public_id, *, act: bool = False) -> Enrolment:
        """The enrolment if the caller may see its learner (404 otherwise); to act on it the
        caller must be the learner (403 for an administrator or employer's contact)."""
        enrolment = (
            Enrolment.objects.select_related("learner__employer", "learner__user", "program")
            .filter(public_id=public_id, learner__in=selectors.learners_visible_to(request.user))
            .first()
        )
        if enrolment is None:
            raise Http404
        if act and enrolment.learner.user_id != request.user.pk:
            raise HavenError(
                "Only the learner takes their own training.", status=403, code="forbidden"
            )
        return enrolment

    def module(self, enrolment: Enrolment, module_id, kind: str) -> Module:
        module = enrolment.program.modules.filter(public_id=module_id).first()
        if module is None:
            raise Http404
        if module.kind != kind:
            raise HavenError(
                f"This module is a {module.get_kind_display().lower()}, not a "
                f"{ModuleKind(kind).label.lower()}.",
                status=409,
                code="wrong_module_kind",
            )
        return module


# --- Programs and modules --------------------------------------------------------------


class ProgramsView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.ProgramOut

    def get_queryset(self):
        return Program.objects.filter(is_active=True)

    @extend_schema(summary="The training programs offered")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.ProgramIn,
        responses={201: s.ProgramDetailOut},
        summary="Create a program (training administrator)",
        description="The organisations it applies to follow from the audience "
        "(police departments, lodging businesses, courts, hospitals, school districts).",
    )
    def post(self, request, *args, **kwargs):
        _require_trainer(request)
        data = _input(s.ProgramIn, request)
        program = services.program_create(actor=request.user, request=request, **data)
        return Response(
            s.ProgramDetailOut(_program(program.public_id), context={"trainer": True}).data,
            status=status.HTTP_201_CREATED,
        )


class ProgramDetailView(_View):
    @extend_schema(
        responses=s.ProgramDetailOut,
        summary="A program and its modules (quiz answers only for the training administrator)",
    )
    def get(self, request, public_id):
        program = _program(public_id)
        context = {"trainer": services.is_trainer(request.user)}
        return Response(s.ProgramDetailOut(program, context=context).data)


class ModulesView(_View):
    @extend_schema(responses=s.ModuleOut(many=True), summary="A program's modules, in order")
    def get(self, request, public_id):
        program = _program(public_id)
        context = {"trainer": services.is_trainer(request.user)}
        return Response(s.ModuleOut(program.modules.all(), many=True, context=context).data)

    @extend_schema(
        request=s.ModuleIn,
        responses={201: s.ModuleOut},
        summary="Add a reading or quiz module (training administrator)",
        description="Video modules, with their required WebVTT captions, are uploaded on "
        "the program's page; the API does not take video.",
    )
    def post(self, request, public_id):
        _require_trainer(request)
        program = _program(public_id)
        data = _input(s.ModuleIn, request)
        if data["kind"] == ModuleKind.QUIZ:
            module = services.module_add_quiz(
                actor=request.user,
                program=program,
                title=data["title"],
                body=data["body"],
                request=request,
                questions=[
                    services.QuestionIn(
                        text=q["text"],
                        explanation=q.get("explanation", ""),
                        choices=[(c["text"], c["correct"]) for c in q["choices"]],
                    )
                    for q in data["questions"]
                ],
            )
        else:
            module = services.module_add_reading(
                actor=request.user,
                program=program,
                title=data["title"],
                body=data["body"],
                required=data["required"],
                request=request,
            )
        module = Module.objects.prefetch_related("questions__choices").get(pk=module.pk)
        return Response(
            s.ModuleOut(module, context={"trainer": True}).data, status=status.HTTP_201_CREATED
        )


class EnrolSelfView(_View):
    @extend_schema(
        request=None,
        responses={201: s.EnrolmentOut},
        summary="Enrol yourself in a program",
        description="Refused (code `already_enrolled`) while you have an open enrolment in it.",
    )
    def post(self, request, public_id):
        program = _program(public_id)
        learner = services.learner_for_user(request.user)
        enrolment = services.enrol(
            actor=request.user, learner=learner, program=program, request=request
        )
        return Response(s.EnrolmentOut(enrolment).data, status=status.HTTP_201_CREATED)


# --- Enrolments and progress -----------------------------------------------------------


class MyEnrolmentsView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.EnrolmentOut

    def get_queryset(self):
        return Enrolment.objects.select_related("program").filter(learner__user=self.request.user)

    @extend_schema(summary="Your enrolments, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _progress(enrolment: Enrolment) -> dict:
    progress = {p.module_id: p for p in ModuleProgress.objects.filter(enrolment=enrolment)}
    modules = []
    for module in enrolment.program.modules.all():
        p = progress.get(module.pk)
        modules.append(
            {
                "module": module.public_id,
                "title": module.title,
                "kind": module.kind,
                "required": module.required,
                "done": bool(p and p.completed_at),
                "best_score": p.best_score if p else None,
                "watched_seconds": (
                    round(rules.covered_seconds(p.segments), 1)
                    if p and module.kind == ModuleKind.VIDEO
                    else None
                ),
            }
        )
    required = [m for m in modules if m["required"]]
    return {
        "public_id": enrolment.public_id,
        "program": enrolment.program,
        "learner": enrolment.learner,
        "enrolled_at": enrolment.enrolled_at,
        "due_on": enrolment.due_on,
        "completed_at": enrolment.completed_at,
        "modules": modules,
        "required_done": sum(m["done"] for m in required),
        "required_total": len(required),
        "completion": _completion_of(enrolment),
    }


class EnrolmentDetailView(_View):
    @extend_schema(
        responses=s.EnrolmentDetailOut,
        summary="An enrolment with its progress per module and its completion",
        description="The learner's own; a training administrator or the employer's "
        "designated contact may read it too (audited).",
    )
    def get(self, request, public_id):
        enrolment = self.enrolment(request, public_id)
        if enrolment.learner.user_id != request.user.pk:
            audit_access(
                actor=request.user, target=enrolment, request=request, what="training (API)"
            )
        return Response(s.EnrolmentDetailOut(_progress(enrolment)).data)


class QuizAnswersView(_View):
    @extend_schema(
        request=s.QuizAnswersIn,
        responses={201: s.QuizResultOut},
        summary="Submit a quiz: one chosen answer per question",
        description="Refused after the enrolment's deadline (code `deadline_passed`) and once "
        "the program is complete (code `complete`). Passing the last required module "
        "completes the program and issues the certificate.",
    )
    def post(self, request, public_id, module_id):
        enrolment = self.enrolment(request, public_id, act=True)
        module = self.module(enrolment, module_id, ModuleKind.QUIZ)
        data = _input(s.QuizAnswersIn, request)
        chosen = {
            c.public_id: c
            for c in Choice.objects.filter(
                question__module=module, public_id__in=data["choices"]
            ).select_related("question")
        }
        unknown = [str(c) for c in data["choices"] if c not in chosen]
        if unknown:
            raise ValidationError({"choices": [f"Not an answer in this quiz: {unknown[0]}."]})
        answers: dict[str, str] = {}
        for choice in chosen.values():
            key = str(choice.question_id)
            if key in answers:
                raise ValidationError(
                    {"choices": [f"Choose one answer to question {choice.question.position}."]}
                )
            answers[key] = str(choice.public_id)
        attempt = services.quiz_submit(
            enrolment=enrolment, module=module, answers=answers, request=request
        )
        attempt.completion = _completion_of(enrolment)
        return Response(s.QuizResultOut(attempt).data, status=status.HTTP_201_CREATED)


class ReadingDoneView(_View):
    @extend_schema(
        request=None,
        responses=s.ReadingDoneOut,
        summary="Mark a reading module as read",
    )
    def post(self, request, public_id, module_id):
        enrolment = self.enrolment(request, public_id, act=True)
        module = self.module(enrolment, module_id, ModuleKind.READING)
        if enrolment.completed_at:
            raise HavenError("This program is already complete.", status=409, code="complete")
        progress = services.reading_done(enrolment=enrolment, module=module, request=request)
        progress.module = module
        progress.completion = _completion_of(enrolment)
        return Response(s.ReadingDoneOut(progress).data)


# --- Completions and certificates --------------------------------------------------------


class CompletionsView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.CompletionOut

    def get_queryset(self):
        return Completion.objects.select_related("learner__employer", "program").filter(
            learner__in=selectors.learners_visible_to(self.request.user)
        )

    @extend_schema(
        summary="Completions you may see, with each certificate's verification code",
        description="Your own; your employer's staff if you are its designated contact; "
        "everyone's for the training administrator.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class VerifyView(_View):
    @extend_schema(
        request=s.VerifyIn,
        responses=s.VerifyOut,
        summary="Check a certificate's verification code",
        description="Name, program, date and validity only, as on the public page. "
        "An unknown code is 404 (code `unknown_code`).",
    )
    def post(self, request):
        data = _input(s.VerifyIn, request)
        completion = selectors.completion_by_code(data["code"])
        if completion is None:
            raise HavenError(
                "No certificate has this code. Check it against the certificate.",
                status=404,
                code="unknown_code",
                field="code",
            )
        return Response(
            s.VerifyOut(selectors.verification(completion, on=timezone.localdate())).data
        )


# --- Compliance ------------------------------------------------------------------------


class ComplianceView(_View):
    @extend_schema(
        parameters=[
            OpenApiParameter("audience", str, enum=Audience.values),
            OpenApiParameter("agency", str, description="One organisation's id."),
        ],
        responses=s.ComplianceOut,
        summary="Compliance per organisation and audience: trained, due within 90 days, "
        "overdue, not yet trained",
        description="The same figures as the compliance page. The training administrator "
        "sees every organisation; an employer's designated contact only their own staff.",
    )
    def get(self, request):
        if not selectors.can_see_compliance(request.user):
            raise HavenError(
                "Only a training administrator or an employer's designated contact sees "
                "compliance.",
                status=403,
                code="forbidden",
            )
        query = s.ComplianceQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        on = timezone.localdate()
        audience = query.validated_data.get("audience", "")
        rows, _standings = selectors.compliance(
            request.user, on=on, audience=audience, agency_id=query.validated_data.get("agency")
        )
        return Response(
            s.ComplianceOut(
                {
                    "on": on,
                    "audience": audience,
                    "due_soon_days": rules.DUE_SOON_DAYS,
                    "rows": rows,
                }
            ).data
        )
