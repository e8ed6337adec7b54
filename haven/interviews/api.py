"""The interviews REST API: thin, over the same services and selectors as the pages.

Upload: POST /interviews/{id}/recordings/ {size} opens an upload; then PUT the bytes to
/recordings/{id}/upload/ in order, each part with `Content-Range: bytes START-END/TOTAL`
and whole chunks (`chunk_size`); GET that URL says how much arrived, to resume. Playback:
GET /recordings/{id}/stream/ with an optional `Range`; every request is an audited
playback in the recording's chain of custody.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import User
from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access
from haven.cases.selectors import get_visible_case
from haven.core import sealed
from haven.core.errors import HavenError
from haven.interviews import http, selectors, services
from haven.interviews import serializers as s
from haven.interviews.models import Room


def _interview(request, public_id):
    try:
        return selectors.interview_detail(request.user, public_id)
    except selectors.NotFound:
        raise Http404 from None


def _recording(request, public_id):
    try:
        return selectors.recording_detail(request.user, public_id)
    except selectors.NotFound:
        raise Http404 from None


def _audit_read(request, interview, what: str) -> None:
    audit_access(
        actor=request.user,
        target=interview,
        case_id=interview.case.public_id,
        request=request,
        what=what,
    )


def _user(public_id) -> User:
    user = User.objects.filter(public_id=public_id, is_active=True).first()
    if user is None:
        raise HavenError("No such active user.", field="user")
    return user


class CaseInterviewsView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses=s.InterviewOut(many=True),
        summary="A case's forensic interviews (interview section: view)",
    )
    def get(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        from haven.access.models import Level, Section
        from haven.access.rules import case_section_levels

        if case_section_levels(request.user, case)[Section.FORENSIC_INTERVIEW] < Level.VIEW:
            raise HavenError(
                "Your role does not view the interview section.", status=403, code="forbidden"
            )
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="interviews (API)",
        )
        interviews = selectors.interviews_for_case(request.user, case)
        return Response(s.InterviewOut(interviews, many=True).data)

    @extend_schema(
        request=s.ScheduleIn,
        responses={201: s.InterviewOut},
        summary="Schedule a forensic interview",
        description="Refused, citing Gen. Stat. §§ 17a-106a(e); 17a-106f(a), when "
        "the interviewer holds no current forensic-interviewer credential that day; "
        "409 `room_booked`/`interviewer_booked` on a clash; 409 `repeat_interview` "
        "when the child already had a completed interview and no coordinator's "
        "`repeat_reason` is given.",
    )
    def post(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        data = s.ScheduleIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        room = Room.objects.filter(public_id=v.pop("room"), cac_id=case.cac_id).first()
        if room is None:
            raise HavenError("Choose one of this CAC's rooms.", field="room")
        interviewer = (
            User.objects.select_related("personnel").filter(public_id=v.pop("interviewer")).first()
        )
        if interviewer is None:
            raise HavenError("No such interviewer.", field="interviewer")
        interview = services.interview_schedule(
            actor=request.user, case=case, room=room, interviewer=interviewer, request=request, **v
        )
        return Response(s.InterviewOut(interview).data, status=status.HTTP_201_CREATED)


class InterviewDetailView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.InterviewOut, summary="A forensic interview")
    def get(self, request, public_id):
        interview = _interview(request, public_id)
        audit_access(
            actor=request.user,
            target=interview,
            case_id=interview.case.public_id,
            request=request,
            what="interview (API)",
        )
        return Response(s.InterviewOut(interview).data)


class InterviewStatusView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.StatusIn,
        responses=s.InterviewOut,
        summary="Start, complete, cancel or mark a no-show",
        description="Completing needs a finished recording or `no_recording_reason` "
        "(then an exception), citing Gen. Stat. §§ 17a-106a(e); 17a-106f(a).",
    )
    def post(self, request, public_id):
        interview = _interview(request, public_id)
        data = s.StatusIn(data=request.data)
        data.is_valid(raise_exception=True)
        interview = services.interview_set_status(
            actor=request.user, interview=interview, request=request, **data.validated_data
        )
        return Response(s.InterviewOut(interview).data)


class ObserversView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.ObserverOut(many=True), summary="Who observed, with their seat")
    def get(self, request, public_id):
        interview = _interview(request, public_id)
        _audit_read(request, interview, "interview observers (API)")
        return Response(s.ObserverOut(interview.observers.all(), many=True).data)

    @extend_schema(
        request=s.UserIn,
        responses={201: s.ObserverOut},
        summary="Record an observer (the case's MDT or its assignees only)",
    )
    def post(self, request, public_id):
        interview = _interview(request, public_id)
        data = s.UserIn(data=request.data)
        data.is_valid(raise_exception=True)
        observer = services.observer_add(
            actor=request.user,
            interview=interview,
            user=_user(data.validated_data["user"]),
            request=request,
        )
        return Response(s.ObserverOut(observer).data, status=status.HTTP_201_CREATED)


class RecordingsView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.RecordingOut(many=True), summary="The interview's recordings")
    def get(self, request, public_id):
        interview = _interview(request, public_id)
        from haven.access.models import Level, Section
        from haven.access.rules import case_section_levels

        if case_section_levels(request.user, interview.case)[Section.RECORDINGS] < Level.VIEW:
            raise HavenError("Your role does not view recordings.", status=403, code="forbidden")
        _audit_read(request, interview, "interview recordings (API)")
        return Response(s.RecordingOut(interview.recordings.all(), many=True).data)

    @extend_schema(
        request=s.RecordingBeginIn,
        responses={201: s.RecordingOut},
        summary="Open a resumable upload of a recording",
    )
    def post(self, request, public_id):
        interview = _interview(request, public_id)
        data = s.RecordingBeginIn(data=request.data)
        data.is_valid(raise_exception=True)
        recording = services.recording_begin(
            actor=request.user,
            interview=interview,
            size=data.validated_data["size"],
            original_name=data.validated_data["name"],
            request=request,
        )
        return Response(s.RecordingOut(recording).data, status=status.HTTP_201_CREATED)


class RecordingUploadView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.RecordingOut, summary="How much of the upload has arrived")
    def get(self, request, public_id):
        recording = _recording(request, public_id)
        if recording.uploaded_by_id != request.user.pk:
            raise Http404
        return Response(s.RecordingOut(recording).data)

    @extend_schema(
        request={"application/octet-stream": {"type": "string", "format": "binary"}},
        parameters=[
            OpenApiParameter(
                "Content-Range",
                location="header",
                required=True,
                description="bytes START-END/TOTAL",
            )
        ],
        responses=s.RecordingOut,
        summary="Send the next part of the upload",
        description="In order: 409 `offset_mismatch` names the byte to resume from; a part "
        "already received changes nothing; 415 `not_media` when the file is not video or "
        "audio; 507 `storage_failed` when the store is full (nothing earlier is lost).",
    )
    def put(self, request, public_id):
        recording = _recording(request, public_id)
        if recording.uploaded_by_id != request.user.pk:
            raise Http404
        start, end, total = http.parse_content_range(request.headers.get("Content-Range", ""))
        data = request._request.body
        if len(data) != end - start + 1:
            raise HavenError(
                "The part is shorter than its Content-Range says: send it again.",
                code="truncated_part",
            )
        recording = services.recording_put_part(
            actor=request.user,
            recording=recording,
            start=start,
            data=data,
            total=total,
            request=request,
        )
        return Response(s.RecordingOut(recording).data)


class RecordingStreamView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        parameters=[OpenApiParameter("Range", location="header", required=False)],
        responses={
            (200, "application/octet-stream"): {"type": "string", "format": "binary"},
            (206, "application/octet-stream"): {"type": "string", "format": "binary"},
        },
        summary="Play the recording (decrypted as it is sent; Range supported)",
        description="Every request is an audited playback in the chain of custody.",
    )
    def get(self, request, public_id):
        recording = _recording(request, public_id)
        try:
            byte_range = http.parse_range(request.headers.get("Range", ""), recording.size)
        except HavenError:
            return http.range_not_satisfiable(recording)
        try:
            sealed_file = services.recording_open(
                actor=request.user, recording=recording, request=request, byte_range=byte_range
            )
            return http.stream_response(recording, sealed_file, byte_range)
        except sealed.SealedError:
            raise HavenError(
                "This recording failed its integrity check and cannot be played.",
                status=409,
                code="integrity",
            ) from None
