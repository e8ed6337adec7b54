"""Haven through a real browser: every persona's pages under axe-core, and the flows that
only a browser can show (sign-in, lockout, staff administration, the session countdown).

The server is real (gunicorn, demo data, its own database); see haven/testing/browser.py.
Screenshots of every page land in var/screenshots/ for a person to look at.
"""

import os
import re
from urllib.parse import urlsplit
from uuid import uuid4

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip(
        "Browser tests skipped: the playwright package is not installed",
        allow_module_level=True,
    )

from haven.access.rules import CAPABILITIES, Capability
from haven.testing.browser import (
    FAILING_IMPACTS,
    HavenServer,
    PageWatch,
    Persona,
    axe_violations,
    demo_password,
    demo_personas,
    format_violations,
    page_slug,
    route_shape,
    save_screenshot,
    serious_axe_violations,
    session_cookie,
    sign_in,
)

pytestmark = pytest.mark.browser

PERSONAS = demo_personas()
PASSWORD = demo_password()

API_DOCS = "/api/v1/docs/"
# Pages every signed-in person reaches, whatever their discipline.
EVERYONE_STARTS_AT = [
    "/",
    "/directory/",
    "/directory/districts/",
    "/teams/",
    "/accounts/2fa/",
    API_DOCS,
]
EVERYONE_MUST_REACH = {
    "/",
    "/directory/",
    "/directory/districts/",
    "/directory/agencies/{id}/",
    "/accounts/2fa/",
}
# Pages that come with a capability: where the crawl starts, and what it must have reached.
CAPABILITY_PAGES = {
    Capability.MANAGE_STAFF: (["/staff/", "/staff/new/"], {"/staff/{id}/"}),
    Capability.EDIT_ROLE_MATRIX: (["/access/matrix/"], set()),
    Capability.VIEW_AUDIT_LOG: (["/audit/"], set()),
    Capability.VIEW_STATEWIDE_TEAMS: (["/teams/statewide/"], set()),
    Capability.REVIEW_DUPLICATES: (["/people/duplicates/"], set()),
}
# Links the crawl does not follow: not pages (downloads, the API, sign-out, language POSTs).
NOT_PAGES = ("/api/", "/i18n/", "/static/", "/accounts/logout/", "/accounts/session/")
MAX_PAGES_PER_PERSONA = 40


def persona(discipline: str) -> Persona:
    return next(p for p in PERSONAS if p.discipline == discipline)


def is_page_link(url: str, server: HavenServer) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != server.base_url:
        return False
    path = parts.path
    downloads = (
        path.endswith((".csv", ".xlsx", ".pdf", ".ics", ".vtt", ".webm", ".mp4"))
        or "download" in path
        or "/stream" in path
        or "/media/" in path
    )
    return not (path.startswith(NOT_PAGES) or downloads)


def links_on(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href]", "links => links.filter(a => !a.hasAttribute('download')).map(a => a.href)"
    )


def audit_page(page: Page, where: str, watch: PageWatch, problems: list[str]) -> None:
    """axe-core and the console for the page as it is now; problems are appended, not raised.

    Serious and critical axe violations, CSP violations and uncaught script errors are
    problems; lesser axe findings and other console errors (a 403 page's own status, say)
    are printed only.
    """
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if serious:
        problems.append(format_violations(where, serious))
    for v in violations:
        if v not in serious:
            print(f"axe ({v['impact']}, not failed) {where}: {v['id']}: {v['help']}")
    for entry in watch.take():
        if entry.is_csp_violation:
            problems.append(f"{where}: Content-Security-Policy violation: {entry.text}")
        elif entry.uncaught:
            problems.append(f"{where}: {entry.text}")
        else:
            print(f"console error on {entry}")


def signed_in_page(new_context, server: HavenServer, who: Persona) -> Page:
    page = new_context().new_page()
    sign_in(page, server, who.email, PASSWORD)
    assert urlsplit(page.url).path == "/", f"{who.email} did not land on the home page"
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator(".haven-userbox")).to_contain_text(who.full_name)
    return page


# --- The checks themselves ------------------------------------------------------------


