"""Insights through a real browser on the demo data: the coordinator's dashboard, the NCA
report, a traced figure and the report's PDF rendered to PNG, each checked with axe-core and
saved in var/screenshots/ to look at."""

import os
import re
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
    SCREENSHOT_DIR,
    PageWatch,
    axe_violations,
    demo_password,
    demo_personas,
    format_violations,
    save_screenshot,
    sign_in,
)
from haven.testing.pdf import pdf_page_png

pytestmark = pytest.mark.browser

PERIOD = "period=range&start=2025-01-01&end=2026-11-30"


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


def test_the_coordinators_dashboard(new_context, server):
    page = _signed_in(new_context, server, "coordinator")
    watch = PageWatch(page)
    page.get_by_role("link", name="Centre dashboard").click()
    assert urlsplit(page.url).path == "/insights/"
    assert page.locator("svg.haven-chart").count() == 2
    assert int(page.locator(".usa-summary-box .font-heading-2xl").first.inner_text()) > 0
    # The waits show their median (bands and median from one per-day histogram). The demo
    # seeds service referrals but no interviews: that chart's table says so in its footer.
    waits = page.locator("section", has_text="Days from referral to first forensic interview")
    median = re.compile(r"Median \d+(\.5)? days? \(n = \d+\)|No waits to measure")
    if waits.locator(".haven-chart-summary").count():
        assert median.match(waits.locator(".haven-chart-summary").inner_text())
    services = page.locator("section[aria-labelledby=to-service]")
    assert services.get_by_role("columnheader", name="Median wait").count() == 1
    cells = services.locator("tbody td:last-child").all_inner_texts()
    assert cells and all(re.match(r"\d+(\.5)? days? \(n\s=\s[1-9]\d*\)", c) for c in cells)
    for summary in page.locator("details summary", has_text="Show the table").all():
        summary.click()
    assert median.match(waits.locator("tfoot").inner_text())
    save_screenshot(page, "insights-dashboard")
    _check(page, "dashboard", watch)


def test_the_nca_report_a_traced_figure_and_its_pdf(new_context, server):
    page = _signed_in(new_context, server, "coordinator")
    watch = PageWatch(page)
    page.goto(server.url(f"/insights/nca/?{PERIOD}"))
    total = page.get_by_role("link", name="cases received: list them")
    assert int(total.inner_text()) > 0
    save_screenshot(page, "insights-nca-report")
    _check(page, "NCA report", watch)
    # A bad range keeps what was typed and says what to fix.
    page.goto(server.url("/insights/nca/?period=range&start=2026-05-01&end=2026-04-01"))
    assert "before its start" in page.locator("main").inner_text()
    assert page.locator("#id_start").input_value() == "2026-05-01"
    _check(page, "NCA report, bad range", watch)
    # Trace a figure to its cases.
    page.goto(server.url(f"/insights/nca/?{PERIOD}"))
    page.locator("table", has_text="Gender").get_by_role("link").first.click()
    assert urlsplit(page.url).path == "/insights/nca/cases/"
    assert page.locator("tbody tr").count() > 0
    save_screenshot(page, "insights-nca-traced")
    _check(page, "traced figure", watch)
    # The PDF, rendered to PNG to look at.
    query = urlsplit(page.url).query
    response = page.request.get(server.url(f"/insights/nca/export.pdf?{query}"))
    assert response.ok and response.body().startswith(b"%PDF")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOT_DIR / "insights-nca.pdf"
    pdf.write_bytes(response.body())
    assert pdf_page_png(pdf.read_bytes(), pdf.with_suffix(".png"), dpi=60).is_file()


def test_a_detective_sees_only_their_own_counts_and_no_dashboard(new_context, server):
    page = _signed_in(new_context, server, "law_enforcement")
    assert page.get_by_role("link", name="Centre dashboard").count() == 0
    page.goto(server.url(f"/insights/nca/?{PERIOD}"))
    assert "include only the cases you may see" in page.locator("main").inner_text()
    watch = PageWatch(page)
    page.goto(server.url("/insights/trafficking/"))
    assert "Trafficking referrals received" in page.locator("main").inner_text()
    page.get_by_label("Criteria used to identify trafficking cases").fill("Screening indicators")
    page.get_by_role("button", name="Save the narrative").click()
    assert "Narrative saved." in page.locator("body").inner_text()
    assert page.get_by_label("Criteria used to identify trafficking cases").input_value() == (
        "Screening indicators"
    )
    save_screenshot(page, "insights-trafficking")
    _check(page, "trafficking report", watch)
