"""The investigation sections through a real browser: each investigator's view of a case,
the forms, the statute's refusals (Gen. Stat. § 17a-106f), axe-core on every page, and a
screenshot of each section in var/screenshots/ for a person to look at."""

import datetime
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
SECTIONS = ["trafficking", "law-enforcement", "child-protection", "prosecution"]


def _persona(discipline: str):
    return next(p for p in demo_personas() if p.discipline == discipline)


@pytest.fixture(scope="module")
def demo_case(server: HavenServer) -> dict:
    """One demo case with every section filled (haven/demo/investigations.py), loaded into
    the browser server's own database."""
    code = (
        "import json; from haven.demo.investigations import seed_investigations; "
        "print(json.dumps(seed_investigations()))"
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
    assert made, "the demo has no case assigned to both the detective and the DCF worker"
    return made


def _signed_in(new_context, server, discipline: str) -> Page:
    page = new_context().new_page()
    sign_in(page, server, _persona(discipline).email, demo_password())
    assert urlsplit(page.url).path == "/"
    return page


def _check(page: Page, where: str, watch: PageWatch) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not serious, format_violations(where, serious)
    problems = [e.text for e in watch.take() if e.is_csp_violation or e.uncaught]
    assert not problems, f"{where}: {problems}"


def _shoot_section(page: Page, key: str, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator(f"section#{key}").screenshot(
        path=str(SCREENSHOT_DIR / f"{name}.png"), animations="disabled"
    )


def _other_case(page: Page, server: HavenServer, demo_case: dict) -> str:
    """The path of one of the user's own open cases other than the demo one."""
    page.goto(server.url("/cases/?mine=on&status=open"))
    for link in page.get_by_role("table").get_by_role("link").all():
        if link.inner_text().strip() != demo_case["number"]:
            return urlsplit(link.get_attribute("href")).path
    raise AssertionError("no other case of this user")


def _day(days_ago: int) -> str:
    return (datetime.date.today() - datetime.timedelta(days=days_ago)).isoformat()


# --- each investigator's view of a case -----------------------------------------------


@pytest.mark.parametrize(
    ("discipline", "own"),
    [
        ("law_enforcement", "law-enforcement"),
        ("dcf", "child-protection"),
        ("states_attorney", "prosecution"),
        ("coordinator", "trafficking"),
    ],
)
def test_each_investigator_sees_the_sections_and_may_edit_only_their_own(
    new_context, server: HavenServer, demo_case, discipline, own
):
    page = _signed_in(new_context, server, discipline)
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/"))
    for key in SECTIONS:
        expect(page.locator(f"section#{key}")).to_be_visible()
        _shoot_section(page, key, f"investigations__{discipline}__{key}")
    save_screenshot(page, f"investigations__{discipline}__case-page")
    _check(page, f"[{discipline}] case page", watch)
    editing = {
        "law-enforcement": "Update the",
        "child-protection": "Update the DCF investigation",
        "prosecution": "Add a charge",
    }
    for key, button in editing.items():
        links = page.locator(f"section#{key}").get_by_role("link", name=button)
        if key == own:
            expect(links.first).to_be_visible()
        else:
            expect(links).to_have_count(0)


# --- § 17a-106f in the browser -----------------------------------------------------------


def test_a_detective_records_an_investigation_and_is_refused_the_dcf_form(
    new_context, server: HavenServer, demo_case
):
    page = _signed_in(new_context, server, "law_enforcement")
    watch = PageWatch(page)
    case_path = _other_case(page, server, demo_case)
    page.goto(server.url(case_path))
    page.get_by_role("link", name="Record a law-enforcement investigation").click()
    expect(page.locator("h1")).to_have_text("Law-enforcement investigation")
    page.get_by_label("Police report number").fill("NHPD-BR-0001")
    page.get_by_label("Opened on").fill(_day(5))
    page.get_by_label("Narrative").fill("Interviewed the reporting teacher; canvass pending.")
    save_screenshot(page, "investigations__law_enforcement__form")
    _check(page, "[law_enforcement] investigation form", watch)
    page.get_by_role("button", name="Save the investigation").click()
    section = page.locator("section#law-enforcement")
    expect(section).to_contain_text("NHPD-BR-0001")
    expect(page.locator(".usa-alert--success")).to_contain_text("saved")
    _shoot_section(page, "law-enforcement", "investigations__law_enforcement__recorded")

    response = page.goto(server.url(case_path + "child-protection/"))
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text(CITATION)
    expect(page.locator("main")).to_contain_text("Department of Children and Families")
    save_screenshot(page, "investigations__law_enforcement__refused-dcf-form")
    _check(page, "[law_enforcement] refused DCF form", watch)


def test_a_dcf_worker_names_the_worker_before_a_finding_and_is_refused_the_police_form(
    new_context, server: HavenServer, demo_case
):
    page = _signed_in(new_context, server, "dcf")
    watch = PageWatch(page)
    case_path = _other_case(page, server, demo_case)
    page.goto(server.url(case_path + "child-protection/"))
    page.get_by_label("DCF worker").select_option(index=0)  # "- Not yet assigned -"
    page.get_by_label("Careline report number").fill("CL-BR-1")
    page.get_by_label("Careline report date").fill(_day(6))
    page.locator("#id_finding").select_option("substantiated")
    page.get_by_label("Finding date").fill(_day(1))
    page.get_by_label("Safety decisions").fill("Safety plan with the grandmother.")
    page.get_by_role("button", name="Save the investigation").click()
    expect(page.locator("main")).to_contain_text("choose the DCF worker")
    expect(page.get_by_label("Safety decisions")).to_have_value("Safety plan with the grandmother.")
    save_screenshot(page, "investigations__dcf__finding-without-worker")
    _check(page, "[dcf] finding without a worker", watch)
    page.get_by_label("DCF worker").select_option(index=1)
    page.get_by_role("button", name="Save the investigation").click()
    expect(page.locator("section#child-protection")).to_contain_text("Substantiated")

    page.get_by_role("link", name="Record a court hearing").click()
    page.get_by_label("Hearing date").fill(_day(3))
    page.locator("#id_kind").select_option("preliminary")
    page.get_by_label("Outcome").fill("Continued for four weeks.")
    page.get_by_role("button", name="Record the hearing").click()
    page.get_by_role("link", name="Record team information relied on").click()
    page.get_by_label("Kind of team information").select_option("forensic_interview")
    page.get_by_label("Which item").fill("Forensic interview at the CAC")
    page.get_by_label("Relied on (date)").fill(_day(2))
    save_screenshot(page, "investigations__dcf__relied-on-form")
    _check(page, "[dcf] relied-on form", watch)
    page.get_by_role("button", name="Record it").click()
    section = page.locator("section#child-protection")
    expect(section).to_contain_text("Forensic interview at the CAC")
    expect(section).to_contain_text("Continued for four weeks.")
    _shoot_section(page, "child-protection", "investigations__dcf__recorded")

    response = page.goto(server.url(case_path + "law-enforcement/new/"))
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text(CITATION)
    expect(page.locator("main")).to_contain_text("law enforcement officers")
    save_screenshot(page, "investigations__dcf__refused-police-form")


# --- prosecution and trafficking ----------------------------------------------------------


def test_the_prosecutor_is_told_when_a_disposition_precedes_the_charge(
    new_context, server: HavenServer, demo_case
):
    page = _signed_in(new_context, server, "states_attorney")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/"))
    page.locator("section#prosecution").get_by_role("link", name="Add a charge").click()
    page.get_by_label("Statute").fill("53a-196a")
    page.locator("#id_description").fill("Employing a minor in an obscene performance")
    page.get_by_label("Class").select_option("felony_a")
    page.get_by_label("Date filed").fill(_day(4))
    save_screenshot(page, "investigations__states_attorney__charge-form")
    _check(page, "[states_attorney] charge form", watch)
    page.get_by_role("button", name="Add the charge").click()
    page.get_by_role("link", name="Record disposition of § 53a-196a").click()
    page.locator("#id_disposition").select_option("nolle")
    page.get_by_label("Disposition date").fill(_day(9))
    page.get_by_role("button", name="Record the disposition").click()
    expect(page.locator("main")).to_contain_text("before the charge was filed")
    save_screenshot(page, "investigations__states_attorney__disposition-refused")
    _check(page, "[states_attorney] disposition refused", watch)


def test_the_coordinator_records_trafficking_details(new_context, server: HavenServer, demo_case):
    page = _signed_in(new_context, server, "coordinator")
    watch = PageWatch(page)
    page.goto(server.url(f"/cases/{demo_case['case']}/trafficking/"))
    expect(page.get_by_label("Stays at hotels or motels")).to_be_checked()
    page.get_by_text("Working to pay off a debt").click()  # USWDS styles the label
    expect(page.get_by_label("Working to pay off a debt")).to_be_checked()
    save_screenshot(page, "investigations__coordinator__trafficking-form")
    _check(page, "[coordinator] trafficking form", watch)
    page.get_by_role("button", name="Save the details").click()
    section = page.locator("section#trafficking")
    expect(section).to_contain_text("Working to pay off a debt")
    expect(page.locator(".usa-summary-box")).to_contain_text("trafficking")
    _shoot_section(page, "trafficking", "investigations__coordinator__trafficking-saved")