def test_the_axe_check_reports_a_serious_violation_when_there_is_one(new_context):
    page = new_context().new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    found = serious_axe_violations(page)
    assert [v["id"] for v in found] == ["image-alt"]
    assert "image-alt (critical)" in format_violations("test page", found)


def test_the_page_watch_notices_a_content_security_policy_violation(
    new_context, server: HavenServer
):
    page = new_context().new_page()
    watch = PageWatch(page)
    page.goto(server.url("/accounts/login/"))
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    expect(page.locator("h1")).to_have_text("Sign in to Haven")
    assert page.evaluate("() => window.injected") is None, "an inline script ran despite CSP"
    page.wait_for_timeout(100)
    assert any(entry.is_csp_violation for entry in watch.take())


# --- Every persona, every page ----------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS, ids=[p.discipline for p in PERSONAS])
def test_every_page_each_persona_can_reach_passes_axe_without_csp_violations(
    who: Persona, new_context, server: HavenServer
):
    page = signed_in_page(new_context, server, who)
    watch = PageWatch(page)
    starts, must_reach = list(EVERYONE_STARTS_AT), set(EVERYONE_MUST_REACH)
    for capability, (extra_starts, extra_must_reach) in CAPABILITY_PAGES.items():
        if who.discipline in CAPABILITIES[capability]:
            starts += extra_starts
            must_reach |= set(extra_starts) | extra_must_reach

    # Breadth first from the start pages, following every link to a page, one URL per route.
    queue = [server.url(path) for path in starts]
    seen: set[str] = set()
    checked: list[str] = []
    problems: list[str] = []
    while queue and len(checked) < MAX_PAGES_PER_PERSONA:
        url = queue.pop(0)
        if route_shape(url) in seen:
            continue
        seen.add(route_shape(url))
        watch.take()
        response = page.goto(url)
        landed = route_shape(page.url)
        if landed in seen - {route_shape(url)}:
            continue  # redirected to a page already checked (allauth's "Confirm access")
        seen.add(landed)
        checked.append(landed)
        name = f"{who.discipline}__{page_slug(page.url)}"
        where = f"[{who.discipline}] {landed} ({page.title()})"
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{where}: HTTP {status} from a link this persona was shown")

        if landed == API_DOCS:
            # Third-party Swagger UI: opened and photographed, but not Haven's to fix.
            expect(page.locator(".swagger-ui .info")).to_be_visible()
            save_screenshot(page, name)
            for entry in watch.take():
                print(f"(API docs, not failed) console error: {entry.text}")
            continue
        save_screenshot(page, name)
        audit_page(page, where, watch, problems)
        queue += [link for link in links_on(page) if is_page_link(link, server)]

    print(f"[{who.discipline}] checked {len(checked)} pages: {', '.join(checked)}")
    unreached = sorted(must_reach - seen)
    assert not unreached, f"[{who.discipline}] never reached {unreached}"
    assert not problems, "\n\n".join(problems)


def test_error_pages_pass_axe(new_context, server: HavenServer):
    who = persona("intake")
    page = signed_in_page(new_context, server, who)
    watch = PageWatch(page)
    problems: list[str] = []
    for path, slug, status in [("/staff/", "error-403", 403), ("/no-such-page/", "error-404", 404)]:
        response = page.goto(server.url(path))
        assert response and response.status == status
        save_screenshot(page, f"{who.discipline}__{slug}")
        audit_page(page, f"[{who.discipline}] {path} (HTTP {status})", watch, problems)
    assert not problems, "\n\n".join(problems)


def test_pages_open_to_signed_out_visitors_pass_axe(new_context, server: HavenServer):
    page = new_context().new_page()
    watch = PageWatch(page)
    problems: list[str] = []
    for path, slug in [
        ("/accounts/login/", "login"),
        ("/accounts/login/?expired=1", "login-expired"),
        ("/accounts/password/reset/", "password-reset"),
    ]:
        response = page.goto(server.url(path))
        assert response and response.status == 200, f"{path} answered {response}"
        save_screenshot(page, f"anonymous__{slug}")
        audit_page(page, f"[anonymous] {path}", watch, problems)
    assert not problems, "\n\n".join(problems)


