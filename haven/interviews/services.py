"""Every write about interviews and recordings: keyword-only, an actor, one transaction,
the audit row (DESIGN.md section 3)."""

import datetime
import hashlib
import secrets
from collections import OrderedDict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.cases.access import can_view_case
from haven.cases.models import Case
from haven.core import sealed
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.directory.models import Agency
from haven.interviews import rules, selectors
from haven.interviews.keys import master_keys, recording_storage
from haven.interviews.models import (
    BOOKED,
    CacInterviewSettings,
    CalendarFeed,
    Interview,
    Observer,
    PlaybackGrant,
    Recording,
    RecordingRelease,
    RecordingStatus,
    Room,
    Status,
)

NOT_FOUND = HavenError("Not found.", status=404, code="not_found")


def _forbidden(message: str = "Your role does not allow this.") -> HavenError:
    return HavenError(message, status=403, code="forbidden")


def _require_coordinator_of(actor, cac: Agency) -> None:
    if actor.discipline != "coordinator" or actor.agency_id != cac.pk:
        raise _forbidden("Only the CAC's coordinator may change its rooms and settings.")


# --- rooms and CAC settings -------------------------------------------------------------


def room_create(
    *,
    actor,
    cac: Agency,
    name: str,
    has_recording: bool = True,
    has_observation: bool = True,
    request=None,
) -> Room:
    _require_coordinator_of(actor, cac)
    room = Room(
        cac=cac, name=name.strip(), has_recording=has_recording, has_observation=has_observation
    )
    full_clean_or_refuse(room)
    with transaction.atomic():
        room.save()
        audit_record(
            actor=actor,
            action=Action.ROOM_CREATED,
            target=room,
            new={"name": room.name, "cac": str(cac.public_id)},
            request=request,
        )
    return room


def interview_settings_set(
    *, actor, cac: Agency, interviewer_first: bool, request=None
) -> CacInterviewSettings:
    _require_coordinator_of(actor, cac)
    with transaction.atomic():
        current, _ = CacInterviewSettings.objects.select_for_update().get_or_create(cac=cac)
        old = current.interviewer_first
        current.interviewer_first = interviewer_first
        current.save()
        audit_record(
            actor=actor,
            action=Action.INTERVIEW_UPDATED,
            target=current,
            old={"interviewer_first": old},
            new={"interviewer_first": interviewer_first},
            request=request,
        )
    return current


# --- scheduling -------------------------------------------------------------------------


