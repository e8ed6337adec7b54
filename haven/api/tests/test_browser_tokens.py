"""My API tokens in a real browser: a detective creates a read-and-write token for
themselves (Haven asks for the password again: the demo runs with MFA off and the
detective has no authenticator), sees it once, and revokes it; the security officer
sees it, without its secret, on the detective's staff page. Each page under axe-core,
with screenshots at desktop width and at 375 px in var/screenshots/."""

import os
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
    HavenServer,
    PageWatch,
    axe_violations,
    demo_password,
    demo_personas,
    format_violations,
    save_screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _signed_in(new_context, server: HavenServer, discipline: str, **options) -> Page:
    who = next(p for p in demo_personas() if p.discipline == discipline)
    page = new_context(**options).new_page()
    sign_in(page, server, who.email, demo_password())
    assert urlsplit(page.url).path == "/", f"{who.email} did not sign in"
    return page


def _check(page: Page, where: str, watch: PageWatch, problems: list[str]) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    if serious:
        problems.append(format_violations(where, serious))
    for entry in watch.take():
        if entry.is_csp_violation or entry.uncaught:
            problems.append(f"{where}: {entry.text}")


def test_a_detective_creates_sees_once_and_revokes_their_own_token(
    new_context, server: HavenServer
):
    page = _signed_in(new_context, server, "law_enforcement")
    watch, problems = PageWatch(page), []
    page.goto(server.url("/"))
    with page.expect_navigation():
        page.get_by_role("link", name="My API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My API tokens")
    page.get_by_label("What will use this token").fill("CAD bridge")
    page.get_by_label("What it may do").select_option("read_write")
    save_screenshot(page, "tokens__1-create")
    _check(page, "[detective] my tokens", watch, problems)
    with page.expect_navigation():
        page.get_by_role("button", name="Create token").click()
    # Haven asks who it is before it hands out lasting access.
    assert urlsplit(page.url).path == "/accounts/reauthenticate/", page.url
    page.locator('input[name="password"]').fill(demo_password())
    save_screenshot(page, "tokens__2-confirm")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Token created")
    raw = page.locator("#raw-token").inner_text().strip()
    assert raw.startswith("hvn_")
    expect(page.locator("main")).to_contain_text("Read and write")
    save_screenshot(page, "tokens__3-shown-once")
    _check(page, "[detective] token created", watch, problems)
    with page.expect_navigation():
        page.get_by_role("link", name="Done").click()
    row = page.get_by_role("row").filter(has_text="CAD bridge")
    expect(row).to_contain_text(raw[:12])
    expect(row).to_contain_text("Read and write")
    assert raw not in page.content()
    with page.expect_navigation():
        row.get_by_role("button", name="Revoke CAD bridge").click()
    expect(page.get_by_role("row").filter(has_text="CAD bridge")).to_contain_text("Revoked")
    save_screenshot(page, "tokens__4-revoked")
    _check(page, "[detective] token revoked", watch, problems)

    phone = _signed_in(new_context, server, "law_enforcement", viewport=PHONE)
    phone.goto(server.url("/tokens/"))
    save_screenshot(phone, "tokens__5-phone")
    _check(phone, "[detective] my tokens at 375 px", PageWatch(phone), problems)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    officer = _signed_in(new_context, server, "security_officer")
    officer.goto(server.url("/staff/"))
    detective = next(p for p in demo_personas() if p.discipline == "law_enforcement")
    officer.get_by_role("link", name=detective.full_name).first.click()
    officer.wait_for_load_state()
    expect(officer.locator("main")).to_contain_text("CAD bridge")
    expect(officer.locator("main")).not_to_contain_text("Issue a token")
    assert raw not in officer.content()
    save_screenshot(officer, "tokens__6-officer-staff-page")
    _check(officer, "[security officer] staff page tokens", PageWatch(officer), problems)
    with officer.expect_navigation():
        officer.get_by_role("link", name="Everyone's API tokens").click()
    expect(officer.get_by_role("row").filter(has_text="CAD bridge")).to_contain_text(
        detective.full_name
    )
    assert raw not in officer.content()
    save_screenshot(officer, "tokens__7-officer-all-tokens")
    _check(officer, "[security officer] everyone's tokens", PageWatch(officer), problems)
    assert not problems, "\n".join(problems)