def test_an_agency_page_lists_its_people_and_credentials_and_passes_axe(
    new_context, server: HavenServer
):
    who = persona("coordinator")  # may edit the directory, so the page shows its forms too
    page = signed_in_page(new_context, server, who)
    watch = PageWatch(page)
    page.goto(server.url("/directory/?q=South+Central"))
    page.get_by_role("link", name="South Central Child Advocacy Center", exact=True).click()

    people = page.get_by_role("table", name="Personnel of this agency and their credentials")
    expect(people.get_by_role("row").filter(has_text="Frances Moreau")).to_contain_text(
        "peer review"
    )
    expect(page.get_by_role("heading", name="Record a credential")).to_be_visible()
    save_screenshot(page, f"{who.discipline}__directory-agency-with-personnel")
    problems: list[str] = []
    audit_page(page, f"[{who.discipline}] agency with personnel", watch, problems)
    assert not problems, "\n\n".join(problems)


def test_the_statewide_view_shows_empty_seats_and_leads_to_a_team_page_with_its_gap_banner(
    new_context, server: HavenServer
):
    from haven.demo.data import DEMO_LIAISON_EMAIL

    page = new_context().new_page()
    sign_in(page, server, DEMO_LIAISON_EMAIL, PASSWORD)
    watch = PageWatch(page)
    page.goto(server.url("/teams/statewide/"))
    table = page.get_by_role("table")
    danbury = table.get_by_role("row").filter(has_text="Danbury MDT (demo)")
    expect(danbury).to_contain_text("since 2026-10-01")
    expect(table.get_by_role("row").filter(has_text="Waterbury MDT (demo)")).to_contain_text(
        "Empty"
    )
    save_screenshot(page, "dcf_liaison__teams-statewide")
    problems: list[str] = []
    audit_page(page, "[dcf liaison] statewide seats", watch, problems)

    page.get_by_label("Sort by").select_option("gaps")
    page.get_by_role("button", name="Apply").click()
    first_team = page.get_by_role("table").get_by_role("row").nth(1)
    expect(first_team).to_contain_text("Empty")

    page.get_by_role("link", name="Danbury MDT (demo)").click()
    banner = page.locator("#composition-banner")
    expect(banner).to_contain_text("State's attorney of the judicial district")
    expect(banner).to_contain_text("17a-106f")
    expect(page.get_by_role("button", name="Seat a member")).to_have_count(0)  # read-only
    save_screenshot(page, "dcf_liaison__team-with-gap-banner")
    audit_page(page, "[dcf liaison] team page with a gap", watch, problems)
    assert not problems, "\n\n".join(problems)


def _intake(page: Page, server: HavenServer, first: str, last: str, dob: str) -> None:
    page.goto(server.url("/cases/intake/"))
    page.get_by_label("Child's first name").fill(first)
    page.get_by_label("Child's last name").fill(last)
    page.get_by_label("Date of birth").fill(dob)
    page.get_by_label("Primary language").fill("Spanish")
    with page.expect_navigation():
        page.get_by_role("button", name="Look for this child").click()


def _referral_details(page: Page) -> None:
    page.get_by_label("Received by the CAC").fill("2026-11-20T10:00")
    page.get_by_label("Incident became known").fill("2026-11-19T08:00")
    page.locator("#id_allegation").select_option("sexual_abuse")
    page.get_by_label("Alleged offender: last name").fill("Doe")
    page.get_by_label("Relationship to the child").select_option("family_friend")
    with page.expect_navigation():
        page.get_by_role("button", name="Open the case").click()
    # Haven may know someone of that name: say the offender is a new person.
    for choice in page.locator("label", has_text="None of these: a new person").all():
        choice.click()
    if page.get_by_role("button", name="Confirm and open the cases").count():
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm and open the cases").click()


