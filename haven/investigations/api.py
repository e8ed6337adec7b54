"""The investigations REST API: thin. Find the case (404 if hidden), check who may write
(a problem citing Gen. Stat. § 17a-106f where the statute is the reason), validate, call
the same service as the pages, serialise. Every read writes an audit access row."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access
from haven.cases.access import cases_visible_to
from haven.cases.selectors import get_visible_case
from haven.core.errors import HavenError
from haven.investigations import selectors, services
from haven.investigations import serializers as s
from haven.investigations.models import (
    Charge,
    ChildProtectionInvestigation,
    LawEnforcementInvestigation,
    ProsecutionMatter,
)

STATUTE = "Refused with a problem citing Gen. Stat. § 17a-106f to anyone else."


def _input(serializer_class, request, **kwargs):
    data = serializer_class(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _one(queryset, field: str):
    found = queryset.first()
    if found is None:
        raise HavenError("No such record on this case.", field=field)
    return found


class _View(APIView):
    schema = HavenAutoSchema()


class CaseInvestigationsView(_View):
    @extend_schema(
        responses=s.InvestigationsOut,
        summary="A case's investigations, prosecution and trafficking details",
        description="Each part is null unless your role may view its section. Audited.",
    )
    def get(self, request, public_id):
        # The trafficking details are the general section's: with not even that, nothing.
        case = get_visible_case(request.user, public_id, section=Section.GENERAL)
        levels = case_section_levels(request.user, case)

        def seen(section):
            return levels[section] >= Level.VIEW

        matters = None
        if seen(Section.PROSECUTION):
            matters = selectors.prosecutions(case)
            selectors.mark_visible_links(request.user, case, matters)
        out = {
            "law_enforcement": (
                selectors.le_investigations(case) if seen(Section.LAW_ENFORCEMENT) else None
            ),
            "child_protection": (
                selectors.cp_investigation(case) if seen(Section.CHILD_PROTECTION) else None
            ),
            "prosecution": matters,
            "trafficking": selectors.trafficking(case) if seen(Section.GENERAL) else None,
        }
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="investigations (API)",
        )
        return Response(s.InvestigationsOut(out).data)


# --- law enforcement ---------------------------------------------------------------------


class LeCreateView(_View):
    @extend_schema(
        request=s.LeIn,
        responses={201: s.LeOut},
        summary="Open a law-enforcement investigation (law-enforcement members of the team)",
        description=STATUTE,
    )
    def post(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        services.require_criminal_worker(request.user, case)
        data = _input(s.LeIn, request)
        made = services.le_investigation_open(
            actor=request.user, case=case, request=request, **data
        )
        return Response(s.LeOut(made).data, status=status.HTTP_201_CREATED)


class LeUpdateView(_View):
    @extend_schema(
        request=s.LeIn,
        responses=s.LeOut,
        summary="Change a law-enforcement investigation (send only what changes)",
        description=STATUTE,
    )
    def patch(self, request, public_id, investigation_id):
        case = get_visible_case(request.user, public_id)
        investigation = LawEnforcementInvestigation.objects.filter(
            case=case, public_id=investigation_id
        ).first()
        if investigation is None:
            raise Http404
        services.require_criminal_worker(request.user, case)
        data = _input(s.LeIn, request, partial=True)
        saved = services.le_investigation_update(
            actor=request.user, investigation=investigation, request=request, **data
        )
        return Response(s.LeOut(saved).data)


# --- child protection --------------------------------------------------------------------


class CpView(_View):
    @extend_schema(
        request=s.CpIn,
        responses=s.CpOut,
        summary="Record or change DCF's investigation of the case (DCF members of the team)",
        description=STATUTE + " A finding needs a DCF worker.",
    )
    def put(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        services.require_dcf_worker(request.user, case)
        data = _input(s.CpIn, request)
        saved = services.cp_investigation_save(
            actor=request.user, case=case, request=request, **data
        )
        return Response(s.CpOut(selectors.cp_investigation(saved.case)).data)


def _cp(request, public_id) -> ChildProtectionInvestigation:
    case = get_visible_case(request.user, public_id)
    services.require_dcf_worker(request.user, case)
    found = ChildProtectionInvestigation.objects.filter(case=case).select_related("case").first()
    if found is None:
        raise HavenError("Record DCF's investigation (the Careline report) first.")
    return found


class HearingView(_View):
    @extend_schema(
        request=s.HearingIn,
        responses={201: s.HearingOut},
        summary="Record a juvenile court hearing",
        description=STATUTE,
    )
    def post(self, request, public_id):
        investigation = _cp(request, public_id)
        data = _input(s.HearingIn, request)
        made = services.hearing_record(
            actor=request.user, investigation=investigation, request=request, **data
        )
        return Response(s.HearingOut(made).data, status=status.HTTP_201_CREATED)


class RelianceView(_View):
    @extend_schema(
        request=s.RelianceIn,
        responses={201: s.RelianceOut},
        summary="Record that DCF relied on an item of team information (append-only)",
        description=STATUTE,
    )
    def post(self, request, public_id):
        investigation = _cp(request, public_id)
        data = _input(s.RelianceIn, request)
        made = services.reliance_record(
            actor=request.user, investigation=investigation, request=request, **data
        )
        return Response(s.RelianceOut(made).data, status=status.HTTP_201_CREATED)


# --- prosecution ------------------------------------------------------------------------


def _matter_for(request, public_id, matter_id):
    case = get_visible_case(request.user, public_id)
    matter = ProsecutionMatter.objects.filter(public_id=matter_id, links__case=case).first()
    if matter is None:
        raise Http404
    services.require_prosecutor(request.user, case)
    return case, matter


def _offender(case, data):
    if data.get("alleged_offender"):
        people = selectors.alleged_offenders(case)
        data["alleged_offender"] = _one(
            people.filter(public_id=data["alleged_offender"]), "alleged_offender"
        )
    return data


def _matter_out(request, case, matter):
    (fresh,) = [m for m in selectors.prosecutions(case) if m.pk == matter.pk]
    selectors.mark_visible_links(request.user, case, [fresh])
    return s.MatterOut(fresh).data


class MatterCreateView(_View):
    @extend_schema(
        request=s.MatterIn,
        responses={201: s.MatterOut},
        summary="Open a prosecution on the case (the State's attorney's office)",
    )
    def post(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        services.require_prosecutor(request.user, case)
        data = _offender(case, _input(s.MatterIn, request))
        matter = services.prosecution_open(actor=request.user, case=case, request=request, **data)
        return Response(_matter_out(request, case, matter), status=status.HTTP_201_CREATED)


class MatterUpdateView(_View):
    @extend_schema(
        request=s.MatterIn,
        responses=s.MatterOut,
        summary="Change the decision, docket, alleged offender or appeals (send what changes)",
    )
    def patch(self, request, public_id, matter_id):
        case, matter = _matter_for(request, public_id, matter_id)
        data = _offender(case, _input(s.MatterIn, request, partial=True))
        services.prosecution_update(
            actor=request.user, case=case, matter=matter, request=request, **data
        )
        return Response(_matter_out(request, case, matter))


class MatterLinkView(_View):
    @extend_schema(
        request=s.LinkIn,
        responses={201: s.MatterOut},
        summary="Link a co-victim's case (same alleged offender) to the prosecution",
    )
    def post(self, request, public_id, matter_id):
        case, matter = _matter_for(request, public_id, matter_id)
        data = _input(s.LinkIn, request)
        other = _one(cases_visible_to(request.user).filter(public_id=data["case"]), "case")
        services.prosecution_link_case(
            actor=request.user, case=case, matter=matter, other=other, request=request
        )
        return Response(_matter_out(request, case, matter), status=status.HTTP_201_CREATED)


class ChargeCreateView(_View):
    @extend_schema(
        request=s.ChargeIn,
        responses={201: s.ChargeOut},
        summary="File a charge against the prosecution's alleged offender",
    )
    def post(self, request, public_id, matter_id):
        case, matter = _matter_for(request, public_id, matter_id)
        data = _input(s.ChargeIn, request)
        made = services.charge_file(
            actor=request.user, case=case, matter=matter, request=request, **data
        )
        return Response(s.ChargeOut(made).data, status=status.HTTP_201_CREATED)


class ChargeDispositionView(_View):
    @extend_schema(
        request=s.DispositionIn,
        responses=s.ChargeOut,
        summary="Record a charge's disposition (not before the date it was filed)",
    )
    def post(self, request, public_id, matter_id, charge_id):
        case, matter = _matter_for(request, public_id, matter_id)
        charge = Charge.objects.filter(matter=matter, public_id=charge_id).first()
        if charge is None:
            raise Http404
        data = _input(s.DispositionIn, request)
        saved = services.charge_dispose(
            actor=request.user, case=case, charge=charge, request=request, **data
        )
        return Response(s.ChargeOut(saved).data)


# --- trafficking ------------------------------------------------------------------------


class TraffickingView(_View):
    @extend_schema(
        request=s.TraffickingIn,
        responses=s.TraffickingOut,
        summary="Record the case's trafficking details (keeps the case's trafficking flag)",
        description="For roles that edit the general section, and the case's investigators.",
    )
    def put(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        services.require_trafficking_editor(request.user, case)
        data = _input(s.TraffickingIn, request)
        if data.get("lodging_business"):
            data["lodging_business"] = _one(
                selectors.lodging_businesses().filter(public_id=data["lodging_business"]),
                "lodging_business",
            )
        services.trafficking_save(actor=request.user, case=case, request=request, **data)
        return Response(s.TraffickingOut(selectors.trafficking(case)).data)
