"""Recordings: resumable upload, and each fault the issue names. No partial or corrupt
recording is ever playable; nothing saved earlier is lost."""

import errno
import hashlib

import pytest
from django.core.files.storage import FileSystemStorage

from haven.audit.models import Action, AuditEvent
from haven.core import sealed
from haven.core.errors import HavenError
from haven.interviews import services
from haven.interviews.models import RecordingStatus
from haven.interviews.tests.conftest import media_bytes, upload

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def interview(cast, world, schedule):
    return schedule()


def begin(cast, interview, size):
    return services.recording_begin(actor=cast.interviewer, interview=interview, size=size)


def put(cast, recording, start, data):
    return services.recording_put_part(
        actor=cast.interviewer, recording=recording, start=start, data=data
    )


def test_an_upload_in_parts_is_sealed_hashed_and_playable(cast, interview):
    data = media_bytes(2 * MB + 12345)
    recording = upload(cast.interviewer, interview, data)
    assert recording.status == RecordingStatus.READY
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    assert recording.content_type == "video/mp4"
    f = services.recording_open(actor=cast.interviewer, recording=recording)
    assert b"".join(f.read_range(MB - 5, MB + 5)) == data[MB - 5 : MB + 6]
    assert (
        AuditEvent.objects.filter(
            action=Action.RECORDING_UPLOADED, new_values__stage="completed"
        ).count()
        == 1
    )


def test_a_file_that_is_not_video_or_audio_is_refused(cast, interview):
    recording = begin(cast, interview, 5000)
    with pytest.raises(HavenError) as refused:
        put(cast, recording, 0, b"%PDF-1.7\n" + b"a" * 4991)
    assert refused.value.status == 415
    recording.refresh_from_db()
    assert recording.status == RecordingStatus.FAILED
    with pytest.raises(HavenError):  # and it never becomes playable
        services.recording_open(actor=cast.interviewer, recording=recording)


def test_a_truncated_upload_is_never_playable(cast, interview):
    data = media_bytes(2 * MB + 10)
    recording = begin(cast, interview, len(data))
    recording = put(cast, recording, 0, data[:MB])
    with pytest.raises(HavenError) as refused:  # the last part, cut short
        put(cast, recording, MB, data[MB : 2 * MB - 100])
    assert refused.value.code == "bad_part"
    recording.refresh_from_db()
    assert recording.status == RecordingStatus.UPLOADING and recording.received == MB
    with pytest.raises(HavenError) as not_ready:
        services.recording_open(actor=cast.interviewer, recording=recording)
    assert not_ready.value.code == "not_ready"


def test_a_part_sent_twice_changes_nothing(cast, interview):
    data = media_bytes(2 * MB + 10)
    recording = begin(cast, interview, len(data))
    recording = put(cast, recording, 0, data[:MB])
    again = put(cast, recording, 0, data[:MB])
    assert again.received == MB
    with pytest.raises(HavenError) as conflict:  # same offset, different bytes
        put(cast, recording, 0, media_bytes(MB, kind=b"mp42"))
    assert conflict.value.code == "part_conflict"
    recording = put(cast, recording, MB, data[MB : 2 * MB])
    recording = put(cast, recording, 2 * MB, data[2 * MB :])
    assert recording.sha256 == hashlib.sha256(data).hexdigest()


def test_a_part_out_of_order_is_refused_with_the_offset_to_resume_from(cast, interview):
    data = media_bytes(3 * MB)
    recording = begin(cast, interview, len(data))
    recording = put(cast, recording, 0, data[:MB])
    with pytest.raises(HavenError) as refused:
        put(cast, recording, 2 * MB, data[2 * MB :])
    assert refused.value.status == 409 and refused.value.code == "offset_mismatch"
    assert str(MB) in refused.value.message


class FullDisk(FileSystemStorage):
    """A disk that fills up after `room` chunk writes."""

    room = 1

    def _save(self, name, content):
        if FullDisk.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        FullDisk.room -= 1
        return super()._save(name, content)


def test_a_full_disk_mid_upload_loses_nothing_and_the_upload_resumes(
    cast, interview, tmp_path, monkeypatch
):
    data = media_bytes(3 * MB + 7)
    disk = FullDisk(location=tmp_path / "full")
    monkeypatch.setattr(services, "recording_storage", lambda: disk)
    FullDisk.room = 1
    recording = begin(cast, interview, len(data))
    recording = put(cast, recording, 0, data[:MB])
    with pytest.raises(HavenError) as full:
        put(cast, recording, MB, data[MB : 3 * MB])  # two chunks: the second fails
    assert full.value.status == 507 and str(MB) in full.value.message
    recording.refresh_from_db()
    assert recording.received == MB
    assert not (tmp_path / "full" / recording.storage_prefix / "00000001").exists()
    services._HASHERS.clear()  # as if the next part reached another server process
    FullDisk.room = 10
    recording = put(cast, recording, MB, data[MB : 3 * MB])
    recording = put(cast, recording, 3 * MB, data[3 * MB :])
    assert recording.status == RecordingStatus.READY
    assert recording.sha256 == hashlib.sha256(data).hexdigest()


