from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from haven.core import sealed
from haven.interviews.models import Recording
from haven.interviews.tests.conftest import media_bytes, upload

pytestmark = pytest.mark.django_db


def test_recordings_verify_passes_then_fails_loudly_on_tampering(
    cast, world, schedule, settings, capsys
):
    recording = upload(cast.interviewer, schedule(), media_bytes(5000))
    call_command("recordings_verify")
    assert "1 recordings verified" in capsys.readouterr().out
    root = Path(settings.STORAGES["recordings"]["OPTIONS"]["location"])
    chunk = root / recording.storage_prefix / "00000000"
    chunk.write_bytes(chunk.read_bytes()[:-1] + b"\0")
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("recordings_verify")
    assert "INTEGRITY FAILURE" in capsys.readouterr().err


def test_rotate_rewraps_without_rewriting_and_retires_the_old_key(cast, world, schedule, settings):
    recording = upload(cast.interviewer, schedule(), media_bytes(5000))
    old_key = recording.key_id
    call_command("recordings_key", "rotate", "--retire-old")
    keys = sealed.MasterKeys.load(settings.HAVEN_RECORDING_KEY_FILE)
    assert list(keys.keys) == [keys.current] and keys.current != old_key
    assert Recording.objects.get().key_id == keys.current
    call_command("recordings_verify")


def test_new_writes_a_private_key_file(tmp_path):
    call_command("recordings_key", "new", str(tmp_path / "k"))
    assert sealed.MasterKeys.load(tmp_path / "k").current
