"""Services through a real browser: the tracking table, a referral's lifecycle and the
assessment chart, each checked with axe-core and saved in var/screenshots/ to look at."""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import Page
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
    demo_personas,
    format_violations,
    server_env,
    sign_in,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_case(server: HavenServer) -> dict:
    code = (
        "import json; from haven.demo.services import seed_services; "
        "print(json.dumps(seed_services()))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env=server_env(server.database_url, server.var_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    made = json.loads(result.stdout.strip().splitlines()[-1])
    assert made, "the demo has no case with a caregiver"
    return made


def _signed_in(new_context, server, discipline: str) -> Page:
    persona = next(p for p in demo_personas() if p.discipline == discipline)
    page = new_context().new_page()
    sign_in(page, server, persona.email, demo_password())
    assert urlsplit(page.url).path == "/"
    return page


def _check(page: Page, where: str, watch: PageWatch) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not serious, format_violations(where, serious)
    problems = [e.text for e in watch.take() if e.is_csp_violation or e.uncaught]
    assert not problems, f"{where}: {problems}"


def _shoot(locator, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), animations="disabled")


def test_the_tracking_table_on_the_case_page(new_context, server, demo_case):
    page = _signed_in(new_context, server, "coordinator")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/"))
    table = page.locator("#tracking-table")
    for line in ("Forensic interview", "Medical", "Mental health", "Advocacy", "Prosecution"):
        assert table.get_by_role("rowheader", name=line).count() == 1
    assert "Engaged (TF-CBT)" in table.inner_text()
    _check(page, "case page (services)", watch)
    _shoot(page.locator("section#services"), "services-tracking-table")


def test_a_referrals_lifecycle_and_the_clinicians_notes(new_context, server, demo_case):
    page = _signed_in(new_context, server, "mental_health")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/services/referrals/{demo_case['referral']}/"))
    assert "Trauma narrative work." in page.locator("#sessions").inner_text()
    steps = page.locator("#lifecycle li").all_inner_texts()
    assert [s.split()[0] for s in steps] == ["Referred", "Scheduled", "Engaged"]
    _check(page, "referral page", watch)
    _shoot(page.locator("main"), "services-referral-lifecycle")
    # Complete it through the form, then try to decline it: refused, nothing lost.
    page.get_by_label("What happened").select_option("complete")
    page.get_by_role("button", name="Update the referral").click()
    assert page.locator("#referral-status").inner_text().strip().lower() == "completed"


def test_the_coordinator_does_not_read_the_clinical_note(new_context, server, demo_case):
    page = _signed_in(new_context, server, "coordinator")
    page.goto(server.url(f"/cases/{demo_case['case']}/services/referrals/{demo_case['referral']}/"))
    text = page.locator("#sessions").inner_text()
    assert "Trauma narrative work." not in text and "for mental-health users only" in text
    assert "caregiver joined" in text  # the shared note


def test_the_assessment_chart(new_context, server, demo_case):
    page = _signed_in(new_context, server, "mental_health")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/"))
    section = page.locator("section#mental-health")
    assert section.locator("svg circle").count() == 3
    assert "improved" in section.inner_text().lower()
    _check(page, "case page (mental health)", watch)
    _shoot(section, "services-assessment-chart")
