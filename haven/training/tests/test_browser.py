"""Training in a real browser: a learner plays a captioned video (the server decides it
was watched), reads, passes the quiz and downloads the certificate (rendered to PNG with
pypdfium2), and the training administrator's compliance page; axe-core on each page and a
screenshot of each in var/screenshots/ to look at."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("Browser tests skipped: playwright is not installed", allow_module_level=True)

from haven.testing.browser import (
    FAILING_IMPACTS,
    REPO_ROOT,
    SCREENSHOT_DIR,
    HavenServer,
    PageWatch,
    axe_violations,
    demo_password,
    format_violations,
    save_screenshot,
    server_env,
    sign_in,
)
from haven.testing.pdf import pdf_page_png

pytestmark = pytest.mark.browser
TRAINER = "training.admin@demo.haven.test"


@pytest.fixture(scope="module")
def demo_training(server: HavenServer) -> None:
    code = "from haven.demo.training import seed_training; print(seed_training())"
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env=server_env(server.database_url, server.var_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]


def _check(page: Page, where: str, watch: PageWatch) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not serious, format_violations(where, serious)
    problems = [e.text for e in watch.take() if e.is_csp_violation or e.uncaught]
    assert not problems, f"{where}: {problems}"


def _signed_in(new_context, server) -> Page:
    page = new_context().new_page()
    sign_in(page, server, TRAINER, demo_password())
    assert urlsplit(page.url).path == "/"
    return page


def test_a_learner_watches_the_captioned_video_passes_the_quiz_and_gets_a_certificate(
    new_context, server: HavenServer, demo_training, tmp_path
):
    page = _signed_in(new_context, server)
    watch = PageWatch(page)
    page.goto(server.url("/training/"))
    _check(page, "training: programs", watch)
    page.get_by_role(
        "link", name="Recognising trafficking in hotels, motels and inns", exact=True
    ).click()
    page.get_by_role("button", name="Enrol").click()
    page.get_by_role("link", name="Recognising potential victims").click()
    video = page.locator("video#training-video")
    expect(video.locator("track[kind=captions]")).to_have_count(1)
    page.wait_for_function("document.getElementById('training-video').readyState >= 1")
    page.evaluate(
        "() => { const v = document.getElementById('training-video'); v.muted = true;"
        " v.playbackRate = 2; v.textTracks[0].mode = 'showing'; return v.play(); }"
    )
    page.wait_for_timeout(1500)
    save_screenshot(page, "training__1-learner-video-with-captions")
    expect(page.locator("#video-status")).to_have_text(
        "Watched: this module is done.", timeout=20000
    )
    _check(page, "training: video module", watch)
    page.get_by_role("link", name="← Recognising trafficking in hotels, motels and inns").click()
    page.get_by_role("link", name="What trafficking looks like").click()
    page.get_by_role("button", name="I have read this").click()
    page.get_by_role("link", name="Check").click()
    # USWDS draws its own radio buttons: the label is what a person clicks.
    page.locator("label", has_text="Someone else controls their ID and money").click()
    page.locator("label", has_text="Police (911) or the DCF Careline").click()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("You scored 100%")).to_be_visible()
    save_screenshot(page, "training__2-quiz-passed")
    _check(page, "training: quiz", watch)
    page.get_by_role("link", name="← Recognising trafficking in hotels, motels and inns").click()
    expect(page.get_by_role("heading", name="Complete")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    pdf = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    pdf_page_png(pdf.read_bytes(), SCREENSHOT_DIR / "training__3-certificate-pdf.png")


def test_the_training_administrator_sees_compliance(
    new_context, server: HavenServer, demo_training
):
    page = _signed_in(new_context, server)
    watch = PageWatch(page)
    page.goto(server.url("/training/compliance/"))
    expect(page.get_by_role("heading", name="Training compliance")).to_be_visible()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    save_screenshot(page, "training__4-compliance")
    _check(page, "training: compliance", watch)


def test_the_public_verification_page(new_context, server: HavenServer, demo_training):
    page = new_context().new_page()
    watch = PageWatch(page)
    page.goto(server.url("/training/verify/"))
    page.get_by_label("Verification code").fill("FORGEDCODE99")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("No certificate has this code")).to_be_visible()
    save_screenshot(page, "training__5-verify-forged")
    _check(page, "training: verify", watch)


def _agency_of(server: HavenServer, email: str) -> str:
    code = (
        "from haven.accounts.models import User; "
        f"print(User.objects.select_related('agency').get(email={email!r}).agency.name)"
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env=server_env(server.database_url, server.var_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout.strip().splitlines()[-1]


def test_the_training_administrator_designates_and_revokes_an_employers_contact(
    new_context, server: HavenServer, demo_training
):
    officer = "law.enforcement@demo.haven.test"
    police = _agency_of(server, officer)
    page = _signed_in(new_context, server)
    watch = PageWatch(page)
    page.goto(server.url("/training/"))
    page.get_by_role("link", name="Employers' contacts").click()
    expect(page.get_by_role("heading", name="Employers' contacts")).to_be_visible()
    _check(page, "training: contacts", watch)
    # The wrong employer: refused, naming where the officer works; the email is kept.
    employer = page.locator("select#id_employer")
    options = [o.strip() for o in employer.locator("option").all_text_contents()]
    others = [o for o in options if o and o != police and not o.startswith("-")]
    assert others, f"no other employer to choose among {options} (police: {police})"
    wrong = others[0]
    employer.select_option(label=wrong)
    page.get_by_label("Staff member's email").fill(officer)
    page.get_by_role("button", name="Designate").click()
    expect(page.get_by_text(f"works for {police}")).to_be_visible()
    expect(page.get_by_label("Staff member's email")).to_have_value(officer)
    save_screenshot(page, "training_contacts__1-wrong-employer")
    _check(page, "training: contacts refused", watch)
    page.locator("select#id_employer").select_option(label=police)
    page.get_by_role("button", name="Designate").click()
    expect(page.get_by_text(f"now sees the training records of staff at {police}")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=officer)).to_have_count(1)
    save_screenshot(page, "training_contacts__2-designated")
    _check(page, "training: contact designated", watch)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("No employer has a designated contact yet.")).to_be_visible()
    save_screenshot(page, "training_contacts__3-revoked")
