"""The second sign-in step's lock through a real browser: wrong codes and what the page
says, the lock, the security officer finding and releasing it, and the right code then
getting through. Screenshots at desktop width and at 375 px land in var/screenshots/."""

import os
import time
from urllib.parse import urlsplit
from uuid import uuid4

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("Browser tests skipped: playwright is not installed", allow_module_level=True)

from haven.testing.browser import (
    FAILING_IMPACTS,
    HavenServer,
    PageWatch,
    axe_violations,
    demo_password,
    demo_personas,
    format_violations,
    save_screenshot,
    server_shell,
    sign_in,
)

pytestmark = pytest.mark.browser
SECRET = "JBSWY3DPEHPK3PXP"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _right_code() -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


@pytest.fixture(scope="module")
def enrolled(server: HavenServer) -> str:
    """A new advocate account with an authenticator app, in the browser server's database
    (a demo persona with a second factor would stop every other browser test at the code)."""
    email = f"second.step.{uuid4().hex[:8]}@demo.haven.test"
    code = (
        "from allauth.mfa.totp.internal.auth import TOTP; "
        "from haven.accounts.models import User; "
        f"user = User.objects.create_user(email={email!r}, password={demo_password()!r}, "
        "full_name='Riley Marsh', discipline='victim_advocate'); "
        f"TOTP.activate(user, {SECRET!r})"
    )
    server_shell(server, code)
    return email


def _check(page: Page, where: str, watch: PageWatch) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not serious, format_violations(where, serious)
    problems = [e.text for e in watch.take() if e.is_csp_violation or e.uncaught]
    assert not problems, f"{where}: {problems}"


def _enter(page: Page, code: str) -> None:
    page.locator('input[name="code"]').fill(code)
    with page.expect_navigation():
        page.locator('input[name="code"]').press("Enter")


def _both_widths(page: Page, name: str) -> None:
    save_screenshot(page, f"{name}")
    page.set_viewport_size(PHONE)
    save_screenshot(page, f"{name}--375")
    page.set_viewport_size(DESKTOP)


def test_five_wrong_codes_lock_the_second_step_until_the_officer_releases_it(
    new_context, server: HavenServer, enrolled: str
):
    page = new_context().new_page()
    watch = PageWatch(page)
    sign_in(page, server, enrolled, demo_password())
    assert urlsplit(page.url).path == "/accounts/2fa/authenticate/"

    _enter(page, "000000")
    expect(page.get_by_text("That code was not accepted.")).to_be_visible()
    expect(page.get_by_text("4 more wrong codes lock this step")).to_be_visible()
    _check(page, "[advocate] second step, one wrong code", watch)
    _both_widths(page, "victim_advocate__second-step-wrong-code")

    for wrong in ("111111", "222222", "333333", "444444"):
        _enter(page, wrong)
    expect(page.get_by_text("is locked on this account after too many wrong codes")).to_be_visible()
    _enter(page, _right_code())  # the right code is refused while locked
    expect(page.get_by_text("is locked on this account after too many wrong codes")).to_be_visible()
    assert urlsplit(page.url).path == "/accounts/2fa/authenticate/"
    _check(page, "[advocate] second step locked", watch)
    _both_widths(page, "victim_advocate__second-step-locked")

    officer = new_context().new_page()
    officer_watch = PageWatch(officer)
    security = next(p for p in demo_personas() if p.discipline == "security_officer")
    sign_in(officer, server, security.email, demo_password())
    officer.goto(server.url("/staff/?active=locked"))
    row = officer.get_by_role("row").filter(has_text=enrolled)
    expect(row).to_contain_text("Second step locked")
    _check(officer, "[security_officer] staff list, locked", officer_watch)
    _both_widths(officer, "security_officer__staff-list-second-step-locked")
    row.get_by_role("link", name="Riley Marsh").click()
    release = officer.get_by_role("button", name="Release the second-step lock")
    expect(release).to_be_visible()
    _check(officer, "[security_officer] staff detail, second step locked", officer_watch)
    _both_widths(officer, "security_officer__staff-detail-second-step-locked")
    release.click()
    expect(officer.get_by_text("Second-step lock released.")).to_be_visible()
    expect(release).to_have_count(0)

    # The advocate's right code now gets through (the refused one was never checked).
    _enter(page, _right_code())
    expect(page.locator(".haven-userbox")).to_contain_text("Riley Marsh")
