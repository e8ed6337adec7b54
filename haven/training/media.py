"""A tiny real video (ffmpeg) and its WebVTT captions: the demo's training video and the
tests' fixtures. Not a test module, so the demo may import it."""

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:01.500\nLook for guests who cannot speak for themselves.\n\n"
    "00:01.500 --> 00:03.000\nReport concerns to police or the DCF Careline.\n"
)


@functools.cache
def tiny_video(seconds: int = 3, webm: bool = False) -> bytes:
    """An MP4 (H.264), or a WebM (VP8) that every Chromium build plays."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is needed to make the training video")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("v.webm" if webm else "v.mp4")
        codec = (
            ["-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime"]
            if webm
            else ["-vf", "format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast"]
        )
        subprocess.run(  # noqa: S603 - a fixed tool writing to our own temporary file
            [
                ffmpeg,
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"color=c=0x1a4480:s=320x180:d={seconds}:r=10",
                *codec,
                str(out),
            ],
            check=True,
            timeout=60,
        )
        return out.read_bytes()
