"""Case documents through a real browser: attaching a file on the case page's panel,
a refused file's message, downloads, who sees what, axe-core on every page, and
screenshots in var/screenshots/ for a person to look at."""

import json
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

from haven.documents import samples
from haven.testing.browser import (
    FAILING_IMPACTS,
    REPO_ROOT,
    SCREENSHOT_DIR,
    HavenServer,
    PageWatch,
    axe_violations,
    demo_password,
    demo_personas,
    format_violations,
    save_screenshot,
    server_env,
    sign_in,
)

pytestmark = pytest.mark.browser
CITATION = "Gen. Stat. § 17a-106f"


def _persona(discipline: str):
    return next(p for p in demo_personas() if p.discipline == discipline)


@pytest.fixture(scope="module")
def demo_case(server: HavenServer) -> dict:
    """A demo case of the demo detective with documents (haven/documents/demo.py), loaded
    into the browser server's own database."""
    code = (
        "import json; from haven.documents.demo import seed_documents; "
        "print(json.dumps(seed_documents()))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env=server_env(server.database_url, server.var_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    made = json.loads(result.stdout.strip().splitlines()[-1])
    assert made, "the demo has no case of the demo detective"
    return made


def _signed_in(new_context, server, discipline: str) -> Page:
    page = new_context(accept_downloads=True).new_page()
    sign_in(page, server, _persona(discipline).email, demo_password())
    assert urlsplit(page.url).path == "/"
    return page


def _check(page: Page, where: str, watch: PageWatch) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not serious, format_violations(where, serious)
    problems = [e.text for e in watch.take() if e.is_csp_violation or e.uncaught]
    assert not problems, f"{where}: {problems}"


def _shoot_panel(page: Page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator("section#documents").screenshot(
        path=str(SCREENSHOT_DIR / f"{name}.png"), animations="disabled"
    )


def _file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": content}


def test_a_detective_attaches_a_police_report_on_the_case_page(
    new_context, server: HavenServer, demo_case
):
    page = _signed_in(new_context, server, "law_enforcement")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/#documents"))
    panel = page.locator("section#documents")
    expect(panel).to_contain_text("Police report")
    page.locator("#attach-document").locator("xpath=..").locator("summary").click()
    form = page.locator("#attach-document")
    form.get_by_label("Kind of document").select_option("police_report")
    form.get_by_label("Description (optional)").fill("Supplementary report, canvass")
    form.locator("input[type=file]").set_input_files(
        _file("supplementary.pdf", samples.pdf_bytes(["Supplementary report (browser test)"]))
    )
    _check(page, "[law_enforcement] case page, attach form open", watch)
    form.get_by_role("button", name="Attach").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("attached to the law enforcement")
    panel = page.locator("section#documents")
    expect(panel).to_contain_text("Supplementary report, canvass")
    _shoot_panel(page, "documents__law_enforcement__panel-after-upload")
    save_screenshot(page, "documents__law_enforcement__case-page")
    _check(page, "[law_enforcement] case page after upload", watch)

    with page.expect_download() as caught:
        panel.locator("tr", has_text="Supplementary report, canvass").get_by_role(
            "link", name="Download"
        ).click()
    download = caught.value
    assert download.suggested_filename.startswith("document-")
    assert download.suggested_filename.endswith(".pdf")


def test_a_refused_file_says_why_and_keeps_the_description(
    new_context, server: HavenServer, demo_case
):
    page = _signed_in(new_context, server, "law_enforcement")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/documents/new/"))
    page.get_by_label("Kind of document").select_option("police_report")
    page.get_by_label("Description (optional)").fill("Scene photo")
    page.locator("input[type=file]").set_input_files(_file("photo.pdf", samples.png_bytes()))
    page.get_by_role("button", name="Attach").click()
    main = page.locator("main")
    expect(main).to_contain_text("named .pdf but its content is PNG image")
    expect(page.get_by_label("Description (optional)")).to_have_value("Scene photo")
    save_screenshot(page, "documents__law_enforcement__refused-file")
    _check(page, "[law_enforcement] refused file", watch)


def test_a_dcf_worker_attaching_a_police_report_is_refused_citing_the_statute(
    new_context, server: HavenServer, demo_case
):
    page = _signed_in(new_context, server, "dcf")
    watch = PageWatch(page)
    response = page.goto(server.url(f"/cases/{demo_case['case']}/documents/new/"))
    assert response is not None and response.status == 200
    page.get_by_label("Kind of document").select_option("police_report")
    page.locator("input[type=file]").set_input_files(_file("report.pdf", samples.pdf_bytes(["x"])))
    page.get_by_role("button", name="Attach").click()
    expect(page.locator("main")).to_contain_text(CITATION)
    expect(page.locator("main")).to_contain_text("law enforcement officers")
    save_screenshot(page, "documents__dcf__refused-police-report")
    _check(page, "[dcf] refused police report", watch)


def test_the_therapist_sees_no_police_report(new_context, server: HavenServer, demo_case):
    page = _signed_in(new_context, server, "mental_health")
    response = page.goto(server.url(f"/cases/{demo_case['case']}/"))
    # The demo assigns its therapist to this case (haven/documents/demo.py).
    assert response is not None and response.status == 200
    panel = page.locator("section#documents")
    expect(panel).to_be_visible()
    table = panel.locator("#documents-table")
    expect(table).not_to_contain_text("Police report")
    expect(table).to_contain_text("Release of information")
    _shoot_panel(page, "documents__mental_health__panel")