def test_a_wrong_master_key_gives_a_clear_error_and_loses_nothing(
    cast, interview, settings, tmp_path
):
    recording = upload(cast.interviewer, interview, media_bytes(5000))
    right = settings.HAVEN_RECORDING_KEY_FILE
    settings.HAVEN_RECORDING_KEY_FILE = str(tmp_path / "other-keys")
    with pytest.raises(sealed.SealedError, match="wrong key file"):
        services.recording_open(actor=cast.interviewer, recording=recording)
    assert "wrong key file" in services.recording_verify(recording)
    settings.HAVEN_RECORDING_KEY_FILE = right
    assert services.recording_verify(recording) == ""


def test_a_tampered_chunk_is_reported_loudly_and_not_served(cast, interview, settings):
    from pathlib import Path

    data = media_bytes(2 * MB + 1)
    recording = upload(cast.interviewer, interview, data)
    root = Path(settings.STORAGES["recordings"]["OPTIONS"]["location"])
    chunk = root / recording.storage_prefix / "00000001"
    raw = bytearray(chunk.read_bytes())
    raw[100] ^= 0xFF
    chunk.write_bytes(bytes(raw))
    assert "Chunk 1" in services.recording_verify(recording)
    assert AuditEvent.objects.filter(action=Action.RECORDING_INTEGRITY_FAILED).count() == 1
    f = services.recording_open(actor=cast.interviewer, recording=recording)
    assert b"".join(f.read_range(0, 99)) == data[:100]  # earlier chunks stay readable
    with pytest.raises(sealed.SealedError):
        list(f.read_range(MB, MB + 10))


def test_the_size_limit_is_configurable(cast, interview, settings):
    settings.HAVEN_RECORDING_MAX_BYTES = 10_000
    with pytest.raises(HavenError) as refused:
        begin(cast, interview, 10_001)
    assert refused.value.status == 413


def test_only_the_uploader_continues_an_upload(cast, interview):
    recording = begin(cast, interview, 5000)
    with pytest.raises(HavenError) as refused:
        services.recording_put_part(
            actor=cast.coordinator, recording=recording, start=0, data=media_bytes(5000)
        )
    assert refused.value.status == 403


def test_playback_needs_a_grant_and_is_in_the_chain_of_custody(cast, interview):
    from haven.interviews.selectors import custody_events

    recording = upload(cast.interviewer, interview, media_bytes(5000))
    with pytest.raises(HavenError) as refused:
        services.recording_open(actor=cast.detective, recording=recording)
    assert refused.value.status == 403
    services.playback_grant(actor=cast.interviewer, interview=interview, user=cast.detective)
    services.recording_open(actor=cast.detective, recording=recording)
    services.recording_open(actor=cast.interviewer, recording=recording, download=True)
    services.recording_release(
        actor=cast.interviewer,
        recording=recording,
        released_to="State's Attorney, New Haven",
        reason="Discovery in the criminal case",
        authorised_by="Carmen Reyes",
    )
    import datetime

    services.recording_retention(
        actor=cast.interviewer,
        recording=recording,
        retain_until=datetime.date(2045, 1, 1),
        reason="Until the child turns 25",
    )
    actions = [e.action for e in custody_events(recording)]
    assert actions == [
        Action.RECORDING_UPLOADED,
        Action.RECORDING_UPLOADED,
        Action.RECORDING_PLAYED,
        Action.RECORDING_DOWNLOADED,
        Action.RECORDING_RELEASED,
        Action.RECORDING_RETENTION,
    ]


def test_master_key_rotation_keeps_every_recording_playable(cast, interview, settings):
    from pathlib import Path

    from haven.interviews.keys import master_keys

    data = media_bytes(5000)
    recording = upload(cast.interviewer, interview, data)
    root = Path(settings.STORAGES["recordings"]["OPTIONS"]["location"])
    chunk = (root / recording.storage_prefix / "00000000").read_bytes()
    rotated = master_keys().with_new_current()
    assert services.master_key_rotate(keys=rotated) == 1
    sealed.write_key_file(settings.HAVEN_RECORDING_KEY_FILE, rotated.only_current())
    recording.refresh_from_db()
    assert recording.key_id == rotated.current
    assert services.recording_verify(recording) == ""
    assert (root / recording.storage_prefix / "00000000").read_bytes() == chunk


# --- AES-GCM nonces: a (data key, nonce) pair never seals two different plaintexts ------


