"""Interview pages: access, audit, query counts, range playback, the calendar feed."""

import datetime
import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.audit.models import Action, AuditEvent, Kind
from haven.interviews import services
from haven.interviews.models import Interview, Status
from haven.interviews.tests.conftest import media_bytes, upload

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def interview(cast, world, schedule):
    return schedule()


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_the_interview_page_is_audited_and_its_queries_bounded(cast, interview, client_for):
    client = client_for(cast.interviewer)
    url = f"/interviews/{interview.public_id}/"
    client.get(url)  # warm: the session and the role matrix are read once per process
    response, few = queries(client, url)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(kind=Kind.ACCESS, object_id=str(interview.public_id)).exists()
    for user in (cast.prosecutor, cast.detective):
        services.observer_add(actor=cast.interviewer, interview=interview, user=user)
    upload(cast.interviewer, interview, media_bytes(3000))
    upload(cast.interviewer, interview, media_bytes(4000))
    response, more = queries(client, url)
    assert response.status_code == 200 and more <= few


def test_the_case_panel_lists_interviews_with_bounded_queries(cast, world, schedule, client_for):
    client = client_for(cast.coordinator)
    url = f"/cases/{world.case.public_id}/"
    schedule()
    client.get(url)
    response, one = queries(client, url)
    assert response.status_code == 200
    assert b"Forensic interviews" in response.content
    assert b"Schedule a forensic interview" in response.content
    starts, ends = world.slot(day=4)
    schedule(starts_at=starts, ends_at=ends)
    response, two = queries(client, url)
    assert two <= one


