"""The screening pages: the public form (both languages, limits, honeypot, rate limit,
nothing of the reporter kept), the triage queue and decisions, the encounter and its
defense summary, the instruments; audited reads and bounded query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.screening import services
from haven.screening.models import Encounter, Instrument, Report, ReportStatus
from haven.screening.tests.conftest import submit

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

GOOD = {
    "what_seen": "A girl of about 15 was taken into room 12 by an older man at night.",
    "apparent_age": "under_18",
    "town": "New Haven",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_public_form_opens_without_an_account_with_the_emergency_numbers():
    page = Client().get("/report-trafficking/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "911" in text and "1-800-842-2288" in text and "1-888-373-7888" in text
    assert "233733" in text


def test_the_public_form_reads_in_spanish():
    client = Client()
    text = client.get("/report-trafficking/?lang=es").content.decode()
    assert "Denunciar" in text and "911" in text and 'lang="es"' in text
    # the choice is kept (cookie), and a refusal reads in Spanish too
    assert "Denunciar" in client.get("/report-trafficking/").content.decode()
    page = client.post("/report-trafficking/", {"what_seen": "x", "apparent_age": "adult"})
    assert page.status_code == 400 and "Cuéntenos lo que vio" in page.content.decode()
    page = client.post("/report-trafficking/", GOOD | {"lang": "es"})
    assert "Su número de referencia es" in page.content.decode()
    assert Report.objects.get().language == "es"


def test_a_report_gets_a_reference_and_keeps_no_address(lodging):
    client = Client(REMOTE_ADDR="198.51.100.7")
    page = client.post(
        "/report-trafficking/", GOOD | {"lodging": str(lodging.public_id), "town": ""}
    )
    assert page.status_code == 200
    report = Report.objects.get()
    assert report.reference in page.content.decode()
    assert report.lodging == lodging
    event = AuditEvent.objects.get(action=Action.PUBLIC_REPORT_RECEIVED)
    assert event.ip_address is None
    assert "198.51.100.7" not in str(cache._cache) if hasattr(cache, "_cache") else True


def test_a_future_date_is_refused_on_the_form_keeping_what_was_typed():
    tomorrow = timezone.localdate() + DAY
    page = Client().post("/report-trafficking/", GOOD | {"seen_on": tomorrow.isoformat()})
    assert page.status_code == 400
    text = page.content.decode()
    assert "future" in text and "room 12" in text
    assert not Report.objects.exists()


def test_an_empty_or_oversized_report_is_refused_with_a_message():
    page = Client().post("/report-trafficking/", {})
    assert page.status_code == 400 and "usa-error-message" in page.content.decode()
    page = Client().post("/report-trafficking/", GOOD | {"what_seen": "x" * 4001})
    assert page.status_code == 400
    assert not Report.objects.exists()


def test_the_honeypot_thanks_a_robot_and_keeps_nothing():
    page = Client().post("/report-trafficking/", GOOD | {"website": "http://spam.example"})
    assert page.status_code == 200
    assert not Report.objects.exists()


def test_a_flood_from_one_address_is_refused():
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.post("/report-trafficking/", GOOD).status_code == 200
    page = client.post("/report-trafficking/", GOOD)
    assert page.status_code == 429 and "911" in page.content.decode()
    assert Report.objects.count() == 5
    assert Client(REMOTE_ADDR="203.0.113.10").post("/report-trafficking/", GOOD).status_code == 200
    assert not any("203.0.113.9" in str(k) for k in getattr(cache, "_cache", {}))


def test_no_other_screening_route_takes_an_anonymous_post():
    client = Client()
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) != "screening":
            continue
        for sub in pattern.url_patterns:
            assert isinstance(sub, URLPattern)
            url = "/screening/" + str(sub.pattern).replace(
                "<uuid:public_id>", "00000000-0000-0000-0000-000000000000"
            ).replace("<slug:code>", "x").replace("<int:number>", "1")
            response = client.post(url, GOOD)
            assert response.status_code == 302, url
            assert "/accounts/login/" in response["Location"]
    assert not Report.objects.exists()


def test_the_queue_marks_escalated_reports_and_bounds_its_queries(
    cast, settings, django_assert_max_num_queries
):
    settings.HAVEN_SCREENING_ESCALATE_HOURS = 24
    old = submit()
    Report.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - 30 * 3600 * datetime.timedelta(seconds=1)
    )
    for _ in range(4):
        submit()
    client = login(cast.dcf_worker)
    client.get("/screening/")
    with django_assert_max_num_queries(14):
        page = client.get("/screening/")
    text = page.content.decode()
    assert text.count("Escalated") == 1 and old.reference in text
    assert "1 d 6 h" in text


def test_triage_on_the_page_opens_a_case_and_audits_the_read(cast):
    report = submit()
    client = login(cast.coordinator)
    assert client.get(f"/screening/reports/{report.public_id}/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.VIEWED, object_id=str(report.public_id)).exists()
    page = client.post(
        f"/screening/reports/{report.public_id}/triage/",
        {"route": "dcf", "create_case": "on", "child_estimated_age": "15", "note": "Careline"},
    )
    assert page.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.TRIAGED and report.case is not None


def test_triage_with_an_unknown_case_number_keeps_the_form(cast):
    report = submit()
    page = login(cast.dcf_worker).post(
        f"/screening/reports/{report.public_id}/triage/",
        {"route": "dcf", "case_number": "NOPE-1", "note": "kept note"},
    )
    assert page.status_code == 400
    assert "No case with that number" in page.content.decode()
    assert "kept note" in page.content.decode()


def test_marking_a_duplicate_by_reference(cast):
    first, second = submit(), submit()
    page = login(cast.dcf_worker).post(
        f"/screening/reports/{second.public_id}/duplicate/", {"reference": first.reference}
    )
    assert page.status_code == 302
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_the_guided_encounter_routes_a_17_year_old_to_the_child_route(cast):
    today = timezone.localdate()
    page = login(cast.detective).post(
        "/screening/encounters/new/",
        {"occurred_on": today.isoformat(), "stated_age": "17", "facts": "At a motel."},
    )
    assert page.status_code == 302
    encounter = Encounter.objects.get()
    result = login(cast.detective).get(page["Location"]).content.decode()
    assert "Child victim route" in result and "Gen. Stat. § 53a-82" in result
    assert "No prostitution charge" in result and encounter.report.reference in result


def test_an_encounter_without_an_age_is_refused_citing_the_statute(cast):
    page = login(cast.detective).post(
        "/screening/encounters/new/",
        {"occurred_on": timezone.localdate().isoformat(), "facts": "kept facts"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "§ 53a-82" in text and "kept facts" in text


def test_an_age_contradicting_the_birth_date_is_refused_on_the_form(cast):
    page = login(cast.detective).post(
        "/screening/encounters/new/",
        {
            "occurred_on": "2026-01-10",
            "date_of_birth": "2000-01-01",
            "stated_age": "17",
        },
    )
    assert page.status_code == 400 and "does not match" in page.content.decode()


def test_the_adult_route_screen_and_defense_summary(cast):
    encounter = services.encounter_record(
        actor=cast.detective, occurred_on=timezone.localdate(), stated_age=22
    )
    client = login(cast.detective)
    base = f"/screening/encounters/{encounter.public_id}/"
    assert client.get(base + "defense-summary/").status_code == 409
    short = Instrument.objects.get(code="trafficking-short-screen")
    answers = {f"item_{i.number}": "no" for i in short.items.all()} | {"item_3": "yes"}
    assert client.get(base + "screen/trafficking-short-screen/?language=es").status_code == 200
    page = client.post(base + "screen/trafficking-short-screen/", answers)
    assert page.status_code == 302
    summary = client.get(base + "defense-summary/")
    assert summary.status_code == 200
    assert "53a-192a" in summary.content.decode()
    pdf = login(cast.prosecutor).get(base + "defense-summary/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action=Action.DEFENSE_SUMMARY_PRINTED).count() == 2


def test_the_coordinator_enters_the_six_item_wording(cast):
    client = login(cast.coordinator)
    page = client.post(
        "/screening/instruments/child-sex-trafficking-six/items/1/",
        {"text_en": "Agency question one", "text_es": "Pregunta uno de la agencia"},
    )
    assert page.status_code == 302
    assert "Agency question one" in client.get("/screening/instruments/").content.decode()
    page = client.post(
        "/screening/instruments/child-sex-trafficking-six/items/1/", {"text_en": "", "text_es": ""}
    )
    assert page.status_code == 400


def test_the_home_page_shows_the_queue_to_triagers_only(cast):
    submit()
    assert "Trafficking reports awaiting triage" in login(cast.dcf_worker).get("/").content.decode()
    assert "Trafficking reports awaiting triage" not in login(cast.doctor).get("/").content.decode()


def test_a_clinician_records_a_screening_on_a_childs_record(cast):
    from haven.cases.services import AllegationIn, PartyIn, referral_intake
    from haven.people.services import person_create

    child = person_create(actor=cast.intake, confirmed_new=True, first_name="Ana", last_name="Ruiz")
    referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="trafficking_concern",
        received_at=timezone.now(),
        parties=[PartyIn(person=child, role="alleged_victim")],
        allegations=[AllegationIn(victim=child, kind="sex_trafficking")],
    )
    client = login(cast.doctor)
    base = f"/screening/people/{child.public_id}/"
    short = Instrument.objects.get(code="trafficking-short-screen")
    answers = {f"item_{i.number}": "no" for i in short.items.all()} | {"item_8": "yes"}
    page = client.post(base + "screen/trafficking-short-screen/", answers)
    assert page.status_code == 302
    text = client.get(base).content.decode()
    assert "Trafficking indicator short screen" in text and "1 indicator(s)" in text
    assert AuditEvent.objects.filter(action=Action.SCREENING_RECORDED).count() == 1
    assert login(cast.intake).get(base).status_code == 403
    # the six-item screen needs the agency's wording first: refused on the form
    six = {f"item_{n}": "yes" for n in range(1, 7)}
    page = client.post(base + "screen/child-sex-trafficking-six/", six)
    assert page.status_code == 400 and "wording" in page.content.decode()
