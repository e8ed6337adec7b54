"""HTTP pieces shared by the pages and the API: byte ranges of a sealed recording, and
upload parts addressed by Content-Range."""

import re

from django.http import HttpResponse, StreamingHttpResponse

from haven.core import sealed
from haven.core.errors import HavenError
from haven.interviews.models import Recording

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
_EXTENSIONS = {
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/quicktime": "mov",
    "audio/mp4": "m4a",
    "audio/wav": "wav",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "video/x-msvideo": "avi",
    "video/mpeg": "mpg",
    "video/mp2t": "ts",
}


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive from a Range header; None for the whole file.
    HavenError 416 for a range that cannot be served (multiple ranges are not offered)."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        raise HavenError("Unsupported range.", status=416, code="bad_range")
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise HavenError("The range is outside the recording.", status=416, code="bad_range")
    return start, end


def parse_content_range(header: str) -> tuple[int, int, int]:
    """(start, end inclusive, total) from an upload part's Content-Range."""
    match = _CONTENT_RANGE.match((header or "").strip())
    if not match:
        raise HavenError(
            "Send each part with Content-Range: bytes START-END/TOTAL.", code="bad_part"
        )
    start, end, total = (int(g) for g in match.groups())
    if end < start:
        raise HavenError("Content-Range ends before it starts.", code="bad_part")
    return start, end, total


def file_name(recording: Recording) -> str:
    """Never the child's name, nor the uploaded name: the recording's id."""
    return f"recording-{recording.public_id}.{_EXTENSIONS.get(recording.content_type, 'bin')}"


def stream_response(
    recording: Recording,
    sealed_file: sealed.SealedFile,
    byte_range: tuple[int, int] | None,
    *,
    download: bool = False,
):
    """The recording (or the range), decrypted chunk by chunk as it is sent.

    The first chunk is opened before the response starts, so a wrong key or a tampered
    chunk is a clean error rather than a half-sent video.
    """
    size = recording.size
    start, end = byte_range or (0, size - 1)
    pieces = sealed_file.read_range(start, end)
    first = next(pieces)

    def body():
        yield first
        yield from pieces

    response = StreamingHttpResponse(
        body(),
        status=206 if byte_range else 200,
        content_type=recording.content_type or "application/octet-stream",
    )
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name(recording)}"'
    return response


def range_not_satisfiable(recording: Recording) -> HttpResponse:
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{recording.size}"
    return response
