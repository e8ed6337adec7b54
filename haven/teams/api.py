"""The teams REST API: thin. Check access, validate input, call one service or selector,
serialise. A team the caller cannot see is 404, never 403 (DESIGN.md section 3)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.rules import Capability, require_capability
from haven.api.schema import HavenAutoSchema
from haven.core.errors import HavenError
from haven.teams import selectors, services
from haven.teams import serializers as s
from haven.teams.models import Team

DISTRICT_PARAM = OpenApiParameter("district", str, description="A district's slug.")


def _district(request) -> str:
    """The ?district= filter; a NUL character (which PostgreSQL refuses) is a 400."""
    value = request.query_params.get("district", "")
    if "\x00" in value:
        raise ValidationError({"district": ["Remove the NUL character (%00) and send again."]})
    return value


def _team(request, public_id) -> Team:
    try:
        return selectors.team_detail(request.user, public_id)
    except Team.DoesNotExist:
        raise Http404 from None


def _managed_team(request, public_id) -> Team:
    """The team, if the caller manages it: 404 if they cannot see it, 403 if they only see it."""
    team = _team(request, public_id)
    if not selectors.can_manage_team(request.user, team):
        raise HavenError(
            "Only the host CAC's coordinators and security officers manage this team.",
            status=403,
            code="forbidden",
        )
    return team


class TeamListView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.TeamOut

    @extend_schema(
        parameters=[DISTRICT_PARAM],
        summary="Teams you can see, with today's empty statutory seats",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.team_list(self.request.user, district=_district(self.request))

    def get_serializer_context(self):
        return super().get_serializer_context() | {"on": timezone.localdate()}


class TeamDetailView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.TeamDetailOut, summary="A team, its members and its gaps")
    def get(self, request, public_id):
        team = _team(request, public_id)
        return Response(s.TeamDetailOut(team, context={"on": timezone.localdate()}).data)


class TeamComplianceView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        parameters=[s.TeamComplianceQuery],
        responses=s.TeamComplianceOut,
        summary="The team's statutory seats on a day: gaps, holders, vacancies",
    )
    def get(self, request, public_id):
        team = _team(request, public_id)
        query = s.TeamComplianceQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        return Response(s.TeamComplianceOut(team, context={"on": on}).data)


class TeamMemberAddView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.MembershipAddIn,
        responses={201: s.TeamMemberOut},
        summary="Seat a person on the team (managers of the host CAC)",
        description=(
            "Refused with a problem citing Gen. Stat. § 17a-106f when the person does not fit "
            "the seat (code `seat_misfit`)."
        ),
    )
    def post(self, request, public_id):
        team = _managed_team(request, public_id)
        data = s.MembershipAddIn(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_add(
            actor=request.user, team=team, request=request, **data.validated_data
        )
        return Response(s.TeamMemberOut(membership).data, status=status.HTTP_201_CREATED)


class TeamMemberEndView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.MembershipEndIn,
        responses=s.TeamMemberOut,
        summary="End a membership (managers of the host CAC)",
    )
    def post(self, request, public_id, membership_id):
        team = _managed_team(request, public_id)
        membership = next((m for m in team.memberships.all() if m.public_id == membership_id), None)
        if membership is None:
            raise Http404
        data = s.MembershipEndIn(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_end(
            actor=request.user, membership=membership, request=request, **data.validated_data
        )
        return Response(s.TeamMemberOut(membership).data)


class TeamProtocolListView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses=s.ProtocolOut(many=True),
        summary="The team's protocols, with their adopted and draft versions",
    )
    def get(self, request, public_id):
        team = _team(request, public_id)
        return Response(s.ProtocolOut(team.protocols.all(), many=True).data)


class StatewideTeamListView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.StatewideTeamOut

    @extend_schema(
        parameters=[DISTRICT_PARAM],
        summary="Every team's statutory seats today (coordinators, DCF's statewide liaison)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        require_capability(self.request.user, Capability.VIEW_STATEWIDE_TEAMS)
        return selectors.statewide_teams(district=_district(self.request))

    def get_serializer_context(self):
        return super().get_serializer_context() | {"on": timezone.localdate()}
