"""The case-review REST API: thin. Find the meeting or team (404 if hidden), check who may
(403), validate, call the same services as the pages. Cases the caller may not see come
back `restricted` with their number only. Reads of children's reviews are audited."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import User
from haven.api.schema import HavenAutoSchema
from haven.audit.models import Action, Kind
from haven.audit.services import audit_access, audit_list_read, audit_record
from haven.cases.access import cases_visible_to
from haven.core.errors import HavenError
from haven.reviews import rules, selectors, services
from haven.reviews import serializers as s
from haven.reviews.models import AgendaItem, RecommendationOption
from haven.teams.rules import REQUIRED_SEATS


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _forbidden() -> HavenError:
    return HavenError(
        "Only the meeting's facilitator or the team's coordinator may do this.",
        status=403,
        code="forbidden",
    )


class _View(APIView):
    schema = HavenAutoSchema()

    def meeting(self, request, public_id, *, run=False):
        meeting = selectors.meeting_for(request.user, public_id)
        if run and not selectors.may_run_meeting(request.user, meeting):
            raise _forbidden()
        return meeting

    def item(self, request, public_id, item_id):
        meeting = self.meeting(request, public_id, run=True)
        item = (
            AgendaItem.objects.select_related("case")
            .filter(meeting=meeting, public_id=item_id)
            .first()
        )
        if item is None or item.case_id not in selectors.reviewable_case_ids(
            request.user, [item.case]
        ):
            raise HavenError("No such case on this agenda.", status=404, code="not_found")
        item.meeting = meeting
        return meeting, item


class TeamMeetingsView(_View):
    @extend_schema(responses=s.MeetingOut(many=True), summary="A team's review meetings")
    def get(self, request, public_id):
        team = selectors.team_for(request.user, public_id)
        return Response(s.MeetingOut(selectors.team_meetings(team), many=True).data)


class AgendaView(_View):
    @extend_schema(
        responses=s.AgendaOut,
        summary="A meeting and its agenda",
        description="Cases you may not see are restricted: number only. Audited.",
    )
    def get(self, request, public_id):
        meeting = self.meeting(request, public_id)
        rows = selectors.agenda(request.user, meeting)
        shown = [str(r.item.case.public_id) for r in rows if r.shown]
        # Audited even when every case is restricted to the reader: the agenda was read.
        audit_record(
            actor=request.user,
            action=Action.VIEWED,
            kind=Kind.ACCESS,
            target=meeting,
            object_label="review agenda (API)",
            request=request,
            new={"cases": shown},
        )
        today = timezone.localdate()
        return Response(
            {
                "meeting": s.MeetingOut(meeting).data,
                "items": [s.agenda_row(r, today) for r in rows],
            }
        )

    @extend_schema(request=s.AgendaAddIn, responses={201: None}, summary="Add a case")
    def post(self, request, public_id):
        meeting = self.meeting(request, public_id, run=True)
        data = _input(s.AgendaAddIn, request)
        case = cases_visible_to(request.user).filter(number__iexact=data["case_number"]).first()
        if case is None:
            raise HavenError("No such case.", field="case_number", status=404, code="not_found")
        item = services.agenda_add(actor=request.user, meeting=meeting, case=case, request=request)
        return Response({"id": str(item.public_id)}, status=status.HTTP_201_CREATED)


class AttendanceView(_View):
    @extend_schema(responses=s.SeatsOut, summary="Attendance by statutory seat")
    def get(self, request, public_id):
        meeting = self.meeting(request, public_id)
        rows = selectors.attendance(meeting)
        audit_access(
            actor=request.user, target=meeting, request=request, what="meeting attendance (API)"
        )
        present, missing = rules.seats_present(rows, [x.value for x in REQUIRED_SEATS])
        return Response(
            s.SeatsOut(
                {"attendance": rows, "seats_present": present, "seats_missing": missing}
            ).data
        )

    @extend_schema(request=s.AttendanceIn, responses={201: None}, summary="Record attendance")
    def post(self, request, public_id):
        meeting = self.meeting(request, public_id, run=True)
        data = _input(s.AttendanceIn, request)
        user = User.objects.filter(public_id=data["user"]).first()
        if user is None:
            raise HavenError("No such user.", field="user")
        row = services.attendance_record(
            actor=request.user, meeting=meeting, user=user, request=request
        )
        return Response({"seat": row.seat}, status=status.HTTP_201_CREATED)


class RecommendationView(_View):
    @extend_schema(request=s.RecommendationIn, responses={201: s.RecommendationOut})
    def post(self, request, public_id, item_id):
        meeting, item = self.item(request, public_id, item_id)
        data = _input(s.RecommendationIn, request)
        option = None
        if data.get("option"):
            option = RecommendationOption.objects.filter(
                team=meeting.team, public_id=data["option"]
            ).first()
            if option is None:
                raise HavenError("Choose one of the team's recommendations.", field="option")
        rec = services.recommendation_add(
            actor=request.user, item=item, option=option, text=data["text"], request=request
        )
        return Response(s.RecommendationOut(rec).data, status=status.HTTP_201_CREATED)


class ActionCreateView(_View):
    @extend_schema(request=s.ActionIn, responses={201: s.ActionOut}, summary="Add an action item")
    def post(self, request, public_id, item_id):
        _meeting, item = self.item(request, public_id, item_id)
        data = _input(s.ActionIn, request)
        owner = User.objects.filter(public_id=data["owner"]).first() if data.get("owner") else None
        action = services.action_item_add(
            actor=request.user,
            item=item,
            description=data["description"],
            owner=owner,
            due_on=data.get("due_on"),
            request=request,
        )
        return Response(s.ActionOut(action).data, status=status.HTTP_201_CREATED)


class MyActionsView(_View):
    @extend_schema(responses=s.ActionOut(many=True), summary="Your open action items")
    def get(self, request):
        items = list(selectors.my_action_items(request.user))
        audit_list_read(
            request,
            what="my action items (API)",
            object_type="reviews.actionitem",
            key="action_items",
            ids=[i.public_id for i in items],
        )
        return Response(s.ActionOut(items, many=True).data)


class ActionStatusView(_View):
    @extend_schema(request=s.ActionStatusIn, responses=s.ActionOut, summary="Mark an action")
    def post(self, request, action_id):
        action = selectors.action_item_for(request.user, action_id)
        data = _input(s.ActionStatusIn, request)
        action = services.action_item_set_status(
            actor=request.user, action=action, status=data["status"], request=request
        )
        return Response(s.ActionOut(action).data)