def test_intake_checks_for_the_same_child_before_opening_a_second_case(
    new_context, server: HavenServer
):
    page = signed_in_page(new_context, server, persona("intake"))
    watch = PageWatch(page)
    problems: list[str] = []
    _intake(page, server, "Sofía", "Martínez-Ruiz", "2014-06-09")
    save_screenshot(page, "intake__1-child")
    if page.get_by_role("heading", name="Is this a child Haven already knows?").count():
        page.get_by_label("None of these: this is a new person").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    _referral_details(page)
    expect(page.get_by_role("region", name="Case summary")).to_contain_text("Sofía Martínez-Ruiz")
    first_case = page.url

    # The same child, typed without accents: Haven offers the existing record.
    _intake(page, server, "Sofia", "Martinez Ruiz", "2014-06-09")
    expect(page.get_by_role("heading", name="Is this a child Haven already knows?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("same date of birth")
    save_screenshot(page, "intake__2-duplicate-match")
    audit_page(page, "[intake] duplicate match", watch, problems)
    page.get_by_label("Sofía Martínez-Ruiz", exact=False).first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    save_screenshot(page, "intake__3-referral-details")
    audit_page(page, "[intake] referral details", watch, problems)
    _referral_details(page)
    expect(page.get_by_role("region", name="Case summary")).to_contain_text("Sofía Martínez-Ruiz")
    assert page.url != first_case
    expect(page.locator("#general")).to_contain_text("over 24 hours")
    save_screenshot(page, "intake__4-case-opened")
    audit_page(page, "[intake] case page", watch, problems)

    # The search posts its words: the results address carries an opaque id, never the name.
    page.goto(server.url("/cases/"))
    page.get_by_role("search").first.get_by_label("Search cases by number or name").fill(
        "sofia martinez"
    )
    with page.expect_navigation():
        page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Sofía Martínez-Ruiz")
    results = page.url
    assert "/cases/search/?s=" in results and "sofia" not in results.lower()
    save_screenshot(page, "intake__5-search")
    audit_page(page, "[intake] search", watch, problems)
    # Open a case from the results, then Back: the same results, still without the name.
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("region", name="Case summary")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("table")).to_contain_text("Sofía Martínez-Ruiz")
    expect(page.get_by_role("searchbox")).to_have_value("sofia martinez")
    assert page.url == results
    page.set_viewport_size({"width": 375, "height": 812})
    expect(page.get_by_role("table")).to_contain_text("Sofía Martínez-Ruiz")
    save_screenshot(page, "intake__6-search-phone")
    assert not problems, "\n\n".join(problems)


def test_the_case_list_pages_to_older_cases_and_back(new_context, server: HavenServer):
    """The list pages by a cursor, newest first, with no page count (a count of a
    coordinator's cases cost most of a second at a million)."""
    from haven.demo.teams import district_coordinator_email
    from haven.testing.browser import Persona

    # Hartford's coordinator: the busiest district holds more than a page of demo cases.
    hartford = Persona("coordinator", "", district_coordinator_email("Hartford"))
    page = signed_in_page(new_context, server, hartford)
    watch = PageWatch(page)
    page.goto(server.url("/cases/?status="))
    links = page.get_by_role("table").get_by_role("link")
    expect(links).to_have_count(50)
    first_number = links.first.inner_text()
    page.get_by_role("link", name="Older cases").click()
    expect(page.get_by_role("link", name="Back to the newest cases")).to_be_visible()
    expect(links.first).not_to_have_text(first_number)
    assert "after=" in page.url and "status=" in page.url  # the filter stays
    save_screenshot(page, "coordinator__cases-older")
    problems: list[str] = []
    audit_page(page, "[coordinator] older cases", watch, problems)
    page.get_by_role("link", name="Back to the newest cases").click()
    expect(links.first).to_have_text(first_number)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("discipline", ["law_enforcement", "mental_health"])
def test_a_detective_and_a_therapist_see_their_own_sections_of_a_case(
    new_context, server: HavenServer, discipline: str
):
    page = signed_in_page(new_context, server, persona(discipline))
    watch = PageWatch(page)
    # The detective's own cases; the therapist's cases come through the team (her clinic is
    # involved), so she looks at every case she may see.
    page.goto(
        server.url("/cases/?mine=on" if discipline == "law_enforcement" else "/cases/?status=")
    )
    save_screenshot(page, f"{discipline}__cases")
    first = page.get_by_role("table").get_by_role("link").first
    expect(first).to_be_visible()
    first.click()
    team = page.locator("#team")
    other = "Mental health" if discipline == "law_enforcement" else "Law enforcement"
    own = "Law enforcement" if discipline == "law_enforcement" else "Mental health"
    if discipline == "law_enforcement":
        expect(team.get_by_role("row").filter(has_text=own)).not_to_have_count(0)
    expect(team.get_by_role("row").filter(has_text=other)).to_have_count(0)
    save_screenshot(page, f"{discipline}__case-page")
    problems: list[str] = []
    audit_page(page, f"[{discipline}] case page", watch, problems)
    assert not problems, "\n\n".join(problems)


# --- Signing in ------------------------------------------------------------------------


def test_a_wrong_password_shows_an_error_and_starts_no_session(new_context, server: HavenServer):
    page = new_context().new_page()
    watch = PageWatch(page)
    sign_in(page, server, persona("youth_services").email, "not-the-password-1")

    assert urlsplit(page.url).path == "/accounts/login/"
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.locator('input[name="login"]')).to_have_value(persona("youth_services").email)
    save_screenshot(page, "anonymous__login-wrong-password")
    problems: list[str] = []
    audit_page(page, "[anonymous] sign-in refused", watch, problems)
    assert not problems, "\n\n".join(problems)

    # No session: no session cookie, and the home page still sends the visitor to sign in.
    assert session_cookie(page) is None
    page.goto(server.url("/"))
    assert urlsplit(page.url).path == "/accounts/login/"


