"""Byte ranges of a training video (plain storage: training videos are not confidential)."""

import re

from django.http import HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive; None for the whole file; ValueError if unsatisfiable."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        raise ValueError("unsupported range")
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise ValueError("outside the file")
    return start, end


def stream_file(field_file, *, size: int, content_type: str, range_header: str, name: str):
    try:
        byte_range = parse_range(range_header, size)
    except ValueError:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = byte_range or (0, size - 1)

    def body():
        with field_file.open("rb") as handle:
            handle.seek(start)
            left = end - start + 1
            while left > 0:
                piece = handle.read(min(CHUNK, left))
                if not piece:
                    break
                left -= len(piece)
                yield piece

    response = StreamingHttpResponse(
        body(), status=206 if byte_range else 200, content_type=content_type
    )
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
