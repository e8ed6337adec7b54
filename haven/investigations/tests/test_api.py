"""The investigations API: the same rules as the pages, as RFC 9457 problems."""

import pytest
from rest_framework.test import APIClient

from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent, Kind
from haven.cases.models import Case
from haven.investigations.models import (
    Charge,
    ChildProtectionInvestigation,
    LawEnforcementInvestigation,
)

pytestmark = pytest.mark.django_db
CITATION = "Gen. Stat. § 17a-106f"


@pytest.fixture
def api_as(cast):
    def _client(user):
        _, raw = token_create_by_operator(user=user, name="inv", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def _url(case, rest):
    return f"/api/v1/cases/{case.public_id}/{rest}"


def test_a_dcf_worker_trying_to_write_the_criminal_section_through_the_api_is_refused(
    cast, api_as, case, days_ago
):
    response = api_as(cast.dcf_worker).post(
        _url(case, "law-enforcement/"), {"opened_on": days_ago(2)}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["citation"] == CITATION
    assert not LawEnforcementInvestigation.objects.exists()


def test_a_detective_trying_to_write_the_child_protection_section_through_the_api_is_refused(
    cast, api_as, case, days_ago
):
    response = api_as(cast.detective).put(
        _url(case, "child-protection/"),
        {"careline_report_number": "CL-1", "careline_reported_on": days_ago(2)},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["citation"] == CITATION
    assert "Department of Children and Families" in response.json()["detail"]
    assert not ChildProtectionInvestigation.objects.exists()


def test_the_detective_records_and_updates_the_investigation_through_the_api(
    cast, api_as, case, days_ago
):
    client = api_as(cast.detective)
    made = client.post(
        _url(case, "law-enforcement/"),
        {"opened_on": days_ago(4), "report_number": "NH-API-1"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["officer"]["id"] == str(cast.detective.public_id)
    changed = client.patch(
        _url(case, f"law-enforcement/{made.json()['id']}/"),
        {"outcome": "arrest", "outcome_on": days_ago(1)},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["outcome"] == "arrest"


def test_a_finding_without_a_dcf_worker_is_a_problem_naming_the_field(cast, api_as, case, days_ago):
    response = api_as(cast.dcf_worker).put(
        _url(case, "child-protection/"),
        {
            "careline_report_number": "CL-1",
            "careline_reported_on": days_ago(6),
            "finding": "unsubstantiated",
            "finding_on": days_ago(1),
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "choose the DCF worker" in body["detail"]
    assert not ChildProtectionInvestigation.objects.exists()


def test_dcf_records_a_hearing_and_the_team_information_it_relied_on(cast, api_as, case, days_ago):
    client = api_as(cast.dcf_worker)
    saved = client.put(
        _url(case, "child-protection/"),
        {
            "worker": str(cast.dcf_worker.public_id),
            "careline_report_number": "CL-9",
            "careline_reported_on": days_ago(6),
        },
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    hearing = client.post(
        _url(case, "child-protection/hearings/"),
        {"held_on": days_ago(3), "kind": "otc"},
        format="json",
    )
    assert hearing.status_code == 201
    relied = client.post(
        _url(case, "child-protection/relied-on/"),
        {"item_kind": "forensic_interview", "item_label": "Interview", "relied_on": days_ago(1)},
        format="json",
    )
    assert relied.status_code == 201
    assert AuditEvent.objects.filter(action=Action.INFORMATION_RELIED_ON).count() == 1


def test_charges_and_dispositions_through_the_api(cast, api_as, case, stranger, offender, days_ago):
    client = api_as(cast.prosecutor)
    matter = client.post(
        _url(case, "prosecution/"),
        {"alleged_offender": str(offender.public_id), "decision": "pending"},
        format="json",
    )
    assert matter.status_code == 201, matter.json()
    base = f"prosecution/{matter.json()['id']}/"
    charge = client.post(
        _url(case, base + "charges/"),
        {
            "statute": "53a-70",
            "description": "Sexual assault",
            "charge_class": "felony_b",
            "filed_on": days_ago(5),
        },
        format="json",
    )
    assert charge.status_code == 201
    early = client.post(
        _url(case, base + f"charges/{charge.json()['id']}/disposition/"),
        {"disposition": "dismissal", "disposed_on": days_ago(9)},
        format="json",
    )
    assert early.status_code == 400
    assert "before the charge was filed" in early.json()["detail"]
    assert Charge.objects.get().disposition == ""
    # A prosecution on a case with no alleged offender: no charge can be filed.
    bare = client.post(_url(stranger, "prosecution/"), {}, format="json")
    refused = client.post(
        _url(stranger, f"prosecution/{bare.json()['id']}/charges/"),
        {
            "statute": "53a-70",
            "description": "x",
            "charge_class": "felony_b",
            "filed_on": days_ago(1),
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "names none" in refused.json()["detail"]


def test_each_part_is_null_for_a_role_that_may_not_view_it_and_the_read_is_audited(
    cast, api_as, case, days_ago
):
    client = api_as(cast.detective)
    client.post(_url(case, "law-enforcement/"), {"opened_on": days_ago(4)}, format="json")
    client.put(_url(case, "trafficking/"), {"kind": "suspected"}, format="json")
    assert Case.objects.get(pk=case.pk).is_trafficking
    body = api_as(cast.therapist).get(_url(case, "investigations/")).json()
    assert body["law_enforcement"] is None and body["prosecution"] is None
    assert body["trafficking"]["kind"] == "suspected"
    assert AuditEvent.objects.filter(
        kind=Kind.ACCESS, case_id=case.public_id, actor=cast.therapist
    ).exists()


def test_a_case_the_caller_may_not_see_is_not_found(cast, api_as, case):
    client = api_as(cast.detective_elsewhere)
    assert client.get(_url(case, "investigations/")).status_code == 404
    assert client.put(_url(case, "trafficking/"), {"kind": "sex"}, format="json").status_code == 404