class SealingSpy:
    """Stands in for AESGCM in haven.core.sealed and notes every (key, nonce) it seals
    with, and a digest of the plaintext."""

    sealed_with: dict = {}

    def __init__(self, key):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._key, self._real = bytes(key), AESGCM(key)

    @staticmethod
    def generate_key(bit_length):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM.generate_key(bit_length=bit_length)

    def encrypt(self, nonce, data, aad):
        digest = hashlib.sha256(bytes(data)).hexdigest()
        SealingSpy.sealed_with.setdefault((self._key, bytes(nonce)), set()).add(digest)
        return self._real.encrypt(nonce, data, aad)

    def decrypt(self, nonce, data, aad):
        return self._real.decrypt(nonce, data, aad)

    @classmethod
    def reused(cls) -> list:
        """The nonces (never the keys) that sealed more than one plaintext."""
        return [nonce.hex() for (_key, nonce), seen in cls.sealed_with.items() if len(seen) > 1]


@pytest.fixture
def spy(monkeypatch):
    SealingSpy.sealed_with = {}
    monkeypatch.setattr(sealed, "AESGCM", SealingSpy)
    return SealingSpy


class StickyDisk(FullDisk):
    """A full disk whose clean-up fails too while it is full: a chunk stored before the
    failure stays, as after a crash between storing a chunk and recording the part."""

    def delete(self, name):
        if FullDisk.room <= 0:
            raise OSError(errno.EIO, "Input/output error")
        return super().delete(name)


def test_resume_after_a_failure_between_sealing_and_storing_never_reuses_a_nonce(
    cast, interview, tmp_path, monkeypatch, spy
):
    data = media_bytes(3 * MB + 7)
    other = media_bytes(2 * MB, kind=b"mp42")  # the client sends different bytes on resume
    disk = FullDisk(location=tmp_path / "full")
    monkeypatch.setattr(services, "recording_storage", lambda: disk)
    FullDisk.room = 2  # chunk 0, then chunk 1; chunk 2 is sealed and the disk is full
    recording = begin(cast, interview, len(data))
    recording = put(cast, recording, 0, data[:MB])
    with pytest.raises(HavenError) as full:
        put(cast, recording, MB, data[MB : 3 * MB])
    assert full.value.code == "storage_failed"
    FullDisk.room = 10
    recording.refresh_from_db()
    recording = put(cast, recording, MB, other)
    recording = put(cast, recording, 3 * MB, data[3 * MB :])
    assert spy.reused() == []
    expected = data[:MB] + other + data[3 * MB :]
    assert recording.status == RecordingStatus.READY
    assert recording.sha256 == hashlib.sha256(expected).hexdigest()
    assert services.recording_verify(recording) == ""


def test_resume_after_a_chunk_was_left_behind_never_reuses_a_nonce(
    cast, interview, tmp_path, monkeypatch, spy
):
    data = media_bytes(3 * MB + 7)
    other = media_bytes(2 * MB, kind=b"mp42")
    disk = StickyDisk(location=tmp_path / "sticky")
    monkeypatch.setattr(services, "recording_storage", lambda: disk)
    FullDisk.room = 2
    recording = begin(cast, interview, len(data))
    recording = put(cast, recording, 0, data[:MB])
    with pytest.raises(HavenError):
        put(cast, recording, MB, data[MB : 3 * MB])
    left = tmp_path / "sticky" / recording.storage_prefix / "00000001"
    assert left.exists()  # sealed and stored, but the part was never recorded
    FullDisk.room = 10
    services._HASHERS.clear()
    recording.refresh_from_db()
    recording = put(cast, recording, MB, other)
    recording = put(cast, recording, 3 * MB, data[3 * MB :])
    assert spy.reused() == []
    expected = data[:MB] + other + data[3 * MB :]
    assert recording.sha256 == hashlib.sha256(expected).hexdigest()
    assert services.recording_verify(recording) == ""


def test_a_recording_sealed_before_attempts_were_numbered_still_plays_but_does_not_resume(
    cast, interview
):
    from haven.interviews.models import Recording

    data = media_bytes(2 * MB + 3)
    recording = begin(cast, interview, len(data))
    Recording.objects.filter(pk=recording.pk).update(seal_attempts=None)
    recording.refresh_from_db()
    single_pass = services.sealed_file_for(recording)
    assert not single_pass.stamped
    for index in range(3):  # as the old code sealed it: nonce = chunk index
        single_pass.write_chunk(index, data[index * MB : (index + 1) * MB])
    with pytest.raises(HavenError) as refused:
        put(cast, recording, 0, data[:MB])
    assert refused.value.code == "upload_ended" and "start a new upload" in refused.value.message
    Recording.objects.filter(pk=recording.pk).update(
        received=len(data), status=RecordingStatus.READY, sha256=hashlib.sha256(data).hexdigest()
    )
    recording.refresh_from_db()
    assert services.recording_verify(recording) == ""
