"""The screening pages through a real browser: the public form on a phone in English and
Spanish (sent through the form itself), the triage queue with the demo's escalated report,
and the law-enforcement encounter's result for a child and for an adult with the defense
summary. Each page is checked with axe-core and saved in var/screenshots/ to look at."""

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
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def demo_screening(server: HavenServer) -> dict:
    """The app's demo data (seed_screening), run against the server's database."""
    code = (
        "import json; from haven.screening.demo import seed_screening; "
        "print(json.dumps(seed_screening()))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env=server_env(server.database_url, server.var_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _signed_in(new_context, server, discipline: str, **options) -> Page:
    persona = next(p for p in demo_personas() if p.discipline == discipline)
    page = new_context(**options).new_page()
    sign_in(page, server, persona.email, demo_password())
    assert urlsplit(page.url).path == "/"
    return page


def _check(page: Page, where: str, watch: PageWatch) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not serious, format_violations(where, serious)
    problems = [e.text for e in watch.take() if e.is_csp_violation or e.uncaught]
    assert not problems, f"{where}: {problems}"


def test_the_public_form_in_english_on_a_phone(new_context, server):
    page = new_context(**PHONE).new_page()
    watch = PageWatch(page)
    page.goto(server.url("/report-trafficking/"))
    assert "1-800-842-2288" in page.locator(".haven-emergency").inner_text()
    _check(page, "public report form (en)", watch)
    save_screenshot(page, "screening-public-form-en-phone")
    # A date in the future is refused, and what was typed stays.
    page.get_by_label("What did you see or hear?").fill(
        "A girl who looked about 15 was brought to room 12 by an older man at 2 am."
    )
    page.get_by_label("How old did the person seem?").select_option("under_18")
    page.get_by_label("When did you see it? (optional)").fill("2999-01-01")
    lodging = page.get_by_label("Was it at a hotel, motel or inn? (optional)")
    options = lodging.locator("option").all_inner_texts()
    assert len(options) > 1, "the demo directory has lodging businesses"
    lodging.select_option(index=1)
    page.get_by_role("button", name="Send the report").click()
    assert "in the future" in page.locator("main").inner_text()
    assert "room 12" in page.get_by_label("What did you see or hear?").input_value()
    save_screenshot(page, "screening-public-form-en-refused")
    page.get_by_label("When did you see it? (optional)").fill("")
    page.get_by_role("button", name="Send the report").click()
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("TR-")
    _check(page, "public report received", watch)
    save_screenshot(page, "screening-public-thanks-en-phone")


def test_the_public_form_in_spanish_on_a_phone(new_context, server):
    page = new_context(**PHONE).new_page()
    watch = PageWatch(page)
    page.goto(server.url("/report-trafficking/"))
    page.get_by_role("link", name="Español").click()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Denunciar")
    _check(page, "public report form (es)", watch)
    save_screenshot(page, "screening-public-form-es-phone")
    page.get_by_label("¿Qué vio u oyó?").fill(
        "Un hombre adulto obliga a varias mujeres a trabajar en el salón sin pago."
    )
    page.get_by_label("¿Qué edad parecía tener la persona?").select_option("adult")
    page.get_by_label("Pueblo o ciudad (opcional)").fill("Hartford")
    page.get_by_role("button", name="Enviar la denuncia").click()
    assert "Su número de referencia es" in page.locator("main").inner_text()
    save_screenshot(page, "screening-public-thanks-es-phone")


def test_the_triage_queue_and_a_decision(new_context, server, demo_screening):
    page = _signed_in(new_context, server, "dcf")
    watch = PageWatch(page)
    page.goto(server.url("/screening/"))
    table = page.locator("main table")
    assert demo_screening["escalated"] in table.inner_text()
    assert table.locator(".usa-tag", has_text="Escalated").count() >= 1
    _check(page, "triage queue", watch)
    save_screenshot(page, "screening-triage-queue")
    page.get_by_role("link", name=demo_screening["escalated"]).click()
    page.get_by_label("Link to an existing case (case number)").fill("NO-SUCH-1")
    page.get_by_label("Decision note").fill("Careline intake called the hotel.")
    page.get_by_role("button", name="Record the decision").click()
    assert "No case with that number" in page.locator("main").inner_text()
    assert page.get_by_label("Decision note").input_value() == "Careline intake called the hotel."
    _check(page, "report triage refused", watch)
    page.get_by_label("Link to an existing case (case number)").fill("")
    page.get_by_role("button", name="Record the decision").click()
    assert "Triaged" in page.locator("main").inner_text()
    save_screenshot(page, "screening-report-triaged")


def test_the_encounter_routes_a_child_and_documents_an_adults_defense(new_context, server):
    page = _signed_in(new_context, server, "law_enforcement")
    watch = PageWatch(page)
    page.goto(server.url("/screening/encounters/new/"))
    _check(page, "encounter form", watch)
    page.get_by_role("button", name="Record and see the route").click()
    assert "53a-82" in page.locator(".usa-error-message, .usa-alert--error").first.inner_text()
    page.get_by_label("Age (stated or estimated), if no date of birth").fill("16")
    page.get_by_label("Facts of the encounter").fill("Found alone in a motel room during a check.")
    page.get_by_role("button", name="Record and see the route").click()
    main = page.locator("main").inner_text()
    assert "Child victim route" in main and "No prostitution charge" in main
    _check(page, "encounter result (child)", watch)
    save_screenshot(page, "screening-encounter-child")
    page.goto(server.url("/screening/encounters/new/"))
    page.get_by_label("Age (stated or estimated), if no date of birth").fill("24")
    page.get_by_label("Facts of the encounter").fill("Says her manager keeps her ID and phone.")
    page.locator("label", has_text="Someone else holds their identity documents").click()
    page.locator("label", has_text="They owe a debt they are made to work off").click()
    page.get_by_role("button", name="Record and see the route").click()
    main = page.locator("main").inner_text()
    assert "Adult route" in main and "53a-192a" in main
    _check(page, "encounter result (adult)", watch)
    save_screenshot(page, "screening-encounter-adult")
    page.get_by_role("link", name="Printable page").click()
    assert "affirmative defense" in page.locator("main").inner_text()
    _check(page, "affirmative-defense summary", watch)
    save_screenshot(page, "screening-defense-summary")
