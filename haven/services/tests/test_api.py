"""The services API: the same services and rules as the pages."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent
from haven.services.models import Instrument, Reminder, ServiceReferral

DAY = datetime.timedelta(days=1)


@pytest.fixture
def api_as(cast):
    def _client(user):
        _, raw = token_create_by_operator(user=user, name="svc", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def _url(case, rest=""):
    return f"/api/v1/cases/{case.public_id}/services/{rest}"


def _day(n):
    return (timezone.localdate() - n * DAY).isoformat()


def test_a_referral_through_its_lifecycle_and_time_to_service_in_the_api(cast, api_as, case):
    coordinator, therapist = api_as(cast.coordinator), api_as(cast.therapist)
    made = coordinator.post(
        _url(case, "referrals/"),
        {"service_type": "mh_treatment", "referred_on": _day(12), "modality": "tf_cbt"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    rid = made.json()["id"]
    response = therapist.post(
        _url(case, f"referrals/{rid}/sessions/"),
        {"held_on": _day(5), "note": "Clinical"},
        format="json",
    )
    assert response.status_code == 201
    body = coordinator.get(_url(case)).json()
    (referral,) = body["referrals"]
    assert referral["sessions"][0]["note"] is None  # the coordinator is not a clinician
    assert body["time_to_service"] == [
        {
            "service_type": "mh_treatment",
            "referred_on": _day(12),
            "first_session_on": _day(5),
            "days": 7,
            "waiting_days": None,
        }
    ]
    lines = {row["line"]: row for row in body["tracking"]}
    assert lines["mental-health"]["status"] == "Referred (TF-CBT)"
    assert AuditEvent.objects.filter(action=Action.VIEWED, case_id=case.public_id).exists()
    done = coordinator.post(
        _url(case, f"referrals/{rid}/status/"),
        {"verb": "decline", "on": _day(1), "reason": "Moved away"},
        format="json",
    )
    assert done.json()["status"] == "declined"
    again = coordinator.post(
        _url(case, f"referrals/{rid}/status/"), {"verb": "complete", "on": _day(0)}, format="json"
    )
    assert again.status_code == 409


def test_dcf_services_for_an_adult_are_refused_with_the_citation_in_the_api(
    cast, api_as, case, child
):
    child.date_of_birth = datetime.date(2000, 1, 1)
    child.save(update_fields=["date_of_birth"])
    response = api_as(cast.coordinator).post(
        _url(case, "referrals/"),
        {"service_type": "dcf_services", "referred_on": _day(1)},
        format="json",
    )
    assert response.status_code == 400
    assert "17a-106a(e)" in response.json()["citation"]
    assert not ServiceReferral.objects.exists()


def test_a_reminder_to_an_alleged_offender_is_refused_in_the_api(cast, api_as, case, offender):
    client = api_as(cast.coordinator)
    rid = client.post(
        _url(case, "referrals/"),
        {"service_type": "advocacy", "referred_on": _day(2)},
        format="json",
    ).json()["id"]
    client.post(
        _url(case, f"referrals/{rid}/status/"),
        {
            "verb": "schedule",
            "on": _day(0),
            "appointment_at": (timezone.now() + 2 * DAY).isoformat(),
        },
        format="json",
    )
    response = client.post(
        _url(case, f"referrals/{rid}/reminders/"),
        {"recipient": str(offender.public_id)},
        format="json",
    )
    assert response.status_code == 400 and "alleged offender" in response.json()["detail"]
    assert not Reminder.objects.exists()


def test_a_score_out_of_range_is_refused_in_the_api(cast, api_as, case):
    tscc = Instrument.objects.get(code="TSCC", cac=None)
    response = api_as(cast.therapist).post(
        _url(case, "assessments/"),
        {"instrument": str(tscc.public_id), "score": 31, "assessed_on": _day(0)},
        format="json",
    )
    assert response.status_code == 400 and "between 0 and 30" in response.json()["detail"]