def test_the_schedule_page_books_an_interview(cast, world, client_for):
    client = client_for(cast.coordinator)
    url = f"/interviews/cases/{world.case.public_id}/schedule/"
    assert client.get(url).status_code == 200
    starts, _ = world.slot()
    response = client.post(
        url,
        {
            "day": starts.date().isoformat(),
            "start": "10:00",
            "duration": "60",
            "room": str(world.room.public_id),
            "interviewer": str(cast.interviewer.public_id),
            "protocol": "nichd",
            "language": "English",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert response["Location"] == f"/interviews/{interview.public_id}/"
    again = client.post(
        url,
        {
            "day": starts.date().isoformat(),
            "start": "10:30",
            "duration": "60",
            "room": str(world.room.public_id),
            "interviewer": str(cast.interviewer.public_id),
            "protocol": "nichd",
            "language": "English",
        },
    )
    assert again.status_code == 400 and b"already booked" in again.content


def test_hidden_cases_are_404_everywhere(cast, interview, client_for):
    client = client_for(cast.detective_elsewhere)
    assert client.get(f"/interviews/{interview.public_id}/").status_code == 404
    assert client.get(f"/interviews/cases/{interview.case.public_id}/schedule/").status_code == 404
    recording = upload(cast.interviewer, interview, media_bytes(3000))
    assert client.get(f"/interviews/recordings/{recording.public_id}/stream").status_code == 404


def test_completing_without_a_recording_shows_the_citation(cast, interview, client_for):
    client = client_for(cast.interviewer)
    response = client.post(f"/interviews/{interview.public_id}/status/", {"status": "completed"})
    assert response.status_code == 400
    assert "17a-106a(e)" in response.content.decode()


def test_upload_by_http_parts_resumes_and_range_playback_decrypts(cast, interview, client_for):
    client = client_for(cast.interviewer)
    data = media_bytes(2 * MB + 500)
    started = client.post(
        f"/interviews/{interview.public_id}/recordings/",
        data={"size": len(data), "name": "child-name.mp4"},
        content_type="application/json",
    )
    assert started.status_code == 201
    part_url = started.json()["upload_url"]

    def send(start, end):
        return client.put(
            part_url,
            data[start:end],
            content_type="application/octet-stream",
            headers={"content-range": f"bytes {start}-{end - 1}/{len(data)}"},
        )

    assert send(0, MB).json()["received"] == MB
    out_of_order = send(2 * MB, len(data))
    assert out_of_order.status_code == 409 and out_of_order.json()["received"] == MB
    assert client.get(part_url).json()["received"] == MB  # what a resuming client asks
    assert send(MB, 2 * MB).status_code == 200
    done = send(2 * MB, len(data)).json()
    assert done["status"] == "ready"
    rid = done["recording"]

    page = client.get(f"/interviews/recordings/{rid}/")
    assert page.status_code == 200
    assert b"haven-watermark" in page.content and b"Frances Moreau" in page.content
    stream = f"/interviews/recordings/{rid}/stream"
    with CaptureQueriesContext(connection):
        middle = client.get(stream, headers={"range": f"bytes={MB - 10}-{MB + 9}"})
    assert middle.status_code == 206
    assert middle["Content-Range"] == f"bytes {MB - 10}-{MB + 9}/{len(data)}"
    assert b"".join(middle.streaming_content) == data[MB - 10 : MB + 10]
    assert "child-name" not in middle["Content-Disposition"]
    whole = client.get(stream)
    assert hashlib.sha256(b"".join(whole.streaming_content)).hexdigest() == done_sha(rid)
    assert client.get(stream, headers={"range": "bytes=99999999-"}).status_code == 416
    played = AuditEvent.objects.filter(action=Action.RECORDING_PLAYED, object_id=rid).count()
    assert played == 1  # the player page; its stream requests ride on that record
    download = client.get(f"/interviews/recordings/{rid}/download")
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action=Action.RECORDING_DOWNLOADED).count() == 1


def done_sha(rid):
    from haven.interviews.models import Recording

    return Recording.objects.get(public_id=rid).sha256


def test_a_stream_without_the_player_page_is_audited_each_time(cast, interview, client_for):
    recording = upload(cast.interviewer, interview, media_bytes(3000))
    client = client_for(cast.interviewer)
    for _ in range(2):
        client.get(
            f"/interviews/recordings/{recording.public_id}/stream", headers={"range": "bytes=0-99"}
        )
    assert AuditEvent.objects.filter(action=Action.RECORDING_PLAYED).count() == 2


def test_playback_is_refused_without_a_grant(cast, interview, client_for):
    recording = upload(cast.interviewer, interview, media_bytes(3000))
    client = client_for(cast.detective)
    assert client.get(f"/interviews/recordings/{recording.public_id}/").status_code == 403
    assert client.get(f"/interviews/recordings/{recording.public_id}/stream").status_code == 403
    services.playback_grant(actor=cast.interviewer, interview=interview, user=cast.detective)
    assert client.get(f"/interviews/recordings/{recording.public_id}/").status_code == 200


def test_not_video_over_http_is_415(cast, interview, client_for):
    client = client_for(cast.interviewer)
    started = client.post(
        f"/interviews/{interview.public_id}/recordings/",
        data={"size": 20},
        content_type="application/json",
    ).json()
    response = client.put(
        started["upload_url"],
        b"MZ" + b"\0" * 18,
        content_type="application/octet-stream",
        headers={"content-range": "bytes 0-19/20"},
    )
    assert response.status_code == 415


def test_the_calendar_feed_is_secret_revocable_and_names_no_child(cast, interview, client_for):
    client = client_for(cast.interviewer)
    client.post("/interviews/calendar/")
    page = client.get("/interviews/")
    feed_url = page.context["feed_url"]
    assert feed_url and "/interviews/calendar/" in feed_url
    path = feed_url.split("testserver", 1)[1]
    from django.test import Client

    anonymous = Client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VEVENT" in body and interview.case.number in body
    assert "Rosa" not in body and "Child" not in body
    client.post("/interviews/calendar/", {"action": "revoke"})
    assert anonymous.get(path).status_code == 404


def test_the_interview_list_shows_exceptions_with_bounded_queries(
    cast, world, schedule, client_for
):
    client = client_for(cast.coordinator)
    services.interview_set_status(
        actor=cast.interviewer,
        interview=schedule(),
        status=Status.COMPLETED,
        no_recording_reason="Camera failed",
    )
    response, one = queries(client, "/interviews/")
    assert b"Camera failed" in response.content
    starts, ends = world.slot(day=5)
    services.interview_set_status(
        actor=cast.interviewer,
        interview=schedule(starts_at=starts, ends_at=ends, repeat_reason="Second disclosure"),
        status=Status.COMPLETED,
        no_recording_reason="Refused",
    )
    _, two = queries(client, "/interviews/")
    assert two <= one


def test_coordinator_adds_rooms_and_sets_interviewer_first(cast, client_for):
    client = client_for(cast.coordinator)
    assert (
        client.post("/interviews/rooms/", {"name": "Quiet room", "has_recording": "on"}).status_code
        == 302
    )
    assert client.post("/interviews/rooms/", {"interviewer_first": "on"}).status_code == 302
    from haven.interviews.models import CacInterviewSettings, Room

    assert Room.objects.filter(name="Quiet room").exists()
    assert CacInterviewSettings.objects.get(cac=cast.cac).interviewer_first


def _friday(monkeypatch):
    """Make "today" Friday 4 December 2026 for the request."""
    from django.utils import timezone as tz

    monkeypatch.setattr(tz, "localdate", lambda *a, **k: datetime.date(2026, 12, 4))


def test_the_schedule_page_offers_the_next_working_day_not_a_saturday(
    cast, world, client_for, monkeypatch
):
    """Issue 20: on a Friday the default date offered was Saturday."""
    _friday(monkeypatch)
    body = (
        client_for(cast.coordinator)
        .get(f"/interviews/cases/{world.case.public_id}/schedule/")
        .content.decode()
    )
    day_input = re.search(r"<input[^>]*id=\"id_day\"[^>]*>", body).group(0)
    assert 'value="2026-12-07"' in day_input  # Monday
    assert "Rooms on Monday, December 7" in body


def test_the_room_panel_shows_the_day_asked_when_the_booking_is_refused(
    cast, world, schedule, client_for
):
    """Issue 20: a refused booking for a later day showed the rooms of tomorrow instead."""
    starts, ends = world.slot(day=6)
    schedule(starts_at=starts, ends_at=ends)
    response = client_for(cast.coordinator).post(
        f"/interviews/cases/{world.case.public_id}/schedule/",
        {
            "day": starts.date().isoformat(),
            "start": timezone.localtime(starts).strftime("%H:%M"),
            "duration": "60",
            "room": str(world.room.public_id),
            "interviewer": str(cast.interviewer.public_id),
            "protocol": "nichd",
            "language": "English",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "already booked" in body
    assert f"Rooms on {starts.date():%A, %B} {starts.date().day}" in body
    assert "free all day" in body  # the other room
    assert "booked" in body


def test_the_room_panel_shows_any_day_asked_for(cast, world, schedule, client_for):
    starts, ends = world.slot(day=11)
    schedule(starts_at=starts, ends_at=ends)
    day = starts.date()
    body = (
        client_for(cast.coordinator)
        .get(f"/interviews/cases/{world.case.public_id}/schedule/?day={day.isoformat()}")
        .content.decode()
    )
    assert f"Rooms on {day:%A, %B} {day.day}" in body
    assert f'value="{day.isoformat()}"' in re.search(r"<input[^>]*id=\"id_day\"[^>]*>", body)[0]
