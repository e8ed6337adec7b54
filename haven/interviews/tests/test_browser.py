"""Forensic interviews in a real browser: scheduling, uploading a generated video in
parts, completing the interview, and playback with the watermark. Screenshots of each in
var/screenshots/interviews-*.png; axe-core on each page."""

import array
import math
import os

import av
import pytest

try:
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("Browser tests skipped: playwright is not installed", allow_module_level=True)

from haven.testing.browser import (
    demo_password,
    format_violations,
    save_screenshot,
    serious_axe_violations,
    sign_in,
)

pytestmark = pytest.mark.browser
COORDINATOR = "coordinator@demo.haven.test"
INTERVIEWER = "forensic.interviewer@demo.haven.test"


@pytest.fixture(scope="module")
def test_video(tmp_path_factory):
    """A 4-second WebM (VP8 video with a moving bar, Opus tone at 440 Hz), made with PyAV."""
    path = tmp_path_factory.mktemp("video") / "interview.webm"
    width, height, rate, sample_rate = 640, 360, 15, 48000
    with av.open(str(path), mode="w", format="webm") as container:
        video = container.add_stream("libvpx", rate=rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.bit_rate = 300_000
        audio = container.add_stream("libopus", rate=sample_rate)
        audio.layout = "mono"
        for index in range(4 * rate):
            frame = av.VideoFrame(width, height, "yuv420p")
            luma, cb, cr = frame.planes
            bar = (index * 8) % width  # a bright bar that moves, so playback visibly advances
            row = bytearray([60]) * luma.line_size
            row[bar : bar + 40] = bytes([235]) * len(row[bar : bar + 40])
            luma.update(bytes(row) * height)
            cb.update(bytes([128]) * cb.buffer_size)
            cr.update(bytes([128]) * cr.buffer_size)
            frame.pts = index
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        samples = 960  # 20 ms, Opus's frame
        for start in range(0, 4 * sample_rate, samples):
            tone = array.array(
                "h",
                (
                    int(8000 * math.sin(2 * math.pi * 440 * (start + i) / sample_rate))
                    for i in range(samples)
                ),
            )
            frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
            frame.planes[0].update(tone.tobytes())
            frame.sample_rate, frame.pts = sample_rate, start
            container.mux(audio.encode(frame))
        container.mux(audio.encode(None))
    return path


def assert_accessible(page, where):
    serious = serious_axe_violations(page)
    assert not serious, format_violations(where, serious)


def test_schedule_upload_complete_and_play(server, new_context, test_video):
    page = new_context().new_page()
    sign_in(page, server, COORDINATOR, demo_password())
    page.goto(server.url("/cases/?status=open"))
    page.locator("main table tbody a").first.click()
    case_url = page.url
    page.goto(case_url.rstrip("/").replace("/cases/", "/interviews/cases/") + "/schedule/")
    expect(page.get_by_role("heading", name="Schedule a forensic interview")).to_be_visible()
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("Interview model or protocol").select_option("childfirst")
    page.get_by_label("Developmental considerations").fill("Short breaks; uses a picture card.")
    page.get_by_label("Requested by").fill("Det. L. Ortega")
    assert_accessible(page, "schedule")
    save_screenshot(page, "interviews-schedule")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_text("Interview scheduled.")).to_be_visible()
    interview_url = page.url
    assert "/interviews/" in interview_url

    page = new_context().new_page()
    sign_in(page, server, INTERVIEWER, demo_password())
    page.goto(interview_url)
    page.set_input_files("#recording-file", str(test_video))
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Upload").click()
    expect(page.locator("main table").nth(1)).to_contain_text("Ready")
    page.locator("summary", has_text="Change status or complete").click()
    page.get_by_label("New status").select_option("completed")
    page.get_by_label("Disclosure outcome").select_option("partial")
    page.get_by_label("Notes for the team").fill("Child engaged well; follow-up with advocate.")
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Interview status saved.")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Completed")
    assert_accessible(page, "completed interview")
    save_screenshot(page, "interviews-completed")

    page.locator("main table").nth(1).locator("a").first.click()
    video = page.locator("video")
    expect(video).to_be_visible()
    for _ in range(100):  # the page's CSP forbids wait_for_function's eval
        if page.evaluate("() => document.querySelector('video').readyState") >= 2:
            break
        page.wait_for_timeout(200)
    assert page.evaluate("() => document.querySelector('video').readyState") >= 2
    page.evaluate("document.querySelector('video').currentTime = 2")
    page.wait_for_timeout(500)
    viewer = page.locator(".haven-userbox strong").inner_text()
    expect(page.locator(".haven-watermark")).to_contain_text(viewer)
    assert_accessible(page, "playback")
    save_screenshot(page, "interviews-playback")
    expect(page.locator("main")).to_contain_text("Recording played")


def test_the_schedule_page_offers_a_working_day_and_shows_the_rooms_of_the_day_asked(
    server, new_context
):
    """Issue 20: the default date was tomorrow even on a Friday, and the rooms panel could
    show another day than the one asked."""
    import datetime

    page = new_context().new_page()
    sign_in(page, server, COORDINATOR, demo_password())
    page.goto(server.url("/cases/?status=open"))
    page.locator("main table tbody a").first.click()
    schedule_url = page.url.rstrip("/").replace("/cases/", "/interviews/cases/") + "/schedule/"
    page.goto(schedule_url)
    offered = datetime.date.fromisoformat(page.locator("#id_day").input_value())
    assert offered.weekday() < 5, f"offered {offered:%A}"
    expect(
        page.get_by_role("heading", name=f"Rooms on {offered:%A, %B} {offered.day}")
    ).to_be_visible()
    typed = "Short breaks; uses a picture card."
    page.get_by_label("Developmental considerations").fill(typed)
    wanted = offered + datetime.timedelta(days=7)
    page.get_by_label("Show the rooms on").fill(wanted.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(
        page.get_by_role("heading", name=f"Rooms on {wanted:%A, %B} {wanted.day}")
    ).to_be_visible()
    # The booking form's own date moves the panel too; nothing typed is lost either way.
    later = wanted + datetime.timedelta(days=1)
    page.locator("#id_day").fill(later.isoformat())
    page.locator("#id_day").dispatch_event("change")
    expect(page.get_by_role("heading", name=f"Rooms on {later:%A, %B} {later.day}")).to_be_visible()
    expect(page.get_by_label("Developmental considerations")).to_have_value(typed)
    assert_accessible(page, "schedule, rooms of another day")
    save_screenshot(page, "interviews-schedule-rooms-day")
    page.set_viewport_size({"width": 375, "height": 800})
    save_screenshot(page, "interviews-schedule-rooms-day-375")
