"""Case review in a real browser: the coordinator builds an agenda from Haven's proposals,
conducts the meeting, and takes an agenda packet (rendered to PNG to look at); a partner
who is not on a case sees it as Restricted. Screenshots in var/screenshots/reviews__*."""

import datetime
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
    SCREENSHOT_DIR,
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
from haven.testing.pdf import pdf_page_png

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


def _next_meeting(page: Page, server: HavenServer) -> None:
    page.goto(server.url("/teams/"))
    with page.expect_navigation():
        page.get_by_role("link", name="New Haven MDT", exact=True).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Case review meetings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case reviews of")
    scheduled = page.locator("tbody tr", has_text="Scheduled").first
    with page.expect_navigation():
        scheduled.get_by_role("link").click()


def test_the_coordinator_builds_the_agenda_conducts_and_takes_the_packet(
    new_context, server: HavenServer, tmp_path
):
    page = _signed_in(new_context, server, "coordinator")
    watch, problems = PageWatch(page), []
    _next_meeting(page, server)
    rows = page.locator("#agenda-table tbody tr")
    before = rows.count()
    proposed = page.locator("#proposals tbody tr").first
    number = proposed.locator("th").inner_text().split()[0]
    with page.expect_navigation():
        proposed.get_by_role("button").click()
    expect(rows).to_have_count(before + 1)
    expect(page.locator("#agenda-table")).to_contain_text(number)
    save_screenshot(page, "reviews__1-agenda-building")
    _check(page, "[coordinator] meeting and agenda", watch, problems)

    href = page.get_by_role("link", name="Your agenda packet (PDF)").get_attribute("href")
    packet = page.context.request.get(server.url(href))
    assert packet.ok and packet.headers["content-type"].startswith("application/pdf")
    pdf = tmp_path / "packet.pdf"
    pdf.write_bytes(packet.body())
    pdf_page_png(pdf.read_bytes(), SCREENSHOT_DIR / "reviews__2-packet-page-1.png")

    with page.expect_navigation():
        page.get_by_role("link", name="Conduct the meeting").click()
    first = page.locator("textarea").first
    first.fill("Police interview done; DCF safety plan in place. Therapy started.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=False).first.click()
    expect(page.locator("textarea").first).to_have_value(
        "Police interview done; DCF safety plan in place. Therapy started."
    )
    save_screenshot(page, "reviews__3-conduct-meeting")
    _check(page, "[coordinator] conduct meeting", watch, problems)
    assert not problems, "\n\n".join(problems)


def test_a_partner_not_on_a_case_sees_it_as_restricted(new_context, server: HavenServer):
    page = _signed_in(new_context, server, "law_enforcement")
    watch, problems = PageWatch(page), []
    _next_meeting(page, server)
    # The demo detective is on a few New Haven cases only: the rest show as Restricted.
    expect(page.locator("main")).to_contain_text("Restricted")
    save_screenshot(page, "reviews__4-partner-sees-restricted")
    _check(page, "[detective] meeting with restricted cases", watch, problems)
    assert not problems, "\n\n".join(problems)


def _saved_discussion(server: HavenServer, number: str) -> str:
    """What the server's own database holds for this case's newest agenda item."""
    return server_shell(
        server,
        "from haven.reviews.models import AgendaItem;"
        f"i=AgendaItem.objects.filter(case__number='{number}').order_by('-id').first();"
        "print(i.discussion if i else '')",
    )


def test_adding_an_action_item_does_not_lose_the_meeting_notes(new_context, server: HavenServer):
    """Issue 20: the notes typed for a case survive "Add action item" (they were thrown away)."""
    page = _signed_in(new_context, server, "coordinator")
    _next_meeting(page, server)
    proposed = page.locator("#proposals tbody tr").first
    if proposed.count():
        with page.expect_navigation():
            proposed.get_by_role("button").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Conduct the meeting").click()
    section = page.locator("section[id^='item-']").last
    number = section.locator("h2").inner_text().split(". ", 1)[1].split(" ")[0]
    notes = "Grandmother attended; safety plan holds. School counsellor to join next time."
    section.locator("textarea[name$='-discussion']").fill(notes)
    section.locator("input[name$='-description']").fill("Send the counselling referral")
    owner = section.locator("select[name$='-owner']")
    owner.select_option(index=1)
    section.locator("input[name$='-due_on']").fill(
        (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    )
    with page.expect_navigation():
        section.get_by_role("button", name="Add action item").click()
    section = page.locator(f"section:has(h2:has-text('{number}'))")
    expect(section.locator("textarea[name$='-discussion']")).to_have_value(notes)
    expect(section.locator("table")).to_contain_text("Send the counselling referral")
    assert _saved_discussion(server, number) == notes
    save_screenshot(page, "reviews__4-notes-kept-after-action-item")