def test_five_wrong_passwords_lock_the_account_until_the_security_officer_releases_it(
    new_context, server: HavenServer
):
    victim = persona("training_admin")
    page = new_context().new_page()
    for _attempt in range(5):
        sign_in(page, server, victim.email, "wrong-password-again")
    expect(page.locator("h1")).to_have_text("Sign-in is locked for this account")

    # Even the right password is refused now.
    watch = PageWatch(page)
    sign_in(page, server, victim.email, PASSWORD)
    expect(page.locator("h1")).to_contain_text("Sign-in is locked")
    save_screenshot(page, "anonymous__locked-out")
    problems: list[str] = []
    audit_page(page, "[anonymous] locked out", watch, problems)
    assert session_cookie(page) is None, "a locked-out sign-in made a session"
    page.goto(server.url("/"))
    assert urlsplit(page.url).path == "/accounts/login/", "a locked-out sign-in made a session"

    # The security officer sees the lock and releases it.
    officer = signed_in_page(new_context, server, persona("security_officer"))
    officer_watch = PageWatch(officer)
    officer.goto(server.url(f"/staff/?q={victim.email}"))
    row = officer.get_by_role("row").filter(has_text=victim.email)
    expect(row).to_contain_text("Locked")
    row.get_by_role("link", name=victim.full_name).click()
    expect(officer.get_by_role("button", name="Release the lock")).to_be_visible()
    save_screenshot(officer, "security_officer__staff-detail-locked")
    audit_page(officer, "[security_officer] staff detail, locked", officer_watch, problems)
    officer.get_by_role("button", name="Release the lock").click()
    expect(officer.get_by_text("Sign-in lock released.")).to_be_visible()
    expect(officer.get_by_role("button", name="Release the lock")).to_have_count(0)
    save_screenshot(officer, "security_officer__staff-detail-unlocked")

    # And the person can sign in again.
    sign_in(page, server, victim.email, PASSWORD)
    expect(page.locator(".haven-userbox")).to_contain_text(victim.full_name)
    assert not problems, "\n\n".join(problems)


# --- Staff administration ----------------------------------------------------------------


