"""Access-table rows for the screening routes (haven/core/tests/test_access_table.py).

The public report form is the one page an anonymous visitor may use (and post to: see
test_views.test_no_other_screening_route_takes_an_anonymous_post). The triage queue is for
DCF, law enforcement and the coordinator; the table's report is about an apparent minor,
so it is routed to DCF and hidden (404) from law enforcement. Encounters, screenings and
instruments follow the role matrix's screening section (view: coordinator, prosecutor;
edit: law enforcement, DCF, medical, mental health, advocate); only law enforcement records
an encounter, only the coordinator sets an instrument's wording.

Every persona of the table works in the New Haven district, where the table's report and
encounter belong, so the district scope (security issue 18, item 4) changes no outcome
here; another district's users, and the statewide liaison, are in test_scope.py.
"""

from haven.testing.access_table import row

SCREENING_VIEW = dict(
    coordinator=200,
    law_enforcement=200,
    dcf=200,
    states_attorney=200,
    medical=200,
    mental_health=200,
    victim_advocate=200,
)


def triagers(ok: int, law_enforcement: int | None = None) -> dict[str, int]:
    le = ok if law_enforcement is None else law_enforcement
    return row(302, 403, coordinator=ok, dcf=ok, law_enforcement=le)


def fixtures(cast, base):
    from django.utils import timezone

    from haven.screening import services

    report = services.report_submit(
        what_seen="A teenager was brought to a motel room by an older man.",
        apparent_age="under_18",
        town="New Haven",
    )
    encounter = services.encounter_record(
        actor=cast.detective,
        occurred_on=timezone.localdate(),
        stated_age=25,
        indicators=["debt"],
        facts="Met at a motel.",
    )
    return {"sc_report": report.public_id, "sc_encounter": encounter.public_id}


def _enc(f, rest=""):
    return f"/screening/encounters/{f['sc_encounter']}/{rest}"


def api_triagers(ok: int, law_enforcement: int | None = None) -> dict[str, int]:
    le = ok if law_enforcement is None else law_enforcement
    return row(401, 403, coordinator=ok, dcf=ok, law_enforcement=le)


API_VIEW = dict(SCREENING_VIEW)

ROUTES = {
    # The API: creating a report (POST) is public, its GET is the staff queue.
    "api-screening-reports": ("GET", lambda f: "/api/v1/screening/reports/", api_triagers(200)),
    "api-screening-report": (
        "GET",
        lambda f: f"/api/v1/screening/reports/{f['sc_report']}/",
        api_triagers(200, law_enforcement=404),
    ),
    "api-screening-triage": (
        "POST",
        lambda f: f"/api/v1/screening/reports/{f['sc_report']}/triage/",
        api_triagers(415, law_enforcement=404),
    ),
    "api-screening-duplicate": (
        "POST",
        lambda f: f"/api/v1/screening/reports/{f['sc_report']}/duplicate/",
        api_triagers(415, law_enforcement=404),
    ),
    # The table's empty POST is a form, not JSON: 415 once the door opens.
    "api-screening-encounters": (
        "POST",
        lambda f: "/api/v1/screening/encounters/",
        row(401, 403, law_enforcement=415),
    ),
    "api-screening-encounter": (
        "GET",
        lambda f: f"/api/v1/screening/encounters/{f['sc_encounter']}/",
        row(401, 403, **API_VIEW),
    ),
    "api-screening-encounter-screenings": (
        "POST",
        lambda f: f"/api/v1/screening/encounters/{f['sc_encounter']}/screenings/",
        row(401, 403, law_enforcement=415),
    ),
    "api-screening-instruments": (
        "GET",
        lambda f: "/api/v1/screening/instruments/",
        row(401, 403, **API_VIEW),
    ),
    "public_report:form": ("GET", lambda f: "/report-trafficking/", row(200, 200)),
    "screening:queue": ("GET", lambda f: "/screening/", triagers(200)),
    "screening:report_detail": (
        "GET",
        lambda f: f"/screening/reports/{f['sc_report']}/",
        triagers(200, law_enforcement=404),
    ),
    # The table's empty POST names no route: refused (400) once the door opens.
    "screening:report_triage": (
        "POST",
        lambda f: f"/screening/reports/{f['sc_report']}/triage/",
        triagers(400, law_enforcement=404),
    ),
    "screening:report_duplicate": (
        "POST",
        lambda f: f"/screening/reports/{f['sc_report']}/duplicate/",
        triagers(400, law_enforcement=404),
    ),
    "screening:encounter_new": (
        "GET",
        lambda f: "/screening/encounters/new/",
        row(302, 403, law_enforcement=200),
    ),
    "screening:encounter_detail": ("GET", lambda f: _enc(f), row(302, 403, **SCREENING_VIEW)),
    "screening:encounter_screen": (
        "GET",
        lambda f: _enc(f, "screen/trafficking-short-screen/"),
        row(302, 403, law_enforcement=200),
    ),
    "screening:defense_summary": (
        "GET",
        lambda f: _enc(f, "defense-summary/"),
        row(302, 403, **SCREENING_VIEW),
    ),
    # A person's screenings: the screening section, and a case the viewer may see (DCF and
    # the prosecutor are in none of the table's: 404, as on the person page).
    "screening:person_screenings": (
        "GET",
        lambda f: f"/screening/people/{f['case_person']}/",
        row(302, 403, **(SCREENING_VIEW | {"dcf": 404, "states_attorney": 404})),
    ),
    "screening:person_screen": (
        "GET",
        lambda f: f"/screening/people/{f['case_person']}/screen/trafficking-short-screen/",
        row(
            302,
            403,
            law_enforcement=200,
            dcf=404,
            medical=200,
            mental_health=200,
            victim_advocate=200,
        ),
    ),
    "screening:instrument_list": (
        "GET",
        lambda f: "/screening/instruments/",
        row(302, 403, **SCREENING_VIEW),
    ),
    "screening:item_wording": (
        "GET",
        lambda f: "/screening/instruments/child-sex-trafficking-six/items/1/",
        row(302, 403, coordinator=200),
    ),
}
