"""A tiny real video (made with PyAV) and its WebVTT captions: the demo's training video and
the tests' fixtures. Not a test module, so the demo may import it."""

import functools
import io

CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:01.500\nLook for guests who cannot speak for themselves.\n\n"
    "00:01.500 --> 00:03.000\nReport concerns to police or the DCF Careline.\n"
)

_WIDTH, _HEIGHT, _RATE = 320, 180, 10
# Haven blue (#1a4480) in BT.601 Y, Cb, Cr: the frame is built plane by plane.
_BLUE_YUV = (70, 161, 105)


@functools.cache
def tiny_video(seconds: int = 3, webm: bool = False) -> bytes:
    """An MP4 (H.264), or a WebM (VP8) that every Chromium build plays: a plain blue frame."""
    import av

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="webm" if webm else "mp4") as container:
        stream = container.add_stream("libvpx" if webm else "libx264", rate=_RATE)
        stream.width, stream.height, stream.pix_fmt = _WIDTH, _HEIGHT, "yuv420p"
        if webm:
            stream.bit_rate = 200_000
        else:
            stream.options = {"preset": "ultrafast"}
        for index in range(seconds * _RATE):
            frame = av.VideoFrame(_WIDTH, _HEIGHT, "yuv420p")
            for plane, value in zip(frame.planes, _BLUE_YUV, strict=True):
                plane.update(bytes([value]) * plane.buffer_size)
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()
