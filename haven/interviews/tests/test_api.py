"""The interviews API: schedule, status, observers, upload in parts and range playback."""

import hashlib

import pytest
from django.test import Client

from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent
from haven.interviews.tests.conftest import media_bytes

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def api(cast, user):
    _token, raw = token_create_by_operator(user=user, name="t", days=1, scope=Scope.READ_WRITE)
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_schedule_upload_play_and_complete_through_the_api(cast, world):
    client = api(cast, cast.interviewer)
    starts, ends = world.slot()
    created = client.post(
        f"/api/v1/cases/{world.case.public_id}/interviews/",
        {
            "room": str(world.room.public_id),
            "interviewer": str(cast.interviewer.public_id),
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "protocol": "nichd",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    iid = created.json()["id"]
    refused = client.post(
        f"/api/v1/interviews/{iid}/status/",
        {"status": "completed"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "17a-106a(e)" in refused.json()["citation"]

    data = media_bytes(MB + 99)
    rec = client.post(
        f"/api/v1/interviews/{iid}/recordings/",
        {"size": len(data)},
        content_type="application/json",
    ).json()
    url = f"/api/v1/recordings/{rec['id']}/upload/"
    for start, end in ((0, MB), (MB, len(data))):
        part = client.put(
            url,
            data[start:end],
            content_type="application/octet-stream",
            headers={"content-range": f"bytes {start}-{end - 1}/{len(data)}"},
        )
        assert part.status_code == 200, part.content
    assert part.json()["sha256"] == hashlib.sha256(data).hexdigest()
    stream = client.get(
        f"/api/v1/recordings/{rec['id']}/stream/", headers={"range": "bytes=1000-1999"}
    )
    assert stream.status_code == 206
    assert b"".join(stream.streaming_content) == data[1000:2000]
    assert AuditEvent.objects.filter(action=Action.RECORDING_PLAYED).count() == 1

    observer = client.post(
        f"/api/v1/interviews/{iid}/observers/",
        {"user": str(cast.detective.public_id)},
        content_type="application/json",
    )
    assert observer.status_code == 201 and observer.json()["seat"] == "law_enforcement"
    done = client.post(
        f"/api/v1/interviews/{iid}/status/",
        {"status": "completed", "disclosure": "partial"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "completed"
    listed = client.get(f"/api/v1/cases/{world.case.public_id}/interviews/").json()
    assert [i["id"] for i in listed] == [iid]


def test_an_untrained_interviewer_is_refused_with_the_citation(cast, world):
    client = api(cast, cast.coordinator)
    starts, ends = world.slot()
    refused = client.post(
        f"/api/v1/cases/{world.case.public_id}/interviews/",
        {
            "room": str(world.room.public_id),
            "interviewer": str(cast.advocate.public_id),
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "protocol": "nichd",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["citation"] == "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"


def test_a_not_media_upload_is_a_415_problem(cast, world, schedule):
    client = api(cast, cast.interviewer)
    interview = schedule()
    rec = client.post(
        f"/api/v1/interviews/{interview.public_id}/recordings/",
        {"size": 10},
        content_type="application/json",
    ).json()
    part = client.put(
        f"/api/v1/recordings/{rec['id']}/upload/",
        b"hello text",
        content_type="application/octet-stream",
        headers={"content-range": "bytes 0-9/10"},
    )
    assert part.status_code == 415 and part.json()["code"] == "not_media"
