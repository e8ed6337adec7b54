"""The pages: the case page's sections by role, the edit forms, the statute's refusals in
the UI, bounded queries, and audited reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.audit.models import Action, AuditEvent, Kind
from haven.investigations import services
from haven.investigations.models import (
    ChildProtectionInvestigation,
    LawEnforcementInvestigation,
)

pytestmark = pytest.mark.django_db
CITATION = "Gen. Stat. § 17a-106f"


def _url(case, rest=""):
    return f"/cases/{case.public_id}/{rest}"


def _everything(cast, case, sibling, offender, lodging, days_ago):
    """Every section filled in through the services."""
    police = services.le_investigation_open(
        actor=cast.detective,
        case=case,
        opened_on=days_ago(20),
        report_number="NH-24-0917",
        narrative="Canvass of the motel; phone extraction requested.",
    )
    cp = services.cp_investigation_save(
        actor=cast.dcf_worker,
        case=case,
        worker=cast.dcf_worker,
        careline_report_number="CL-5521",
        careline_reported_on=days_ago(25),
        finding="substantiated",
        finding_on=days_ago(3),
        safety_decisions="Child placed with maternal aunt under a safety plan.",
    )
    services.hearing_record(
        actor=cast.dcf_worker, investigation=cp, held_on=days_ago(15), kind="otc", outcome="OTC"
    )
    services.reliance_record(
        actor=cast.dcf_worker,
        investigation=cp,
        item_kind="law_enforcement",
        item_id=police.public_id,
        relied_on=days_ago(4),
    )
    matter = services.prosecution_open(
        actor=cast.prosecutor,
        case=case,
        alleged_offender=offender,
        decision="accepted",
        decision_on=days_ago(9),
        docket_number="NNH-CR24-0123",
    )
    services.prosecution_link_case(actor=cast.prosecutor, case=case, matter=matter, other=sibling)
    for statute in ("53a-192a", "53a-70"):
        services.charge_file(
            actor=cast.prosecutor,
            case=case,
            matter=matter,
            statute=statute,
            description="Trafficking in persons",
            charge_class="felony_b",
            filed_on=days_ago(8),
        )
    services.trafficking_save(
        actor=cast.coordinator,
        case=case,
        kind="sex",
        indicators=["hotel_stays", "online_ads"],
        setting="lodging",
        lodging_business=lodging,
    )
    return police, cp, matter


# --- the case page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("detective", ["law-enforcement", "child-protection", "prosecution", "trafficking"], []),
        ("therapist", ["trafficking"], ["law-enforcement", "child-protection", "prosecution"]),
        ("doctor", ["trafficking"], ["law-enforcement", "prosecution"]),
    ],
)
def test_the_case_page_shows_each_section_only_to_roles_that_may_view_it(
    cast, client_for, case, sibling, offender, lodging, days_ago, who, shown, hidden
):
    _everything(cast, case, sibling, offender, lodging, days_ago)
    body = client_for(getattr(cast, who)).get(_url(case)).content.decode()
    for key in shown:
        assert f'id="{key}"' in body, key
    for key in hidden:
        assert f'id="{key}"' not in body, key


def test_the_case_page_reads_every_section_in_a_bounded_number_of_queries(
    cast, client_for, case, sibling, offender, lodging, days_ago
):
    client = client_for(cast.coordinator)
    client.get(_url(case))  # warm caches (the role matrix)
    with CaptureQueriesContext(connection) as empty:
        client.get(_url(case))
    _everything(cast, case, sibling, offender, lodging, days_ago)
    with CaptureQueriesContext(connection) as full:
        response = client.get(_url(case))
    body = response.content.decode()
    assert "NH-24-0917" in body and "CL-5521" in body and "NNH-CR24-0123" in body
    assert "Harbor Inn" in body and sibling.number in body
    # Full sections add only their prefetches (hearings, reliances, charges, linked cases
    # and which of those the user may see, indicators), and the services tracking table's
    # one read of the investigation lines; never a query per row (the next test).
    assert len(full) - len(empty) <= 8, [q["sql"] for q in full.captured_queries]
    assert len(full) <= 60


def test_each_panel_adds_no_query_per_charge_or_hearing(
    cast, client_for, case, sibling, offender, lodging, days_ago
):
    _, cp, matter = _everything(cast, case, sibling, offender, lodging, days_ago)
    client = client_for(cast.coordinator)
    client.get(_url(case))
    with CaptureQueriesContext(connection) as before:
        client.get(_url(case))
    for n in range(3):
        services.charge_file(
            actor=cast.prosecutor,
            case=case,
            matter=matter,
            statute=f"53a-{71 + n}",
            description="More",
            charge_class="felony_c",
            filed_on=days_ago(2),
        )
        services.hearing_record(
            actor=cast.dcf_worker, investigation=cp, held_on=days_ago(2), kind="preliminary"
        )
    with CaptureQueriesContext(connection) as after:
        client.get(_url(case))
    assert len(after) == len(before)


def test_the_detective_sees_the_button_to_record_the_investigation_and_the_dcf_worker_does_not(
    cast, client_for, case
):
    detective = client_for(cast.detective).get(_url(case)).content.decode()
    dcf = client_for(cast.dcf_worker).get(_url(case)).content.decode()
    assert "Record a law-enforcement investigation" in detective
    assert "Record a law-enforcement investigation" not in dcf
    assert "Record DCF's investigation" in dcf
    assert "Record DCF's investigation" not in detective


# --- § 17a-106f in the UI ----------------------------------------------------------------


def test_the_detective_records_the_criminal_investigation_through_the_form(
    cast, client_for, case, days_ago
):
    client = client_for(cast.detective)
    assert client.get(_url(case, "law-enforcement/new/")).status_code == 200
    response = client.post(
        _url(case, "law-enforcement/new/"),
        {
            "officer": str(cast.detective.public_id),
            "report_number": "NH-1",
            "opened_on": days_ago(3).isoformat(),
            "status": "open",
            "outcome": "",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#law-enforcement")
    assert LawEnforcementInvestigation.objects.get().report_number == "NH-1"


def test_a_dcf_worker_trying_to_write_the_criminal_section_in_the_ui_is_refused_citing_the_statute(
    cast, client_for, case, days_ago
):
    client = client_for(cast.dcf_worker)
    page = client.get(_url(case, "law-enforcement/new/"))
    assert page.status_code == 403
    assert CITATION in page.content.decode()
    response = client.post(
        _url(case, "law-enforcement/new/"),
        {"officer": str(cast.detective.public_id), "opened_on": days_ago(3), "status": "open"},
    )
    assert response.status_code == 403 and CITATION in response.content.decode()
    assert not LawEnforcementInvestigation.objects.exists()


def test_a_detective_trying_to_write_the_child_protection_section_in_the_ui_is_refused(
    cast, client_for, case, days_ago
):
    client = client_for(cast.detective)
    page = client.get(_url(case, "child-protection/"))
    assert page.status_code == 403
    assert "Department of Children and Families" in page.content.decode()
    response = client.post(
        _url(case, "child-protection/"),
        {
            "careline_report_number": "CL-1",
            "careline_reported_on": days_ago(3),
            "status": "investigating",
            "finding": "pending",
        },
    )
    assert response.status_code == 403 and CITATION in response.content.decode()
    assert not ChildProtectionInvestigation.objects.exists()


def test_a_finding_without_a_dcf_worker_is_shown_on_the_form_and_the_entries_are_kept(
    cast, client_for, case, days_ago
):
    response = client_for(cast.dcf_worker).post(
        _url(case, "child-protection/"),
        {
            "worker": "",
            "careline_report_number": "CL-77",
            "careline_reported_on": days_ago(9).isoformat(),
            "status": "investigating",
            "finding": "substantiated",
            "finding_on": days_ago(1).isoformat(),
            "safety_decisions": "Safety plan with grandmother.",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "choose the DCF worker" in body
    assert "Safety plan with grandmother." in body and "CL-77" in body
    assert not ChildProtectionInvestigation.objects.exists()


def test_a_case_the_user_may_not_see_is_not_found_on_every_page(cast, client_for, case, days_ago):
    police = services.le_investigation_open(actor=cast.detective, case=case, opened_on=days_ago(3))
    client = client_for(cast.detective_elsewhere)
    for rest in (
        "law-enforcement/new/",
        f"law-enforcement/{police.public_id}/",
        "child-protection/",
        "prosecution/new/",
        "trafficking/",
    ):
        assert client.get(_url(case, rest)).status_code == 404, rest


def test_reading_an_edit_form_is_an_audited_access(cast, client_for, case, days_ago):
    police = services.le_investigation_open(actor=cast.detective, case=case, opened_on=days_ago(3))
    client_for(cast.detective).get(_url(case, f"law-enforcement/{police.public_id}/"))
    event = AuditEvent.objects.filter(kind=Kind.ACCESS, action=Action.VIEWED).last()
    assert event.object_id == str(police.public_id) and event.case_id == case.public_id


# --- prosecution and trafficking through the forms ---------------------------------------


def test_the_prosecutor_files_a_charge_and_a_disposition_before_it_is_refused(
    cast, client_for, case, offender, days_ago
):
    client = client_for(cast.prosecutor)
    response = client.post(
        _url(case, "prosecution/new/"),
        {
            "alleged_offender": str(offender.public_id),
            "decision": "accepted",
            "decision_on": days_ago(5).isoformat(),
        },
    )
    assert response.status_code == 302
    matter = case.prosecutions.get()
    response = client.post(
        _url(case, f"prosecution/{matter.public_id}/charges/new/"),
        {
            "statute": "53a-70",
            "description": "Sexual assault in the first degree",
            "charge_class": "felony_b",
            "counts": "1",
            "filed_on": days_ago(4).isoformat(),
        },
    )
    assert response.status_code == 302
    charge = matter.charges.get()
    response = client.post(
        _url(case, f"prosecution/{matter.public_id}/charges/{charge.public_id}/disposition/"),
        {"disposition": "nolle", "disposed_on": days_ago(6).isoformat()},
    )
    assert response.status_code == 400
    assert "before the charge was filed" in response.content.decode()
    charge.refresh_from_db()
    assert charge.disposition == ""


def test_the_detective_may_not_write_the_prosecution(cast, client_for, case):
    response = client_for(cast.detective).get(_url(case, "prosecution/new/"))
    assert response.status_code == 403


def test_trafficking_details_through_the_form_flag_the_case(cast, client_for, case, lodging):
    response = client_for(cast.coordinator).post(
        _url(case, "trafficking/"),
        {
            "kind": "labor",
            "indicators": ["work_debt", "unpaid_work"],
            "setting": "lodging",
            "lodging_business": str(lodging.public_id),
            "dcf_notified": "on",
            "dcf_notified_at": (datetime.datetime.now() - datetime.timedelta(hours=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.is_trafficking
    page = client_for(cast.coordinator).get(_url(case)).content.decode()
    assert "Working to pay off a debt" in page and "Harbor Inn" in page
