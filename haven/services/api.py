"""The services REST API: thin. Find the case (404 if hidden), check the role (403),
validate, call the same service as the pages, serialise. Every read is audited."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access
from haven.cases.selectors import get_visible_case
from haven.core.errors import HavenError
from haven.services import rules, selectors, services, tracking
from haven.services import serializers as s
from haven.services.models import ServiceType


def _input(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _forbidden(what: str) -> HavenError:
    return HavenError(f"Your role may not {what} on this case.", status=403, code="forbidden")


def _person(case, public_id, field):
    if public_id is None:
        return None
    found = next((p for p in selectors.case_people(case) if p.public_id == public_id), None)
    if found is None:
        raise HavenError("No such person on this case.", field=field)
    return found


class _View(APIView):
    schema = HavenAutoSchema()

    def case(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        return case, case_section_levels(request.user, case)

    def referral(self, request, public_id, referral_id):
        case, levels = self.case(request, public_id)
        referral = selectors.referral_on_case(case, referral_id)
        if not rules.may_view_service(levels, referral.service_type):
            raise Http404
        if not rules.may_refer(levels, referral.service_type):
            raise _forbidden("change this referral")
        return case, levels, referral


class CaseServicesView(_View):
    @extend_schema(
        responses=s.ServicesOut,
        summary="A case's services: tracking table, time to service, referrals and records",
        description="Referrals and sections your role may not view are left out or null. Audited.",
    )
    def get(self, request, public_id):
        case, levels = self.case(request, public_id)

        def seen(section):
            return levels.get(section, Level.NONE) >= Level.VIEW

        everything = selectors.referrals(case)
        visible = selectors.visible_referrals(levels, everything)
        for r in visible:
            for session in r.sessions.all():
                session.note_visible = rules.may_read_note(
                    request.user, levels, r.service_type, session.note_shared
                )
        contacts, claims = selectors.advocacy(case) if seen(Section.ADVOCACY) else (None, None)
        out = {
            "tracking": tracking.table(case, levels, everything),
            "time_to_service": selectors.time_to_service(visible),
            "referrals": visible,
            "medical_exams": selectors.medical_exams(case) if seen(Section.MEDICAL) else None,
            "assessments": selectors.assessments(case) if seen(Section.MENTAL_HEALTH) else None,
            "advocacy": contacts,
            "compensation": claims,
        }
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="services (API)",
        )
        return Response(s.ServicesOut(out).data)


class ReferralCreateView(_View):
    @extend_schema(
        request=s.ReferralIn,
        responses={201: s.ServiceReferralOut},
        summary="Make a service referral",
        description="DCF services for a minor victim of trafficking are refused "
        "for someone 18 or older, citing Gen. Stat. §§ 17a-106a(e); 17a-106f(a).",
    )
    def post(self, request, public_id):
        case, levels = self.case(request, public_id)
        if not any(rules.may_refer(levels, t) for t in ServiceType.values):
            raise _forbidden("make referrals")
        data = _input(s.ReferralIn, request)
        made = services.referral_make(actor=request.user, case=case, request=request, **data)
        return Response(s.ServiceReferralOut(made).data, status=status.HTTP_201_CREATED)


class ReferralStatusView(_View):
    @extend_schema(
        request=s.TransitionIn,
        responses=s.ServiceReferralOut,
        summary="Schedule, engage, complete, decline, no-show, unable to contact, close",
    )
    def post(self, request, public_id, referral_id):
        case, levels, referral = self.referral(request, public_id, referral_id)
        data = _input(s.TransitionIn, request)
        saved = services.referral_transition(
            actor=request.user, referral=referral, request=request, **data
        )
        return Response(s.ServiceReferralOut(saved).data)


class SessionCreateView(_View):
    @extend_schema(
        request=s.SessionIn,
        responses={201: s.SessionOut},
        summary="Record a session or contact under a referral",
    )
    def post(self, request, public_id, referral_id):
        case, levels = self.case(request, public_id)
        referral = selectors.referral_on_case(case, referral_id)
        if not rules.may_view_service(levels, referral.service_type):
            raise Http404
        if not rules.may_log_session(levels, referral.service_type):
            raise _forbidden("record sessions of this service")
        data = _input(s.SessionIn, request)
        made = services.session_log(actor=request.user, referral=referral, request=request, **data)
        made.note_visible = True
        return Response(s.SessionOut(made).data, status=status.HTTP_201_CREATED)


class ReminderCreateView(_View):
    @extend_schema(
        request=s.ReminderIn,
        responses={201: s.ReminderOut},
        summary="Queue an appointment reminder to the child or a non-offending "
        "caregiver (never an alleged offender)",
    )
    def post(self, request, public_id, referral_id):
        case, levels, referral = self.referral(request, public_id, referral_id)
        data = _input(s.ReminderIn, request)
        data["recipient"] = _person(case, data["recipient"], "recipient")
        made = services.reminder_request(
            actor=request.user, referral=referral, request=request, **data
        )
        return Response(s.ReminderOut(made).data, status=status.HTTP_201_CREATED)


def _section_post(section, what, serializer_in, serializer_out, service, summary):
    class View(_View):
        @extend_schema(request=serializer_in, responses={201: serializer_out}, summary=summary)
        def post(self, request, public_id):
            case, levels = self.case(request, public_id)
            if levels.get(section, Level.NONE) < Level.EDIT:
                raise _forbidden(what)
            data = _input(serializer_in, request)
            if "with_person" in data:
                data["with_person"] = _person(case, data["with_person"], "with_person")
            made = service(actor=request.user, case=case, request=request, **data)
            return Response(serializer_out(made).data, status=status.HTTP_201_CREATED)

    View.__name__ = View.__qualname__ = serializer_out.__name__.replace("Out", "CreateView")
    return View


ExamCreateView = _section_post(
    Section.MEDICAL,
    "record medical exams",
    s.ExamIn,
    s.ExamOut,
    services.medical_exam_record,
    "Record a medical exam",
)
AssessmentCreateView = _section_post(
    Section.MENTAL_HEALTH,
    "record assessments",
    s.AssessmentIn,
    s.AssessmentOut,
    services.assessment_record,
    "Record an assessment score (within the instrument's range)",
)
AdvocacyCreateView = _section_post(
    Section.ADVOCACY,
    "record advocacy",
    s.AdvocacyIn,
    s.AdvocacyOut,
    services.advocacy_record,
    "Record advocacy (contact, court accompaniment, caregiver support)",
)
CompensationCreateView = _section_post(
    Section.ADVOCACY,
    "record compensation applications",
    s.CompensationIn,
    s.CompensationOut,
    services.compensation_record,
    "Record a crime-victim compensation application",
)
