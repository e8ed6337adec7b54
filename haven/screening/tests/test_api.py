"""The screening API: the public create (anonymous, throttled, nothing kept), staff-only
reads and writes, problems with citations, audited reads."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from haven.audit.models import Action, AuditEvent
from haven.screening.models import Instrument, Report, ReportStatus
from haven.screening.tests.conftest import submit

pytestmark = pytest.mark.django_db

GOOD = {
    "what_seen": "An adult woman is kept in a back room of the nail salon.",
    "apparent_age": "adult",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anyone_may_post_a_report_and_gets_only_the_reference(lodging):
    response = api().post(
        "/api/v1/screening/reports/",
        GOOD | {"lodging": str(lodging.public_id), "reporter_email": "me@example.test"},
        format="json",
    )
    assert response.status_code == 201
    assert set(response.json()) == {"reference"}
    assert Report.objects.get().lodging == lodging


def test_a_future_date_is_a_problem_naming_the_field():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = api().post(
        "/api/v1/screening/reports/", GOOD | {"seen_on": tomorrow.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "future" in response.json()["detail"]


def test_the_public_create_is_throttled_per_address():
    client = api()
    codes = [
        client.post("/api/v1/screening/reports/", GOOD, format="json").status_code for _ in range(6)
    ]
    assert codes == [201] * 5 + [429]
    assert not any("127.0.0.1" in str(key) for key in getattr(cache, "_cache", {}))


def test_the_queue_is_staff_only(cast):
    submit()
    assert api().get("/api/v1/screening/reports/").status_code == 401
    assert api(cast.prosecutor).get("/api/v1/screening/reports/").status_code == 403
    rows = api(cast.dcf_worker).get("/api/v1/screening/reports/").json()
    assert len(rows) == 1 and rows[0]["possible_minor"] and not rows[0]["overdue"]


def test_triage_and_duplicate_through_the_api(cast):
    first, second = submit(), submit()
    client = api(cast.coordinator)
    detail = client.get(f"/api/v1/screening/reports/{first.public_id}/")
    assert detail.status_code == 200
    assert AuditEvent.objects.filter(action=Action.VIEWED, object_id=str(first.public_id)).exists()
    response = client.post(
        f"/api/v1/screening/reports/{first.public_id}/triage/",
        {"route": "dcf", "create_case": True, "child_estimated_age": 15},
        format="json",
    )
    assert response.status_code == 200 and response.json()["case_number"]
    again = client.post(
        f"/api/v1/screening/reports/{first.public_id}/triage/", {"route": "dcf"}, format="json"
    )
    assert again.status_code == 409
    response = client.post(
        f"/api/v1/screening/reports/{second.public_id}/duplicate/",
        {"duplicate_of": first.reference},
        format="json",
    )
    assert response.status_code == 200 and response.json()["duplicate_of"] == first.reference
    assert Report.objects.get(pk=second.pk).status == ReportStatus.DUPLICATE


def test_an_encounter_without_an_age_is_a_problem_citing_53a_82(cast):
    response = api(cast.detective).post(
        "/api/v1/screening/encounters/",
        {"occurred_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["citation"] == "Gen. Stat. § 53a-82"


def test_an_adult_encounter_with_a_screen(cast):
    client = api(cast.detective)
    response = client.post(
        "/api/v1/screening/encounters/",
        {"occurred_on": timezone.localdate().isoformat(), "stated_age": 30},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["route"] == "adult" and not body["defense_summary_due"]
    short = Instrument.objects.get(code="trafficking-short-screen")
    answers = {str(i.number): "no" for i in short.items.all()} | {"6": "yes"}
    response = client.post(
        f"/api/v1/screening/encounters/{body['id']}/screenings/",
        {"instrument": short.code, "answers": answers},
        format="json",
    )
    assert response.status_code == 201 and response.json()["score"] == 1
    detail = api(cast.prosecutor).get(f"/api/v1/screening/encounters/{body['id']}/").json()
    assert detail["defense_summary_due"] and len(detail["screenings"]) == 1


def test_instruments_list_both_shipped_instruments(cast):
    body = api(cast.advocate).get("/api/v1/screening/instruments/").json()
    codes = {i["code"]: i for i in body}
    assert codes["child-sex-trafficking-six"]["cut_off"] == 2
    assert codes["trafficking-short-screen"]["cut_off"] is None
    assert all(item["placeholder"] for item in codes["child-sex-trafficking-six"]["items"])
    assert api(cast.intake).get("/api/v1/screening/instruments/").status_code == 403
