"""Haven through a real browser: every persona's pages under axe-core, and the flows that
only a browser can show (sign-in, lockout, staff administration, the session countdown).

The server is real (gunicorn, demo data, its own database); see haven/testing/browser.py.
Screenshots of every page land in var/screenshots/ for a person to look at.
"""

import re
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
from playwright.sync_api import Page, expect

from haven.access.rules import CAPABILITIES, Capability
from haven.testing.browser import (
    HavenServer,
    PageWatch,
    Persona,
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
EVERYONE_STARTS_AT = ["/", "/directory/", "/directory/districts/", "/accounts/2fa/", API_DOCS]
EVERYONE_MUST_REACH = {"/", "/directory/", "/directory/districts/", "/directory/agencies/{id}/"}
# Pages that come with a capability: where the crawl starts, and what it must have reached.
CAPABILITY_PAGES = {
    Capability.MANAGE_STAFF: (["/staff/", "/staff/new/"], {"/staff/{id}/"}),
    Capability.EDIT_ROLE_MATRIX: (["/access/matrix/"], set()),
    Capability.VIEW_AUDIT_LOG: (["/audit/"], set()),
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
    return not (path.startswith(NOT_PAGES) or path.endswith(".csv") or "download" in path)


def links_on(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href]", "links => links.filter(a => !a.hasAttribute('download')).map(a => a.href)"
    )


def audit_page(page: Page, where: str, watch: PageWatch, problems: list[str]) -> None:
    """axe-core and the console for the page as it is now; problems are appended, not raised."""
    serious = serious_axe_violations(page)
    if serious:
        problems.append(format_violations(where, serious))
    for entry in watch.take():
        if entry.is_csp_violation:
            problems.append(f"{where}: Content-Security-Policy violation: {entry.text}")
        else:
            print(f"console error on {entry}")


def signed_in_page(new_context, server: HavenServer, who: Persona) -> Page:
    page = new_context().new_page()
    sign_in(page, server, who.email, PASSWORD)
    assert urlsplit(page.url).path == "/", f"{who.email} did not land on the home page"
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator(".haven-userbox")).to_contain_text(who.full_name)
    return page


def visit_as(who: Persona, page: Page, server: HavenServer, url: str, slug: str) -> list[str]:
    """Open one page and check it; returns what is wrong with it."""
    problems: list[str] = []
    watch = PageWatch(page)
    response = page.goto(url)
    status = response.status if response else 0
    where = f"[{who.discipline}] {route_shape(page.url)} ({page.title()})"
    if status >= 400:
        problems.append(f"{where}: HTTP {status} for a link this persona was shown")
    save_screenshot(page, f"{who.discipline}__{slug}")
    audit_page(page, where, watch, problems)
    return problems


# --- Every persona, every page ----------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS, ids=[p.discipline for p in PERSONAS])
def test_every_page_each_persona_can_reach_passes_axe_without_csp_violations(
    who: Persona, new_context, server: HavenServer
):
    page = signed_in_page(new_context, server, who)
    starts, must_reach = list(EVERYONE_STARTS_AT), set(EVERYONE_MUST_REACH)
    for capability, (extra_starts, extra_must_reach) in CAPABILITY_PAGES.items():
        if who.discipline in CAPABILITIES[capability]:
            starts += extra_starts
            must_reach |= set(extra_starts) | extra_must_reach

    queue = [server.url(path) for path in starts]
    visited: dict[str, str] = {}
    problems: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_PERSONA:
        url = queue.pop(0)
        shape = route_shape(url)
        if shape in visited:
            continue
        visited[shape] = url
        if shape == API_DOCS:
            # Third-party Swagger UI: opened and photographed, but not Haven's to fix.
            watch = PageWatch(page)
            response = page.goto(url)
            assert response and response.status == 200, f"{API_DOCS} answered {response}"
            expect(page.locator(".swagger-ui .info")).to_be_visible()
            save_screenshot(page, f"{who.discipline}__{page_slug(url)}")
            for entry in watch.take():
                print(f"(API docs, not failed) console error: {entry.text}")
            continue
        problems += visit_as(who, page, server, url, page_slug(url))
        visited.setdefault(route_shape(page.url), page.url)  # where a redirect landed
        queue += [link for link in links_on(page) if is_page_link(link, server)]

    print(f"[{who.discipline}] visited {len(visited)} pages: {', '.join(sorted(visited))}")
    unreached = sorted(must_reach - set(visited))
    assert not unreached, f"[{who.discipline}] never reached {unreached}"
    assert not problems, "\n\n".join(problems)


def test_error_pages_pass_axe(new_context, server: HavenServer):
    who = persona("intake")
    page = signed_in_page(new_context, server, who)
    problems: list[str] = []
    for path, slug, status in [("/staff/", "error-403", 403), ("/no-such-page/", "error-404", 404)]:
        watch = PageWatch(page)
        response = page.goto(server.url(path))
        assert response and response.status == status
        save_screenshot(page, f"{who.discipline}__{slug}")
        audit_page(page, f"[{who.discipline}] {path} (HTTP {status})", watch, problems)
    assert not problems, "\n\n".join(problems)


def test_pages_open_to_signed_out_visitors_pass_axe(new_context, server: HavenServer):
    page = new_context().new_page()
    problems: list[str] = []
    for path, slug in [
        ("/accounts/login/", "login"),
        ("/accounts/login/?expired=1", "login-expired"),
        ("/accounts/password/reset/", "password-reset"),
    ]:
        watch = PageWatch(page)
        response = page.goto(server.url(path))
        assert response and response.status == 200, f"{path} answered {response}"
        save_screenshot(page, f"anonymous__{slug}")
        audit_page(page, f"[anonymous] {path}", watch, problems)
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

    # No session: the home page still sends the visitor to sign in.
    page.goto(server.url("/"))
    assert urlsplit(page.url).path == "/accounts/login/"
    assert session_cookie(page) is None or "Welcome" not in page.content()


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
    audit_page(page, f"[{who.discipline}] session warning shown", PageWatch(page), problems)
    assert not problems, "\n\n".join(problems)

    # "Stay signed in" asks the real server, which extends the session; the warning goes.
    page.unroute(status_url)
    with page.expect_response("**/accounts/session/keepalive/") as keepalive:
        page.get_by_role("button", name="Stay signed in").click()
    assert keepalive.value.status == 200
    assert keepalive.value.json()["seconds_left"] > 800
    expect(warning).to_be_hidden()
