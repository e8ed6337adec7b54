"""The training video and its duration need no system ffmpeg: a fresh machine has none."""

import pytest

from haven.training import media, services


@pytest.fixture
def no_system_binaries(monkeypatch, tmp_path):
    """A PATH on which no ffmpeg, ffprobe or poppler tool can be found."""
    monkeypatch.setenv("PATH", str(tmp_path))
    media.tiny_video.cache_clear()
    yield
    media.tiny_video.cache_clear()


@pytest.mark.parametrize("webm", [False, True])
def test_the_training_video_is_made_without_ffmpeg(no_system_binaries, tmp_path, webm):
    video = media.tiny_video(2, webm=webm)
    path = tmp_path / ("v.webm" if webm else "v.mp4")
    path.write_bytes(video)
    assert services.probe_duration(str(path)) == pytest.approx(2.0, abs=0.3)


def test_probe_duration_refuses_a_file_with_no_video(no_system_binaries, tmp_path):
    path = tmp_path / "not-video.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)
    assert services.probe_duration(str(path)) is None