def test_the_security_officer_creates_a_staff_account_and_then_disables_it(
    new_context, server: HavenServer
):
    officer = signed_in_page(new_context, server, persona("security_officer"))
    watch = PageWatch(officer)
    problems: list[str] = []
    email = f"new.advocate.{uuid4().hex[:8]}@demo.haven.test"

    officer.goto(server.url("/staff/"))
    officer.get_by_role("link", name="Add a staff account").click()
    expect(officer.locator("h1")).to_have_text("Add a staff account")

    # An empty form is refused by the server (not only by the browser), saying what is missing.
    officer.locator("main form").evaluate("form => { form.noValidate = true; }")
    officer.get_by_role("button", name="Create account").click()
    expect(officer.locator(".usa-error-message").first).to_be_visible()
    # Each message is tied to its field, so a screen reader reads it with the field.
    for label in ("Work email", "Full name", "Discipline"):
        expect(officer.get_by_label(label)).to_have_accessible_description(
            re.compile("This field is required")
        )
    save_screenshot(officer, "security_officer__staff-create-1-errors")
    audit_page(officer, "[security_officer] staff form with errors", watch, problems)

    officer.get_by_label("Work email").fill(email)
    officer.get_by_label("Full name").fill("Rosa Castillo")
    officer.get_by_label("Discipline").select_option(label="Victim advocate")
    officer.get_by_label("Agency").select_option(label="South Central Child Advocacy Center")
    save_screenshot(officer, "security_officer__staff-create-2-filled")
    officer.get_by_role("button", name="Create account").click()

    expect(officer.locator("h1")).to_have_text("Rosa Castillo")
    expect(officer.get_by_text("Account created.")).to_be_visible()
    expect(officer.locator(".usa-intro")).to_contain_text(email)
    save_screenshot(officer, "security_officer__staff-create-3-created")
    audit_page(officer, "[security_officer] staff account created", watch, problems)

    officer.get_by_role("button", name="Disable this account").click()
    expect(officer.get_by_text("Account disabled.")).to_be_visible()
    expect(officer.get_by_text("Disabled since")).to_be_visible()
    expect(officer.get_by_role("button", name="Enable this account")).to_be_visible()
    save_screenshot(officer, "security_officer__staff-create-4-disabled")
    audit_page(officer, "[security_officer] staff account disabled", watch, problems)

    officer.goto(server.url(f"/staff/?q={email}"))
    expect(officer.get_by_role("row").filter(has_text=email)).to_contain_text("Disabled")
    save_screenshot(officer, "security_officer__staff-create-5-listed")
    assert not problems, "\n\n".join(problems)


# --- The session countdown ------------------------------------------------------------------


def test_an_idle_session_warns_before_it_ends_and_stay_signed_in_keeps_it(
    new_context, server: HavenServer
):
    who = persona("coordinator")
    page = signed_in_page(new_context, server, who)
    watch = PageWatch(page)
    page.clock.install()
    page.goto(server.url("/"))
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()

    # 13.5 idle minutes later the server would report 90 seconds left; stand in for it, since
    # on the real server only a moment has passed.
    status_url = "**/accounts/session/status/"
    page.route(status_url, lambda route: route.fulfill(json={"seconds_left": 90}))
    page.clock.fast_forward("13:30")

    expect(warning).to_be_visible()
    expect(page.locator("#session-countdown")).to_have_text(re.compile(r"^1:[0-3]\d$"))
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    save_screenshot(page, f"{who.discipline}__session-warning")
    problems: list[str] = []
    audit_page(page, f"[{who.discipline}] session warning shown", watch, problems)
    assert not problems, "\n\n".join(problems)

    # "Stay signed in" asks the real server, which extends the session; the warning goes.
    page.unroute(status_url)
    with page.expect_response("**/accounts/session/keepalive/") as keepalive:
        page.get_by_role("button", name="Stay signed in").click()
    assert keepalive.value.status == 200
    assert keepalive.value.json()["seconds_left"] > 800
    expect(warning).to_be_hidden()


# --- A narrow screen ------------------------------------------------------------------------


def test_on_a_phone_the_menu_button_opens_the_navigation(new_context, server: HavenServer):
    who = persona("security_officer")
    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    sign_in(page, server, who.email, PASSWORD)
    watch = PageWatch(page)
    nav = page.get_by_role("navigation", name="Primary navigation")
    expect(nav.get_by_role("link", name="Audit log")).to_be_hidden()

    page.get_by_role("button", name="Menu").click()
    expect(nav.get_by_role("link", name="Audit log")).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    save_screenshot(page, f"{who.discipline}__phone-menu")
    problems: list[str] = []
    audit_page(page, f"[{who.discipline}] phone menu open", watch, problems)
    assert not problems, "\n\n".join(problems)

    page.get_by_role("button", name="Close").click()
    expect(nav.get_by_role("link", name="Audit log")).to_be_hidden()
