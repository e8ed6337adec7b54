"""The cases REST API: thin. Check access, validate input, call one service or selector,
serialise (DESIGN.md section 3).

- Every case comes from haven.cases.selectors or haven.cases.access: a case the caller
  may not see is 404 everywhere, and is never in a list or a search result.
- Each part of a case is serialised only where the caller's role gives view on its
  section (the mapping is in haven/cases/serializers.py).
- Every read of a case writes one access row to the audit log, in the request: the
  detail one row naming the case (`audit_access`); a list or a search ONE row per
  request naming every case id returned in `new_values["cases"]` (none when nothing
  is returned). If the audit write fails, the request fails.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.models import Level, Section
from haven.access.rules import (
    Capability,
    case_section_levels,
    require_capability,
    require_section,
    section_levels,
)
from haven.api.pagination import HavenCursorPagination
from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access, audit_list_read
from haven.cases import selectors, services
from haven.cases import serializers as s
from haven.cases.models import Case
from haven.cases.selectors import people_visible_to
from haven.core.errors import HavenError
from haven.directory.models import AgencyKind
from haven.teams.models import Team

# --- who may see what -------------------------------------------------------------------


def require_view(levels: dict, section: Section) -> None:
    """As haven.access.rules.require_section for view, on levels the view already read."""
    if levels[section] < Level.VIEW:
        raise HavenError(
            f"Your role does not give view access to the {section.label.lower()} section.",
            status=403,
            code="forbidden",
        )


def audit_listed(request, *, what: str, object_type: str, ids: list, **extra) -> None:
    """ONE access row for a list or search (haven.audit.services.audit_listed)."""
    key = "cases" if object_type == "cases.case" else "people"
    audit_list_read(request, what=what, object_type=object_type, key=key, ids=ids, **extra)


# --- cases ------------------------------------------------------------------------------


class CasePagination(HavenCursorPagination):
    ordering = ("-received_on", "-id")


class CaseListView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.CaseListOut
    pagination_class = CasePagination

    @extend_schema(
        parameters=[s.CaseListQuery],
        summary="Cases you may see, newest received first",
        description="One audit access row per request names every case returned.",
    )
    def get(self, request, *args, **kwargs):
        query = s.CaseListQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        cases = selectors.case_list(request.user, **query.validated_data)
        page = self.paginate_queryset(cases)
        audit_listed(
            request,
            what="case list (API)",
            object_type="cases.case",
            ids=[c.public_id for c in page],
        )
        levels = section_levels(request.user)
        data = s.CaseListOut(page, many=True, context={"levels": levels}).data
        return self.get_paginated_response(data)


class CaseSearchView(APIView):
    """The words are posted: a name in the address would reach proxy and access logs."""

    schema = HavenAutoSchema()

    @extend_schema(
        request=s.CaseSearchQuery,
        responses=s.CaseListOut(many=True),
        summary="Find cases by number or by the name of anyone in them (at most 50)",
        description='Send the words in the body (`{"q": "..."}`), never in the address. '
        "Only cases you may see. One audit access row per request names them.",
    )
    def post(self, request):
        query = s.CaseSearchQuery(data=request.data)
        query.is_valid(raise_exception=True)
        q = query.validated_data["q"]
        cases = selectors.case_search(request.user, q)
        audit_listed(
            request,
            what="case search (API)",
            object_type="cases.case",
            ids=[c.public_id for c in cases],
            query=q,
        )
        levels = section_levels(request.user)
        return Response(s.CaseListOut(cases, many=True, context={"levels": levels}).data)

    @extend_schema(exclude=True)
    def get(self, request):
        """Searching by GET put the name in the address; it is refused, with the way."""
        raise HavenError(
            "Search with a POST to this address, the words in the body as JSON "
            '({"q": "..."}): a name must never travel in an address.',
            code="query_in_address",
        )


class CaseDetailView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses=s.CaseDetailOut,
        summary="A case, each part as far as your role may view it",
        description="Parts your role may not view are null; `sections` says which. "
        "Every read writes an audit access row.",
    )
    def get(self, request, public_id):
        case = selectors.get_visible_case(request.user, public_id, page=True)
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="case detail (API)",
        )
        levels = case_section_levels(request.user, case)
        return Response(s.CaseDetailOut(case, context={"levels": levels}).data)


class CaseIntakeView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.IntakeIn,
        responses={201: s.IntakeOut},
        summary="Take in a referral to your CAC: a case per alleged victim",
        description=(
            "For a CAC's staff whose role edits the general section. Each refusal is a "
            "problem naming the field (`errors[].field`)."
        ),
    )
    def post(self, request):
        user = request.user
        require_section(user, Section.GENERAL, Level.EDIT)
        cac = user.agency
        if cac is None or cac.kind != AgencyKind.CAC:
            raise HavenError(
                "Referrals are taken in by the staff of the CAC receiving them.",
                status=403,
                code="forbidden",
            )
        data = s.IntakeIn(
            data=request.data,
            context={
                "people": people_visible_to(user),
                "teams": Team.objects.filter(host_cac=cac),
            },
        )
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = services.referral_intake(
            actor=user,
            cac=cac,
            team=v.get("team"),
            reason=v["reason"],
            received_at=v["received_at"],
            known_at=v.get("known_at"),
            source_agency=v.get("source_agency"),
            source_person=v["source_person"],
            case_number=v["case_number"],
            parties=[services.PartyIn(**p) for p in v["parties"]],
            allegations=[services.AllegationIn(**a) for a in v["allegations"]],
            request=request,
        )
        return Response(s.IntakeOut(result).data, status=status.HTTP_201_CREATED)


class CaseAssignmentView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.AssignmentIn,
        responses={201: s.AssignmentOut},
        summary="Assign a user or a directory person to a section of the case team",
        description=(
            "For callers whose role edits the general section. Law-enforcement and "
            "child-protection sections take only police and DCF members: refused with a "
            "problem citing Gen. Stat. § 17a-106f."
        ),
    )
    def post(self, request, public_id):
        case = selectors.get_visible_case(request.user, public_id)
        require_section(request.user, Section.GENERAL, Level.EDIT)
        data = s.AssignmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.case_assign(
            actor=request.user, case=case, request=request, **data.validated_data
        )
        return Response(s.AssignmentOut(assignment).data, status=status.HTTP_201_CREATED)


class CaseCloseView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.CloseIn,
        responses={200: s.StatusChangeOut},
        summary="Close the case with a reason",
        description=(
            "For callers whose role edits the general section. If work is still open (an "
            "investigation, a pending referral) the answer is 409 with code open_work "
            "listing it; send again with acknowledged=true to close anyway. Closing a "
            "closed case is 409 already_closed."
        ),
    )
    def post(self, request, public_id):
        case = selectors.get_visible_case(request.user, public_id)
        require_section(request.user, Section.GENERAL, Level.EDIT)
        data = s.CloseIn(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.case_close(
            actor=request.user, case=case, request=request, **data.validated_data
        )
        return Response(s.StatusChangeOut(change).data)


class CaseReopenView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.ReopenIn,
        responses={200: s.StatusChangeOut},
        summary="Reopen a closed case, saying why",
    )
    def post(self, request, public_id):
        case = selectors.get_visible_case(request.user, public_id)
        require_section(request.user, Section.GENERAL, Level.EDIT)
        data = s.ReopenIn(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.case_reopen(
            actor=request.user, case=case, request=request, **data.validated_data
        )
        return Response(s.StatusChangeOut(change).data)


class CaseTimelineView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses={200: s.TimelineEventOut(many=True)},
        summary="What happened on the case, newest first",
        description=(
            "Changes recorded in the audit chain, each only where the caller's role may "
            "view its section; reads are not listed. At most 200 events."
        ),
    )
    def get(self, request, public_id):
        case = selectors.get_visible_case(request.user, public_id)
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="case timeline",
        )
        events = selectors.case_timeline(request.user, case)
        return Response(s.TimelineEventOut(events, many=True).data)


class CaseAssignmentEndView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.AssignmentEndIn,
        responses=s.AssignmentOut,
        summary="End an assignment on the case team (its last day)",
        description="For callers whose role edits the general section, as for assigning.",
    )
    def post(self, request, public_id, assignment_id):
        case = selectors.get_visible_case(request.user, public_id)
        require_section(request.user, Section.GENERAL, Level.EDIT)
        assignment = case.assignments.filter(public_id=assignment_id).first()
        if assignment is None:
            raise Http404
        data = s.AssignmentEndIn(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_end(
            actor=request.user, assignment=assignment, request=request, **data.validated_data
        )
        return Response(s.AssignmentOut(assignment).data)


# --- the security officer's access controls ---------------------------------------------
# The officer administers the cases their CAC holds, whether or not they may read them
# (a restriction may leave them out); these endpoints say nothing of the child.


def _officer_case(request, public_id) -> Case:
    require_capability(request.user, Capability.RESTRICT_CASES)
    try:
        return selectors.case_for_officer(request.user, public_id)
    except Case.DoesNotExist:
        raise Http404 from None


def _access_out(case: Case) -> Response:
    return Response(s.AccessOut(selectors.case_access(case)).data)


class CaseAccessView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses=s.AccessOut,
        summary="Who is named or denied on a case (security officer)",
    )
    def get(self, request, public_id):
        return _access_out(_officer_case(request, public_id))


class CaseRestrictView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.RestrictIn,
        responses=s.AccessOut,
        summary="Restrict a case to named users (security officer); replaces the list",
        description="Audited. Only the named users may then see the case; the others, "
        "the officer included unless named, get 404.",
    )
    def post(self, request, public_id):
        case = _officer_case(request, public_id)
        data = s.RestrictIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_restrict(
            actor=request.user, case=case, allowed=data.validated_data["users"], request=request
        )
        return _access_out(case)


class CaseRestrictionLiftView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=None,
        responses=s.AccessOut,
        summary="Lift a case's restriction (security officer)",
    )
    def post(self, request, public_id):
        case = _officer_case(request, public_id)
        services.case_restriction_lift(actor=request.user, case=case, request=request)
        return _access_out(case)


class CaseDenyView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.DenyIn,
        responses=s.AccessOut,
        summary="Deny one user this case (security officer)",
        description="Audited. The denial wins over every other reason to see the case.",
    )
    def post(self, request, public_id):
        case = _officer_case(request, public_id)
        data = s.DenyIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_deny(
            actor=request.user, case=case, user=data.validated_data["user"], request=request
        )
        return _access_out(case)


class CaseDenialLiftView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=None,
        responses=s.AccessOut,
        summary="Lift one user's denial of this case (security officer)",
    )
    def post(self, request, public_id, user_id):
        case = _officer_case(request, public_id)
        user = case.denials.filter(user__public_id=user_id).select_related("user").first()
        if user is None:
            raise Http404
        services.case_denial_lift(actor=request.user, case=case, user=user.user, request=request)
        return _access_out(case)
