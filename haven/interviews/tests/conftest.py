"""Interview tests: recordings sealed under a key file and storage in a temporary folder."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from haven.cases.models import Case
from haven.interviews.models import Room


@pytest.fixture(autouse=True)
def _recording_store(settings, tmp_path):
    settings.HAVEN_RECORDING_KEY_FILE = str(tmp_path / "keys" / "recording-keys")
    settings.STORAGES = settings.STORAGES | {
        "recordings": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "recordings")},
        }
    }


def media_bytes(size: int, *, kind: bytes = b"isom") -> bytes:
    """A file that starts as an MP4 does (an `ftyp` box), padded to `size` bytes."""
    head = b"\x00\x00\x00\x18ftyp" + kind + b"\x00\x00\x02\x00isomiso2"
    body = bytes((i * 7 + 3) % 251 for i in range(size - len(head)))
    return head + body


@dataclass
class World:
    case: Case
    room: Room
    other_room: Room
    team: object

    def slot(self, day: int = 1, hour: int = 10, minutes: int = 60):
        starts = timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate() + datetime.timedelta(days=day), datetime.time(hour)
            )
        )
        return starts, starts + datetime.timedelta(minutes=minutes)


def make_case(cast, *, first="Rosa", last="Child"):
    from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
    from haven.people.services import person_create

    child = person_create(
        actor=cast.intake,
        confirmed_new=True,
        first_name=first,
        last_name=last,
        date_of_birth=datetime.date(2016, 5, 1),
    )
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=timezone.now(),
        parties=[PartyIn(person=child, role="alleged_victim")],
        allegations=[AllegationIn(victim=child, kind="sexual_abuse")],
    ).cases[0]
    case_assign(
        actor=cast.coordinator,
        case=case,
        section="law_enforcement",
        user=cast.detective,
        starts_on=timezone.localdate(),
    )
    return case


@pytest.fixture
def world(cast) -> World:
    from haven.directory.models import District
    from haven.interviews.services import room_create
    from haven.teams.services import membership_add, team_create

    team = team_create(
        actor=cast.coordinator,
        name="Interview MDT",
        host_cac=cast.cac,
        district=District.objects.get(slug="new-haven"),
    )
    membership_add(
        actor=cast.coordinator,
        team=team,
        seat="states_attorney",
        user=cast.prosecutor,
        starts_on=datetime.date(2025, 1, 1),
    )
    case = make_case(cast)
    Case.objects.filter(pk=case.pk).update(team=team)
    case.refresh_from_db()
    room = room_create(actor=cast.coordinator, cac=cast.cac, name="Blue room")
    other = room_create(actor=cast.coordinator, cac=cast.cac, name="Green room")
    return World(case=case, room=room, other_room=other, team=team)


@pytest.fixture
def schedule(cast, world):
    """schedule(**overrides) -> an interview on the world's case, by the coordinator."""
    from haven.interviews.services import interview_schedule

    def _schedule(**overrides):
        starts, ends = world.slot()
        args = dict(
            actor=cast.coordinator,
            case=world.case,
            room=world.room,
            interviewer=cast.interviewer,
            starts_at=starts,
            ends_at=ends,
            protocol="childfirst",
        )
        args.update(overrides)
        return interview_schedule(**args)

    return _schedule


def upload(actor, interview, data: bytes, *, part: int | None = None):
    """Send `data` as a recording through the real resumable-upload service."""
    from haven.interviews.services import recording_begin, recording_put_part

    recording = recording_begin(actor=actor, interview=interview, size=len(data))
    part = part or recording.chunk_size
    for start in range(0, len(data), part):
        recording = recording_put_part(
            actor=actor, recording=recording, start=start, data=data[start : start + part]
        )
    return recording
