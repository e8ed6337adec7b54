"""The case page's team and access controls, the person page and the security officer's
review of likely duplicates, in a real browser: each page under axe-core, with a
screenshot in var/screenshots/ to look at."""

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


def test_the_security_officer_denies_and_lifts_and_sees_no_person_page_link(
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

    # Her role has People: none: the child's name is not a link to a person page.
    expect(page.locator("h1").get_by_role("link")).to_have_count(0)
    assert not problems, "\n\n".join(problems)


def _take_in(page: Page, server: HavenServer, first: str, last: str, dob: str) -> None:
    """A referral for a child typed as new, through the intake page."""
    page.goto(server.url("/cases/intake/"))
    page.get_by_label("Child's first name").fill(first)
    page.get_by_label("Child's last name").fill(last)
    page.get_by_label("Date of birth").fill(dob)
    with page.expect_navigation():
        page.get_by_role("button", name="Look for this child").click()
    # Nobody this user may see has that name: straight on to the referral.
    expect(page.get_by_role("heading", name="Is this a child Haven already knows?")).to_have_count(
        0
    )
    page.get_by_label("Received by the CAC").fill("2026-11-27T10:00")
    page.get_by_label("Incident became known").fill("2026-11-27T08:00")
    page.locator("#id_allegation").select_option("neglect")
    with page.expect_navigation():
        page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("status")).to_contain_text("opened")


def test_a_child_known_to_another_centre_goes_unseen_to_the_officers_review_list(
    new_context, server: HavenServer
):
    """Hartford takes a child in; New Haven's intake types the same child and is told
    nothing; New Haven's security officer finds the pair on her review list and merges."""
    from haven.demo.teams import district_coordinator_email

    hartford = new_context().new_page()
    sign_in(hartford, server, district_coordinator_email("Hartford"), demo_password())
    _take_in(hartford, server, "Zinnia", "Okonkwo-Vale", "2015-02-03")

    intake = _signed_in(new_context, server, "intake")
    _take_in(intake, server, "Zinnia", "Okonkwo Vale", "2015-02-03")

    page = _signed_in(new_context, server, "security_officer")
    watch, problems = PageWatch(page), []
    with page.expect_navigation():
        page.get_by_role("link", name="Duplicates").click()
    assert "zinnia" not in page.url.lower()
    pair = page.locator("section", has_text="Zinnia Okonkwo-Vale").first
    expect(pair).to_contain_text("Zinnia Okonkwo Vale")
    expect(pair).to_contain_text("2015-02-03")
    save_screenshot(page, "duplicates__1-review-list")
    _check(page, "[officer] duplicate review list", watch, problems)
    page.set_viewport_size({"width": 375, "height": 800})
    save_screenshot(page, "duplicates__2-review-list-phone")
    _check(page, "[officer] duplicate review list (phone)", watch, problems)
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_navigation():
        pair.get_by_role("button", name="Same person: merge").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
    expect(page.locator("main")).not_to_contain_text("Zinnia")
    save_screenshot(page, "duplicates__3-decided")
    _check(page, "[officer] duplicate review list after merging", watch, problems)
    assert not problems, "\n\n".join(problems)