def _refuse_double_booking(*, room: Room, interviewer, starts_at, ends_at, exclude=None) -> None:
    clash = Interview.objects.filter(
        status__in=BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    in_room = clash.filter(room=room).first()
    if in_room is not None:
        raise HavenError(
            f"{room.name} is already booked from {timezone.localtime(in_room.starts_at):%H:%M} "
            f"to {timezone.localtime(in_room.ends_at):%H:%M}. Choose another time or room.",
            field="room",
            status=409,
            code="room_booked",
        )
    if clash.filter(interviewer=interviewer).exists():
        raise HavenError(
            "The interviewer has another interview at that time.",
            field="interviewer",
            status=409,
            code="interviewer_booked",
        )


def _had_completed_interview(case: Case) -> bool:
    """The child already had a completed forensic interview, in this case or another."""
    return Interview.objects.filter(case__child_id=case.child_id, status=Status.COMPLETED).exists()


def interview_schedule(
    *,
    actor,
    case: Case,
    room: Room,
    interviewer,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    protocol: str,
    language: str = "English",
    interpreter: str = "",
    developmental_considerations: str = "",
    cultural_considerations: str = "",
    requested_by: str = "",
    repeat_reason: str = "",
    request=None,
) -> Interview:
    if not can_view_case(actor, case):
        raise NOT_FOUND
    if not selectors.may_schedule(actor, case):
        raise _forbidden("Your role does not schedule forensic interviews.")
    if room.cac_id != case.cac_id or not room.is_active:
        raise HavenError("Choose one of this CAC's rooms.", field="room")
    if ends_at <= starts_at:
        raise HavenError("The interview must end after it starts.", field="ends_at")
    day = timezone.localtime(starts_at).date()
    if not rules.is_trained_interviewer(interviewer, on=day):
        raise HavenError(
            "The interviewer must hold a current forensic-interviewer credential on "
            f"{day:%Y-%m-%d}: a CAC's forensic interviews are conducted by a trained "
            "forensic interviewer.",
            citation=rules.CITATION_CAC_INTERVIEWS,
            field="interviewer",
            code="untrained_interviewer",
        )
    if not can_view_case(interviewer, case):
        raise HavenError(
            "The interviewer cannot see this case; assign them first.", field="interviewer"
        )
    repeat_reason = repeat_reason.strip()
    with transaction.atomic():
        # Serialise bookings of this room (PostgreSQL; SQLite's writers are serial already).
        Room.objects.select_for_update().filter(pk=room.pk).first()
        _refuse_double_booking(
            room=room, interviewer=interviewer, starts_at=starts_at, ends_at=ends_at
        )
        repeat = _had_completed_interview(case)
        if repeat and not repeat_reason:
            raise HavenError(
                "This child already had a completed forensic interview. A repeat interview "
                "needs the coordinator's acknowledgement and a reason.",
                citation=rules.CITATION_DUPLICATE,
                field="repeat_reason",
                status=409,
                code="repeat_interview",
            )
        if repeat and not selectors.may_acknowledge_repeat(actor, case):
            raise HavenError(
                "Only the CAC's coordinator may acknowledge a repeat interview.",
                citation=rules.CITATION_DUPLICATE,
                field="repeat_reason",
                status=403,
                code="repeat_interview",
            )
        interview = Interview(
            case=case,
            room=room,
            interviewer=interviewer,
            starts_at=starts_at,
            ends_at=ends_at,
            protocol=protocol,
            language=language or "English",
            interpreter=interpreter,
            child_age=case.child.age_on(day),
            developmental_considerations=developmental_considerations,
            cultural_considerations=cultural_considerations,
            requested_by=requested_by,
            repeat_acknowledged_by=actor if repeat else None,
            repeat_reason=repeat_reason if repeat else "",
            created_by=actor,
        )
        full_clean_or_refuse(interview, exclude=["child_age"])
        interview.save()
        audit_record(
            actor=actor,
            action=Action.INTERVIEW_SCHEDULED,
            target=interview,
            case_id=case.public_id,
            request=request,
            new={
                "starts_at": starts_at,
                "ends_at": ends_at,
                "room": room.name,
                "interviewer": interviewer.email,
                "protocol": protocol,
            },
        )
        if repeat:
            audit_record(
                actor=actor,
                action=Action.INTERVIEW_DUPLICATE_ACK,
                target=interview,
                case_id=case.public_id,
                request=request,
                new={"reason": repeat_reason},
            )
    return interview


# --- conducting -------------------------------------------------------------------------


def interview_set_status(
    *,
    actor,
    interview: Interview,
    status: str,
    disclosure: str = "",
    team_notes: str | None = None,
    no_recording_reason: str = "",
    request=None,
) -> Interview:
    case = interview.case
    if not can_view_case(actor, case):
        raise NOT_FOUND
    if not selectors.may_conduct(actor, interview):
        raise _forbidden("Only the interviewer or the CAC's interview staff change an interview.")
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if not rules.may_move(interview.status, status):
            raise HavenError(
                f"An interview that is {interview.get_status_display().lower()} cannot become "
                f"{Status(status).label.lower() if status in Status.values else status}.",
                field="status",
                status=409,
                code="bad_transition",
            )
        old = {"status": interview.status}
        now = timezone.now()
        if status == Status.IN_PROGRESS:
            interview.started_at = now
        if status == Status.COMPLETED:
            has_recording = interview.recordings.filter(status=RecordingStatus.READY).exists()
            reason = "" if has_recording else no_recording_reason.strip()
            if not rules.may_complete(
                has_ready_recording=has_recording, no_recording_reason=reason
            ):
                raise HavenError(
                    "A forensic interview is recorded: upload the recording, or record why "
                    "there is none (it will show as an exception to the team).",
                    citation=rules.CITATION_CAC_INTERVIEWS,
                    field="no_recording_reason",
                    code="recording_required",
                )
            interview.no_recording_reason = reason
            interview.started_at = interview.started_at or interview.starts_at
            interview.ended_at = now
            if disclosure:
                interview.disclosure = disclosure
        if team_notes is not None:
            interview.team_notes = team_notes
        interview.status = status
        full_clean_or_refuse(interview, exclude=["child_age"])
        interview.save()
        action = (
            Action.INTERVIEW_COMPLETED if status == Status.COMPLETED else Action.INTERVIEW_UPDATED
        )
        audit_record(
            actor=actor,
            action=action,
            target=interview,
            case_id=case.public_id,
            request=request,
            old=old,
            new={
                "status": status,
                "disclosure": interview.disclosure,
                "no_recording_reason": interview.no_recording_reason,
            },
        )
    return interview


def observer_add(*, actor, interview: Interview, user, request=None) -> Observer:
    """Clause (d): only members of the case's MDT, or users assigned to the case."""
    case = interview.case
    if not can_view_case(actor, case):
        raise NOT_FOUND
    if not selectors.may_conduct(actor, interview):
        raise _forbidden("Only the interviewer or the CAC's interview staff record observers.")
    seat = selectors.team_seat(user, case, on=timezone.localtime(interview.starts_at).date())
    if seat is None:
        raise HavenError(
            "Only members of the case's multidisciplinary team, or people assigned to the "
            "case, may be recorded as observers.",
            citation=rules.CITATION_CAC_INTERVIEWS,
            field="user",
            code="not_on_team",
        )
    if Observer.objects.filter(interview=interview, user=user).exists():
        raise HavenError(
            "Already recorded as an observer.", field="user", status=409, code="duplicate"
        )
    with transaction.atomic():
        observer = Observer.objects.create(
            interview=interview, user=user, seat=seat[0], seat_label=seat[1], recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=Action.OBSERVER_ADDED,
            target=interview,
            case_id=case.public_id,
            request=request,
            new={"observer": user.email, "seat": seat[0]},
        )
    return observer


def playback_grant(*, actor, interview: Interview, user, request=None) -> PlaybackGrant:
    case = interview.case
    if not can_view_case(actor, case):
        raise NOT_FOUND
    if not selectors.may_manage_recordings(actor, interview):
        raise _forbidden("Only the interviewer or the CAC's recording staff grant playback.")
    if selectors.team_seat(user, case, on=timezone.localdate()) is None:
        raise HavenError(
            "Playback is granted only to members of the case's multidisciplinary team or "
            "people assigned to the case.",
            citation=rules.CITATION_CAC_INTERVIEWS,
            field="user",
            code="not_on_team",
        )
    if (
        not can_view_case(user, case)
        or case_section_levels(user, case)[Section.RECORDINGS] < Level.VIEW
    ):
        raise HavenError("That person's role may not view recordings.", field="user")
    grant, created = PlaybackGrant.objects.get_or_create(
        interview=interview, user=user, defaults={"granted_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action=Action.PLAYBACK_GRANTED,
            target=interview,
            case_id=case.public_id,
            request=request,
            new={"user": user.email},
        )
    return grant


# --- recordings: upload -----------------------------------------------------------------

# Hash state of uploads in progress, per process: SHA-256 is computed as the bytes arrive.
# A part that reaches another process rebuilds it by reading back the sealed prefix.
_HASHERS: OrderedDict = OrderedDict()
_HASHERS_KEPT = 32


def _remember_hasher(recording: Recording, offset: int, hasher) -> None:
    _HASHERS[(recording.file_id, offset)] = hasher
    _HASHERS.move_to_end((recording.file_id, offset))
    while len(_HASHERS) > _HASHERS_KEPT:
        _HASHERS.popitem(last=False)


def _hasher_at(recording: Recording, offset: int, sealed_file: sealed.SealedFile):
    cached = _HASHERS.pop((recording.file_id, offset), None)
    if cached is not None:
        return cached
    hasher = hashlib.sha256()
    for index in range(offset // recording.chunk_size):
        hasher.update(sealed_file.read_chunk(index))
    return hasher


def sealed_file_for(
    recording: Recording, keys: sealed.MasterKeys | None = None, *, attempt: int = 0
) -> sealed.SealedFile:
    """The recording's sealed file, its data key unwrapped (SealedError on a wrong key).

    It reads every chunk; it writes only with an `attempt` from _reserve_attempt (the
    default 0 cannot seal). Recordings from before attempts were numbered
    (`seal_attempts` None) are single-pass and read-only."""
    keys = keys or master_keys()
    stamped = recording.seal_attempts is not None
    data_key = sealed.unwrap_data_key(
        keys, recording.key_id, bytes(recording.wrapped_key), recording.file_id
    )
    return sealed.SealedFile(
        storage=recording_storage(),
        prefix=recording.storage_prefix,
        file_id=recording.file_id,
        data_key=data_key,
        size=recording.size,
        chunk_size=recording.chunk_size,
        attempt=attempt if stamped else None,
    )


def _reserve_attempt(recording: Recording) -> int:
    """A number no other attempt at writing this recording's parts has had or will have.

    Every chunk the attempt seals carries it in its nonce, so an index sealed again after a
    failure (with whatever bytes the client then sends) never reuses a (key, nonce) pair.
    The number is committed before anything is sealed: a failure or a crash afterwards
    cannot give it out again. Call it outside any transaction that might roll back."""
    with transaction.atomic():
        taken = Recording.objects.filter(
            pk=recording.pk, seal_attempts__lt=min(sealed.MAX_ATTEMPT, 2**31 - 1)
        ).update(seal_attempts=F("seal_attempts") + 1)
        if not taken:
            raise HavenError(
                "This upload was retried too many times; start a new upload.",
                status=409,
                code="upload_ended",
            )
        return Recording.objects.values_list("seal_attempts", flat=True).get(pk=recording.pk)


def _clear_unrecorded_chunks(sealed_file: sealed.SealedFile, first: int, last: int) -> None:
    """Remove chunks first..last left by an attempt whose part was never recorded (a crash
    between storing and committing). They were sealed under another attempt's nonces, so
    sealing these indexes again is safe. Called under the recording's row lock."""
    for index in range(first, last + 1):
        name = sealed.chunk_name(sealed_file.prefix, index)
        if sealed_file.storage.exists(name):
            sealed_file.storage.delete(name)


def part_size() -> int:
    """Bytes per upload request: whole chunks, within the request size limit."""
    chunks = max(1, (settings.HAVEN_MAX_REQUEST_BYTES - 64 * 1024) // sealed.DEFAULT_CHUNK_SIZE)
    return chunks * sealed.DEFAULT_CHUNK_SIZE


def recording_begin(
    *, actor, interview: Interview, size: int, original_name: str = "", request=None
) -> Recording:
    """Open a resumable upload: the client then sends parts in order (recording_put_part)."""
    case = interview.case
    if not can_view_case(actor, case):
        raise NOT_FOUND
    if not selectors.may_manage_recordings(actor, interview):
        raise _forbidden("Your role does not upload recordings.")
    if interview.status in (Status.CANCELLED, Status.NO_SHOW):
        raise HavenError("This interview did not take place.", status=409, code="bad_state")
    limit = settings.HAVEN_RECORDING_MAX_BYTES
    if size <= 0:
        raise HavenError("The file is empty.", field="size")
    if size > limit:
        raise HavenError(
            f"Recordings may be at most {limit // (1024 * 1024):,} MB.",
            field="size",
            status=413,
            code="too_large",
        )
    keys = master_keys()
    recording = Recording(
        interview=interview,
        original_name=original_name[:200],
        size=size,
        chunk_size=sealed.DEFAULT_CHUNK_SIZE,
        uploaded_by=actor,
        key_id="",
        wrapped_key=b"",
    )
    recording.key_id, recording.wrapped_key = sealed.wrap_data_key(
        keys, sealed.new_data_key(), recording.file_id
    )
    with transaction.atomic():
        recording.save()
        audit_record(
            actor=actor,
            action=Action.RECORDING_UPLOADED,
            target=recording,
            case_id=case.public_id,
            request=request,
            new={"stage": "started", "size": size},
        )
    return recording


def _fail_upload(recording: Recording, reason: str, *, actor, request) -> None:
    """The upload ends: nothing of it is kept, and it can never be played."""
    with transaction.atomic():
        Recording.objects.filter(pk=recording.pk).update(
            status=RecordingStatus.FAILED, failure=reason[:300]
        )
        audit_record(
            actor=actor,
            action=Action.RECORDING_UPLOADED,
            target=recording,
            case_id=recording.interview.case.public_id,
            request=request,
            new={"stage": "failed", "reason": reason},
        )
    try:
        sealed_file_for(recording).delete()
    except sealed.SealedError:
        pass


def recording_put_part(
    *, actor, recording: Recording, start: int, data: bytes, total: int | None = None, request=None
) -> Recording:
    """Receive bytes start..start+len(data) of the upload, in order.

    A part already received is acknowledged and changes nothing; a part out of order is
    refused with the offset to resume from. The recording becomes playable only when the
    last byte has arrived, sealed and hashed.
    """
    if actor.pk != recording.uploaded_by_id:
        raise _forbidden("Only the person who started this upload may continue it.")
    if total is not None and total != recording.size:
        raise HavenError(f"This upload is {recording.size} bytes, not {total}.", field="size")
    end = start + len(data)
    if not data:
        raise HavenError("The part is empty.")
    if end > recording.size:
        raise HavenError("The part runs past the end of the file.", status=416, code="bad_range")
    chunk_size = recording.chunk_size
    final = end == recording.size
    if start % chunk_size or (not final and len(data) % chunk_size):
        raise HavenError(
            f"Send parts of whole {chunk_size}-byte chunks, starting on one.", code="bad_part"
        )
    if recording.status == RecordingStatus.UPLOADING and start == 0 and recording.received == 0:
        media_type = rules.sniff_media_type(data[: rules.SNIFF_BYTES])
        if media_type is None:
            _fail_upload(recording, "not a video or audio file", actor=actor, request=request)
            raise HavenError(
                "This file is not a video or audio recording.", status=415, code="not_media"
            )
    if recording.seal_attempts is None and end > recording.received:
        raise HavenError(
            "This upload was started before an update to how recordings are sealed; start "
            "a new upload.",
            status=409,
            code="upload_ended",
        )
    if recording.status == RecordingStatus.UPLOADING and end > recording.received:
        sealed_file = sealed_file_for(recording, attempt=_reserve_attempt(recording))
    else:  # a part already received, or an ended upload: nothing will be sealed
        sealed_file = sealed_file_for(recording)
    written: list[int] = []
    try:
        with transaction.atomic():
            recording = Recording.objects.select_for_update().get(pk=recording.pk)
            if recording.status != RecordingStatus.UPLOADING:
                if recording.status == RecordingStatus.READY and end <= recording.received:
                    return recording
                raise HavenError(
                    "This upload has ended; start a new one.", status=409, code="upload_ended"
                )
            if end <= recording.received:
                _refuse_different_copy(sealed_file, start, data)
                return recording  # sent twice: already here
            if start != recording.received:
                raise HavenError(
                    f"Parts must arrive in order: resume from byte {recording.received}.",
                    status=409,
                    code="offset_mismatch",
                )
            if start == 0:
                recording.content_type = rules.sniff_media_type(data[: rules.SNIFF_BYTES]) or ""
            hasher = _hasher_at(recording, start, sealed_file).copy()
            hasher.update(data)
            first = start // chunk_size
            _clear_unrecorded_chunks(sealed_file, first, (end - 1) // chunk_size)
            for i in range(0, len(data), chunk_size):
                index = first + i // chunk_size
                written.append(index)
                sealed_file.write_chunk(index, data[i : i + chunk_size])
            recording.received = end
            if final:
                recording.sha256 = hasher.hexdigest()
                recording.status = RecordingStatus.READY
                recording.completed_at = timezone.now()
            recording.save()
            if final:
                audit_record(
                    actor=actor,
                    action=Action.RECORDING_UPLOADED,
                    target=recording,
                    case_id=recording.interview.case.public_id,
                    request=request,
                    new={
                        "stage": "completed",
                        "size": recording.size,
                        "sha256": recording.sha256,
                        "content_type": recording.content_type,
                    },
                )
    except OSError as exc:
        _forget_chunks(sealed_file, written)
        raise HavenError(
            f"The recording store could not save this part ({exc.strerror or exc}). Nothing "
            f"received earlier is lost: resume from byte {recording.received} when there is "
            "room.",
            status=507,
            code="storage_failed",
        ) from None
    except BaseException:
        _forget_chunks(sealed_file, written)
        raise
    if not final:
        _remember_hasher(recording, end, hasher)
    return recording


def _forget_chunks(sealed_file: sealed.SealedFile, indexes: list[int]) -> None:
    for index in indexes:
        name = sealed.chunk_name(sealed_file.prefix, index)
        try:
            if sealed_file.storage.exists(name):
                sealed_file.storage.delete(name)
        except OSError:
            pass


def _refuse_different_copy(sealed_file: sealed.SealedFile, start: int, data: bytes) -> None:
    stored = b"".join(sealed_file.read_range(start, start + len(data) - 1))
    if stored != data:
        raise HavenError(
            "These bytes differ from the ones already received at that offset.",
            status=409,
            code="part_conflict",
        )


# --- recordings: playback and custody ----------------------------------------------------


def recording_open(
    *,
    actor,
    recording: Recording,
    request=None,
    download: bool = False,
    byte_range: tuple[int, int] | None = None,
) -> sealed.SealedFile:
    """Check playback is allowed, audit it, and return the sealed file to stream from."""
    interview = recording.interview
    if not can_view_case(actor, interview.case):
        raise NOT_FOUND
    if not selectors.may_play(actor, interview):
        raise _forbidden("Playback of this recording has not been granted to you.")
    if recording.status != RecordingStatus.READY:
        raise HavenError(
            "This recording is not complete and cannot be played.", status=409, code="not_ready"
        )
    sealed_file = sealed_file_for(recording)
    audit_record(
        actor=actor,
        action=Action.RECORDING_DOWNLOADED if download else Action.RECORDING_PLAYED,
        kind=Kind.ACCESS,
        target=recording,
        case_id=interview.case.public_id,
        request=request,
        new={"range": list(byte_range) if byte_range else None},
    )
    return sealed_file


def recording_release(
    *,
    actor,
    recording: Recording,
    released_to: str,
    reason: str,
    authorised_by: str,
    released_at: datetime.datetime | None = None,
    request=None,
) -> RecordingRelease:
    if not selectors.may_manage_recordings(actor, recording.interview):
        raise _forbidden("Only recording staff record released copies.")
    for field, value in (
        ("released_to", released_to),
        ("reason", reason),
        ("authorised_by", authorised_by),
    ):
        if not value.strip():
            raise HavenError("Say to whom, why, and who authorised the copy.", field=field)
    with transaction.atomic():
        release = RecordingRelease.objects.create(
            recording=recording,
            released_to=released_to.strip(),
            reason=reason.strip(),
            authorised_by=authorised_by.strip(),
            recorded_by=actor,
            released_at=released_at or timezone.now(),
        )
        audit_record(
            actor=actor,
            action=Action.RECORDING_RELEASED,
            target=recording,
            case_id=recording.interview.case.public_id,
            request=request,
            new={
                "to": release.released_to,
                "reason": release.reason,
                "authorised_by": release.authorised_by,
            },
        )
    return release


def recording_retention(
    *, actor, recording: Recording, retain_until: datetime.date, reason: str, request=None
) -> Recording:
    if not selectors.may_manage_recordings(actor, recording.interview):
        raise _forbidden("Only recording staff decide retention.")
    if not reason.strip():
        raise HavenError("Give the reason for the retention decision.", field="reason")
    with transaction.atomic():
        old = recording.retain_until
        recording.retain_until = retain_until
        recording.save(update_fields=["retain_until"])
        audit_record(
            actor=actor,
            action=Action.RECORDING_RETENTION,
            target=recording,
            case_id=recording.interview.case.public_id,
            request=request,
            old={"retain_until": old},
            new={"retain_until": retain_until, "reason": reason.strip()},
        )
    return recording


def recording_verify(recording: Recording, keys: sealed.MasterKeys | None = None) -> str:
    """Re-read every chunk and compare the SHA-256; '' when it matches, else the problem.
    Either way the result is in the recording's chain of custody."""
    try:
        digest = sealed_file_for(recording, keys).digest()
        problem = "" if digest == recording.sha256 else "SHA-256 differs from the upload's"
    except sealed.SealedError as error:
        problem = str(error)
    with transaction.atomic():
        if not problem:
            Recording.objects.filter(pk=recording.pk).update(verified_at=timezone.now())
        audit_record(
            actor=None,
            action=Action.RECORDING_INTEGRITY_FAILED if problem else Action.RECORDING_VERIFIED,
            target=recording,
            case_id=recording.interview.case.public_id,
            new={"problem": problem} if problem else {"sha256": recording.sha256},
        )
    return problem


def master_key_rotate(*, keys: sealed.MasterKeys) -> int:
    """Re-wrap every recording's data key with `keys.current`; the video is not rewritten.
    Returns how many were re-wrapped."""
    count = 0
    for recording in (
        Recording.objects.exclude(key_id=keys.current)
        .exclude(status=RecordingStatus.DESTROYED)
        .iterator()
    ):
        key_id, wrapped = sealed.rewrap_data_key(
            keys, recording.key_id, bytes(recording.wrapped_key), recording.file_id
        )
        with transaction.atomic():
            old = recording.key_id
            Recording.objects.filter(pk=recording.pk).update(key_id=key_id, wrapped_key=wrapped)
            audit_record(
                actor=None,
                action=Action.RECORDING_KEY_ROTATED,
                target=recording,
                case_id=recording.interview.case.public_id,
                old={"key_id": old},
                new={"key_id": key_id},
            )
        count += 1
    return count


# --- calendar feeds -----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_issue(*, actor, request=None) -> str:
    """A new secret feed URL token for `actor`; any earlier one stops working. Shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        feed = CalendarFeed.objects.create(user=actor, token_hash=_token_hash(token))
        audit_record(actor=actor, action=Action.CALENDAR_FEED_ISSUED, target=feed, request=request)
    return token


def calendar_feed_revoke(*, actor, request=None) -> int:
    with transaction.atomic():
        count = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if count:
            audit_record(
                actor=actor,
                action=Action.CALENDAR_FEED_REVOKED,
                object_type="interviews.calendarfeed",
                object_label=str(actor),
                request=request,
            )
    return count


def calendar_feed_owner(token: str):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
