"""The services pages and the case page's sections: who sees what, audited reads, refusals
shown on the form with nothing lost, and bounded query counts."""

import datetime

from django.db import connection
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.services import services
from haven.services.models import Instrument, ReferralStatus, ServiceReferral

DAY = datetime.timedelta(days=1)


class Count:
    """Counts the queries of a block (connection.queries is reset by each request)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._cm = connection.execute_wrapper(self)
        self._cm.__enter__()
        return self

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def _fill(cast, case, n=1):
    today = timezone.localdate()
    cats = Instrument.objects.get(code="CATS", cac=None)
    for i in range(n):
        r = services.referral_make(
            actor=cast.coordinator,
            case=case,
            service_type="mh_treatment",
            referred_on=today - 40 * DAY,
        )
        services.session_log(
            actor=cast.therapist, referral=r, held_on=today - 30 * DAY, note="Private clinical note"
        )
        services.referral_make(
            actor=cast.coordinator, case=case, service_type="advocacy", referred_on=today - 9 * DAY
        )
        services.assessment_record(
            actor=cast.therapist,
            case=case,
            instrument=cats,
            score=40 - 5 * i,
            assessed_on=today - (30 - i) * DAY,
        )
        services.medical_exam_record(
            actor=cast.doctor,
            case=case,
            examined_on=today - DAY,
            examiner="Dr. Brooks",
            acuity="non_acute",
        )
        services.advocacy_record(actor=cast.advocate, case=case, kind="court", on=today)
    return r


def _case_page(client, case):
    return client.get(f"/cases/{case.public_id}/")


def test_case_page_shows_the_tracking_table_with_bounded_queries(
    cast, case, client_for, django_assert_max_num_queries
):
    _fill(cast, case)
    client = client_for(cast.therapist)
    with Count() as few:
        response = _case_page(client, case)
    assert few.n <= 80
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="tracking-table"' in body and "Mental-health treatment" in body
    assert "<svg" in body  # the assessment chart
    _fill(cast, case, n=3)
    with django_assert_max_num_queries(few.n):
        assert _case_page(client, case).status_code == 200


def test_tracking_table_hides_lines_outside_the_role(cast, case, client_for):
    _fill(cast, case)
    body = _case_page(client_for(cast.advocate), case).content.decode()
    assert "Not shown to your role" in body
    assert "Mental-health treatment" not in body  # the advocate cannot see that referral


def test_referral_page_is_audited_and_hides_the_note_from_non_clinicians(
    cast, case, client_for, django_assert_max_num_queries
):
    r = _fill(cast, case)
    url = f"/cases/{case.public_id}/services/referrals/{r.public_id}/"
    coordinator = client_for(cast.coordinator)
    with Count() as few:
        body = coordinator.get(url).content.decode()
    assert few.n <= 40
    assert "Private clinical note" not in body and "for mental-health users only" in body
    assert AuditEvent.objects.filter(action=Action.VIEWED, object_id=str(r.public_id)).exists()
    assert "Private clinical note" in client_for(cast.therapist).get(url).content.decode()
    services.session_log(actor=cast.therapist, referral=r, held_on=timezone.localdate())
    with django_assert_max_num_queries(few.n):
        coordinator.get(url)


def test_completing_a_declined_referral_shows_the_reason_on_the_form(cast, case, client_for):
    today = timezone.localdate()
    r = services.referral_make(
        actor=cast.coordinator, case=case, service_type="advocacy", referred_on=today - 3 * DAY
    )
    services.referral_transition(
        actor=cast.coordinator, referral=r, verb="decline", on=today, reason="Not now"
    )
    response = client_for(cast.coordinator).post(
        f"/cases/{case.public_id}/services/referrals/{r.public_id}/status/",
        {"verb": "complete", "on": today.isoformat()},
    )
    assert response.status_code == 400
    assert "cannot be marked" in response.content.decode()
    r.refresh_from_db()
    assert r.status == ReferralStatus.DECLINED


def test_a_referral_made_on_the_page(cast, case, client_for):
    client = client_for(cast.coordinator)
    response = client.post(
        f"/cases/{case.public_id}/services/referrals/new/",
        {
            "service_type": "medical_evaluation",
            "provider": str(cast.cac.public_id),
            "referred_on": timezone.localdate().isoformat(),
            "modality": "",
        },
    )
    assert response.status_code == 302
    assert ServiceReferral.objects.get().service_type == "medical_evaluation"


def test_score_out_of_range_is_refused_on_the_form(cast, case, client_for):
    cats = Instrument.objects.get(code="CATS", cac=None)
    response = client_for(cast.therapist).post(
        f"/cases/{case.public_id}/services/assessments/new/",
        {
            "instrument": str(cats.public_id),
            "score": "99",
            "assessed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400 and "between 0 and 60" in response.content.decode()


def test_hidden_case_is_404(cast, case, client_for):
    response = client_for(cast.detective_elsewhere).get(
        f"/cases/{case.public_id}/services/referrals/new/"
    )
    assert response.status_code == 404
