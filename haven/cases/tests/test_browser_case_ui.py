"""The case page's team and access controls, the person page and the merge, in a real
browser: each page under axe-core, with a screenshot in var/screenshots/ to look at."""

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


def _signed_in(new_context, server: HavenServer, discipline: str) -> Page:
    who = next(p for p in demo_personas() if p.discipline == discipline)
    page = new_context().new_page()
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


def _first_case(page: Page, server: HavenServer) -> None:
    page.goto(server.url("/cases/?status=open"))
    with page.expect_navigation():
        page.get_by_role("table").get_by_role("link").first.click()


def test_the_coordinator_adds_and_ends_an_assignment_then_opens_the_childs_page(
    new_context, server: HavenServer
):
    page = _signed_in(new_context, server, "coordinator")
    watch, problems = PageWatch(page), []
    _first_case(page, server)
    page.get_by_text("Add to the case team").click()
    form = page.locator("#add-assignment form")
    form.get_by_label("Section").select_option("advocacy")
    advocate = form.locator("#id_user option", has_text="Vanessa Hall").first.get_attribute("value")
    form.get_by_label("Haven user").select_option(advocate)
    save_screenshot(page, "case_ui__1-add-assignment-form")
    _check(page, "[coordinator] assignment form", watch, problems)
    with page.expect_navigation():
        form.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("Added to the case team")
    row = page.locator("#team tbody tr", has_text="Vanessa Hall").first
    expect(row).to_contain_text("Advocacy")
    save_screenshot(page, "case_ui__2-assigned")
    _check(page, "[coordinator] case page after assigning", watch, problems)

    row.get_by_text("End…").click()
    save_screenshot(page, "case_ui__2b-end-assignment")
    with page.expect_navigation():
        row.get_by_role("button", name="End assignment").click()
    expect(page.get_by_role("status")).to_contain_text("Assignment ended")
    expect(page.locator("#team tbody tr", has_text="Vanessa Hall").first).to_contain_text("ended")

    child = page.get_by_role("region", name="Case summary").get_by_role("link").first
    name = child.inner_text()
    with page.expect_navigation():
        child.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.get_by_role("heading", name="Biography")).to_be_visible()
    expect(page.locator("#cases-h + p + table")).to_contain_text("the child")
    save_screenshot(page, "case_ui__3-person-page")
    _check(page, "[coordinator] person page", watch, problems)
    assert not problems, "\n\n".join(problems)


def test_the_security_officer_denies_and_lifts_then_merges_a_duplicate(
    new_context, server: HavenServer
):
    page = _signed_in(new_context, server, "security_officer")
    watch, problems = PageWatch(page), []
    _first_case(page, server)
    access = page.locator("#access")
    expect(access).to_contain_text("Not restricted")
    access.get_by_text("Deny one person").click()
    option = access.locator("#id_user option", has_text="Olivia Stanton").first
    access.get_by_label("Deny this person the case").select_option(option.get_attribute("value"))
    with page.expect_navigation():
        access.get_by_role("button", name="Deny", exact=True).click()
    expect(page.locator("#access")).to_contain_text("Olivia Stanton")
    save_screenshot(page, "case_ui__4-officer-access-controls")
    _check(page, "[officer] access controls", watch, problems)
    with page.expect_navigation():
        page.locator("#access").get_by_role("button", name="Lift the denial").first.click()
    expect(page.locator("#access")).to_contain_text("Nobody is denied this case")

    child = page.get_by_role("region", name="Case summary").get_by_role("link").first
    keep_name = child.inner_text()
    with page.expect_navigation():
        child.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Merge a duplicate record into this one").click()
    assert "?" not in page.url
    page.get_by_label("Name of the duplicate record").fill(keep_name.split()[-1])
    with page.expect_navigation():
        page.get_by_role("button", name="Find").click()
    assert "?" not in page.url  # the name went in the POST body
    save_screenshot(page, "case_ui__5-merge-search")
    _check(page, "[officer] merge search", watch, problems)
    compare = page.get_by_role("link", name="Compare").first
    expect(compare).to_be_visible()
    with page.expect_navigation():
        compare.click()
    expect(page.get_by_role("heading", name="Merge these records?")).to_be_visible()
    save_screenshot(page, "case_ui__6-merge-compare")
    _check(page, "[officer] merge compare", watch, problems)
    with page.expect_navigation():
        page.get_by_role("button", name="Merge", exact=False).first.click()
    expect(page.get_by_role("status")).to_contain_text("Merged")
    expect(page.locator("h1")).to_have_text(keep_name)
    save_screenshot(page, "case_ui__7-merged")
    _check(page, "[officer] person page after merge", watch, problems)
    assert not problems, "\n\n".join(problems)
