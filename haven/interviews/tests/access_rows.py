"""The interviews app's rows in the access table (haven/core/tests/test_access_table.py).

On the table's web case (held by the cast's CAC, assigned to the detective): an interview
by Frances, and a recording she has started to upload (not playable yet).
"""

from haven.testing.access_table import row


def fixtures(cast, base):
    import datetime

    from django.utils import timezone

    from haven.cases.models import Case
    from haven.interviews import services

    case = Case.objects.get(public_id=base["web_case"])
    room = services.room_create(actor=cast.coordinator, cac=cast.cac, name="Table room")
    starts = timezone.now() + datetime.timedelta(days=2)
    interview = services.interview_schedule(
        actor=cast.coordinator,
        case=case,
        room=room,
        interviewer=cast.interviewer,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        protocol="childfirst",
    )
    recording = services.recording_begin(actor=cast.interviewer, interview=interview, size=4096)
    return {"interview": interview.public_id, "recording": recording.public_id}


# Who sees the web case: the CAC's staff and the assigned detective; DCF, the prosecutor
# and the training administrator are on no part of it (404).
NOT_ON_CASE = {"dcf": 404, "states_attorney": 404, "training_admin": 404}
# Of those, whose role views the interview section (coordinator, police, medical, interviewer).
NO_INTERVIEW_SECTION = {
    "intake": 404,
    "security_officer": 404,
    "mental_health": 404,
    "victim_advocate": 404,
    "youth_services": 404,
    "other_expert": 404,
}
# ... and the recordings section (coordinator, police, interviewer).
NO_RECORDINGS_SECTION = NO_INTERVIEW_SECTION | {"medical": 404}


def _interview(ok: int, viewer: int = 403) -> dict:
    """Frances conducts it (ok); other viewers of the interview section get `viewer`."""
    return row(302, viewer, forensic_interviewer=ok, **NOT_ON_CASE, **NO_INTERVIEW_SECTION)


def _recording(ok: int) -> dict:
    return row(302, 403, forensic_interviewer=ok, **NOT_ON_CASE, **NO_RECORDINGS_SECTION)


ROUTES = {
    "interviews:interview_list": ("GET", lambda f: "/interviews/", row(302, 200)),
    "interviews:rooms": ("GET", lambda f: "/interviews/rooms/", row(302, 403, coordinator=200)),
    "interviews:calendar_manage": ("POST", lambda f: "/interviews/calendar/", row(302, 302)),
    "interviews:calendar_feed": (
        "GET",
        lambda f: "/interviews/calendar/not-a-feed.ics",
        row(404, 404),
    ),
    "interviews:schedule": (
        "GET",
        lambda f: f"/interviews/cases/{f['web_case']}/schedule/",
        row(302, 403, coordinator=200, forensic_interviewer=200, **NOT_ON_CASE),
    ),
    "interviews:interview_detail": (
        "GET",
        lambda f: f"/interviews/{f['interview']}/",
        _interview(200, viewer=200),
    ),
    "interviews:interview_status": (
        "POST",
        lambda f: f"/interviews/{f['interview']}/status/",
        _interview(400),
    ),
    "interviews:observer_add": (
        "POST",
        lambda f: f"/interviews/{f['interview']}/observers/",
        _interview(400),
    ),
    "interviews:playback_grant": (
        "POST",
        lambda f: f"/interviews/{f['interview']}/grants/",
        _interview(400),
    ),
    "interviews:upload_start": (
        "POST",
        lambda f: f"/interviews/{f['interview']}/recordings/",
        _interview(400),
    ),
    "interviews:upload_part": (
        "GET",
        lambda f: f"/interviews/uploads/{f['recording']}/",
        row(302, 404, forensic_interviewer=200),
    ),
    "interviews:recording_player": (
        "GET",
        lambda f: f"/interviews/recordings/{f['recording']}/",
        _recording(200),
    ),
    "interviews:recording_stream": (
        "GET",
        lambda f: f"/interviews/recordings/{f['recording']}/stream",
        _recording(409),
    ),
    "interviews:recording_download": (
        "GET",
        lambda f: f"/interviews/recordings/{f['recording']}/download",
        _recording(409),
    ),
    "interviews:recording_release": (
        "POST",
        lambda f: f"/interviews/recordings/{f['recording']}/releases/",
        _recording(302),
    ),
    "interviews:recording_retention": (
        "POST",
        lambda f: f"/interviews/recordings/{f['recording']}/retention/",
        _recording(302),
    ),
}


def _api_interview(ok: int, viewer: int = 403) -> dict:
    return row(
        401,
        viewer,
        forensic_interviewer=ok,
        **{k: 404 for k in NOT_ON_CASE | NO_INTERVIEW_SECTION},
    )


ROUTES |= {
    "api-case-interviews": (
        "GET",
        lambda f: f"/api/v1/cases/{f['web_case']}/interviews/",
        row(
            401,
            403,
            coordinator=200,
            law_enforcement=200,
            medical=200,
            forensic_interviewer=200,
            **NOT_ON_CASE,
        ),
    ),
    "api-interview": (
        "GET",
        lambda f: f"/api/v1/interviews/{f['interview']}/",
        _api_interview(200, 200),
    ),
    "api-interview-status": (
        "POST",
        lambda f: f"/api/v1/interviews/{f['interview']}/status/",
        _api_interview(415, 415),
    ),
    "api-interview-observers": (
        "POST",
        lambda f: f"/api/v1/interviews/{f['interview']}/observers/",
        _api_interview(415, 415),
    ),
    "api-interview-recordings": (
        "POST",
        lambda f: f"/api/v1/interviews/{f['interview']}/recordings/",
        _api_interview(415, 415),
    ),
    "api-recording-upload": (
        "GET",
        lambda f: f"/api/v1/recordings/{f['recording']}/upload/",
        row(401, 404, forensic_interviewer=200),
    ),
    "api-recording-stream": (
        "GET",
        lambda f: f"/api/v1/recordings/{f['recording']}/stream/",
        row(
            401,
            403,
            forensic_interviewer=409,
            **{k: 404 for k in NOT_ON_CASE | NO_RECORDINGS_SECTION},
        ),
    ),
}
