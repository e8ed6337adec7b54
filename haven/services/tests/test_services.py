"""The services' writes, through the real services, each test named after its rule."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.cases.services import PartyIn
from haven.core.errors import HavenError
from haven.services import services
from haven.services.models import (
    Instrument,
    ReferralEvent,
    ReferralStatus,
    Reminder,
    ServiceReferral,
    ServiceSession,
)
from haven.services.selectors import referrals, time_to_service
from haven.services.tests.conftest import mark_trafficking, open_case, person

D = datetime.date
DAY = datetime.timedelta(days=1)


def refer(cast, case, service_type="mh_treatment", days_ago=30, actor=None, **kw):
    return services.referral_make(
        actor=actor or cast.coordinator,
        case=case,
        service_type=service_type,
        referred_on=timezone.localdate() - days_ago * DAY,
        **kw,
    )


def test_a_referral_moves_through_its_lifecycle_with_dates(cast, case, today):
    r = refer(cast, case, modality="tf_cbt", primary_contact="Dr. Ames")
    when = timezone.now() + 3 * DAY
    r = services.referral_transition(
        actor=cast.therapist, referral=r, verb="schedule", on=today - 25 * DAY, appointment_at=when
    )
    assert r.status == ReferralStatus.SCHEDULED and r.appointment_at == when
    r = services.referral_transition(
        actor=cast.therapist, referral=r, verb="engage", on=today - 20 * DAY
    )
    r = services.referral_transition(
        actor=cast.therapist, referral=r, verb="complete", on=today - DAY
    )
    assert r.status == ReferralStatus.COMPLETED and r.ended_on == today - DAY
    assert [e.status for e in r.events.all()] == ["referred", "scheduled", "engaged", "completed"]
    assert AuditEvent.objects.filter(action=Action.SERVICE_STATUS).count() == 3


def test_completing_a_declined_referral_is_refused_and_nothing_is_lost(cast, case, today):
    r = refer(cast, case)
    r = services.referral_transition(
        actor=cast.coordinator,
        referral=r,
        verb="decline",
        on=today - 5 * DAY,
        reason="Family declined for now",
    )
    with pytest.raises(HavenError, match="declined; it cannot be marked"):
        services.referral_transition(actor=cast.coordinator, referral=r, verb="complete", on=today)
    r.refresh_from_db()
    assert r.status == ReferralStatus.DECLINED and r.end_reason == "Family declined for now"
    assert ReferralEvent.objects.filter(referral=r).count() == 2


def test_an_early_ending_needs_a_reason(cast, case, today):
    r = refer(cast, case)
    with pytest.raises(HavenError, match="reason"):
        services.referral_transition(actor=cast.coordinator, referral=r, verb="close", on=today)
    r.refresh_from_db()
    assert r.status == ReferralStatus.REFERRED


def test_a_session_before_the_referral_date_is_refused(cast, case, today):
    r = refer(cast, case, days_ago=10)
    with pytest.raises(HavenError, match="before the referral date"):
        services.session_log(actor=cast.therapist, referral=r, held_on=today - 11 * DAY)
    assert not ServiceSession.objects.exists()


def test_only_the_services_section_records_its_sessions(cast, case, today):
    r = refer(cast, case)
    with pytest.raises(HavenError) as error:
        services.session_log(actor=cast.doctor, referral=r, held_on=today)
    assert error.value.status == 403


def test_a_hidden_case_is_not_found(cast, case):
    with pytest.raises(HavenError) as error:
        refer(cast, case, actor=cast.detective_elsewhere)
    assert error.value.status == 404


def test_time_to_service_counts_days_to_the_first_attended_session(cast, case, today):
    r = refer(cast, case, days_ago=30)
    services.session_log(
        actor=cast.therapist, referral=r, held_on=today - 26 * DAY, attendance="no_show"
    )
    services.session_log(actor=cast.therapist, referral=r, held_on=today - 23 * DAY)
    refer(cast, case, service_type="advocacy", days_ago=4)
    rows = {t.service_type: t for t in time_to_service(referrals(case))}
    assert rows["mh_treatment"].days == 7
    assert rows["advocacy"].days is None and rows["advocacy"].waiting_days == 4


def test_score_outside_the_instruments_range_is_refused(cast, case, today):
    cats = Instrument.objects.get(code="CATS", cac=None)
    with pytest.raises(HavenError, match="between 0 and 60"):
        services.assessment_record(
            actor=cast.therapist, case=case, instrument=cats, score=75, assessed_on=today
        )
    services.assessment_record(
        actor=cast.therapist, case=case, instrument=cats, score=41, assessed_on=today
    )
    assert case.assessments.count() == 1


def test_a_cac_adds_its_own_instrument(cast, case, today):
    inst = services.instrument_add(
        actor=cast.therapist, cac=cast.cac, code="scared", name="SCARED", min_score=0, max_score=82
    )
    assert inst.code == "SCARED"
    with pytest.raises(HavenError, match="already"):
        services.instrument_add(
            actor=cast.therapist, cac=cast.cac, code="CATS", name="x", min_score=0, max_score=1
        )


def test_medical_findings_are_written_only_by_the_medical_section(cast, case, today):
    with pytest.raises(HavenError):
        services.medical_exam_record(
            actor=cast.coordinator,
            case=case,
            examined_on=today,
            examiner="Dr. Brooks",
            acuity="non_acute",
        )
    exam = services.medical_exam_record(
        actor=cast.doctor,
        case=case,
        examined_on=today,
        examiner="Dr. Brooks",
        acuity="non_acute",
        findings="Normal exam.",
    )
    event = AuditEvent.objects.get(action=Action.MEDICAL_EXAM)
    assert event.new_values["findings"] == "(changed)" and exam.findings == "Normal exam."


def test_compensation_needs_an_amount_once_approved(cast, case, today):
    with pytest.raises(HavenError, match="amount"):
        services.compensation_record(
            actor=cast.advocate,
            case=case,
            applied_on=today - DAY,
            status="approved",
            decided_on=today,
        )
    claim = services.compensation_record(
        actor=cast.advocate,
        case=case,
        applied_on=today - DAY,
        status="approved",
        decided_on=today,
        amount=1250,
    )
    assert claim.amount == 1250


def test_advocacy_records_caregiver_support(cast, case, mother, today):
    contact = services.advocacy_record(
        actor=cast.advocate, case=case, kind="caregiver_support", on=today, with_person=mother
    )
    assert contact.with_person == mother


# --- DCF services for minors ----------------------------------------------------------------


def test_dcf_services_for_a_minor_identified_as_a_trafficking_victim(cast, case):
    mark_trafficking(cast, case, "sex")
    r = refer(cast, case, service_type="dcf_services")
    assert r.dcf_basis == "identified"


def test_dcf_services_for_a_minor_reasonably_believed_to_be_a_victim(cast, case):
    mark_trafficking(cast, case, "suspected")
    assert refer(cast, case, service_type="dcf_services").dcf_basis == "believed"


def test_dcf_services_refused_without_trafficking_on_the_case(cast, case):
    with pytest.raises(HavenError) as error:
        refer(cast, case, service_type="dcf_services")
    assert error.value.citation == "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"
    assert not ServiceReferral.objects.exists()


def test_dcf_services_age_boundary_on_the_18th_birthday(cast, today):
    # Born 18 years before today: 18 today, 17 yesterday.
    dob = (
        today.replace(year=today.year - 18)
        if (today.month, today.day) != (2, 29)
        else (today.replace(year=today.year - 18, day=28))
    )
    teen = person(cast, "Lena", "Ortiz", date_of_birth=dob)
    case = open_case(cast, teen)
    mark_trafficking(cast, case, "labor")
    ok = services.referral_make(
        actor=cast.coordinator,
        case=case,
        service_type="dcf_services",
        referred_on=dob.replace(year=dob.year + 18) - DAY,
    )
    assert ok.dcf_basis == "identified"
    with pytest.raises(HavenError, match="younger than 18") as error:
        services.referral_make(
            actor=cast.coordinator,
            case=case,
            service_type="dcf_services",
            referred_on=dob.replace(year=dob.year + 18),
        )
    assert "17a-106a(e)" in error.value.citation


def test_dcf_refusal_shows_an_estimated_age_as_estimated(cast, today):
    teen = person(cast, "Sol", "Reyes", estimated_age=18, estimated_age_on=today - 10 * DAY)
    case = open_case(cast, teen)
    mark_trafficking(cast, case, "suspected")
    with pytest.raises(HavenError, match=r"18 \(estimated\)"):
        refer(cast, case, service_type="dcf_services", days_ago=1)


# --- reminders ------------------------------------------------------------------------------


@pytest.fixture
def scheduled(cast, case, today, django_capture_on_commit_callbacks):
    r = refer(cast, case)
    return services.referral_transition(
        actor=cast.coordinator,
        referral=r,
        verb="schedule",
        on=today,
        appointment_at=timezone.now() + 2 * DAY,
    )


def test_a_reminder_is_sent_by_the_task_and_the_send_recorded(
    cast, scheduled, mother, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminder = services.reminder_request(
            actor=cast.coordinator, referral=scheduled, recipient=mother, language="es"
        )
    reminder.refresh_from_db()
    assert reminder.status == "sent" and reminder.sent_at
    (message,) = mail.outbox
    assert message.to == ["rosa@example.test"] and message.subject == "Recordatorio de cita"
    assert "Mia" not in message.body and "mental" not in message.body.lower()
    assert AuditEvent.objects.filter(action=Action.REMINDER_SENT).exists()


def test_reminder_never_goes_to_an_alleged_offender(cast, scheduled, offender):
    mail.outbox.clear()
    with pytest.raises(HavenError, match="alleged offender"):
        services.reminder_request(actor=cast.coordinator, referral=scheduled, recipient=offender)
    assert not Reminder.objects.exists() and mail.outbox == []


def test_reminder_never_goes_to_an_address_tied_to_an_alleged_offender(cast, child, today):
    aunt = person(cast, "Lucia", "Hale", email="lucia@example.test", address="12 ELM ST")
    victor = person(cast, "Victor", "Hale", address="12 Elm St")
    case = open_case(cast, child, PartyIn(aunt, "caregiver"), PartyIn(victor, "alleged_offender"))
    r = refer(cast, case)
    r = services.referral_transition(
        actor=cast.coordinator,
        referral=r,
        verb="schedule",
        on=today,
        appointment_at=timezone.now() + DAY,
    )
    with pytest.raises(HavenError, match="address an alleged offender"):
        services.reminder_request(actor=cast.coordinator, referral=r, recipient=aunt)


def test_a_reminder_to_a_party_with_no_contact_details_is_refused(cast, scheduled, child):
    with pytest.raises(HavenError, match="no email address"):
        services.reminder_request(actor=cast.coordinator, referral=scheduled, recipient=child)
    assert not Reminder.objects.exists()


def test_sms_has_an_interface_but_no_provider(cast, scheduled, mother):
    with pytest.raises(HavenError, match="text-message provider"):
        services.reminder_request(
            actor=cast.coordinator, referral=scheduled, recipient=mother, channel="sms"
        )


def test_the_task_checks_the_rule_again_at_send_time(
    cast, scheduled, mother, django_capture_on_commit_callbacks
):
    from haven.services.tasks import send_reminder

    with django_capture_on_commit_callbacks(execute=False):
        reminder = services.reminder_request(
            actor=cast.coordinator, referral=scheduled, recipient=mother
        )
    mother.email = "victor@example.test"
    mother.save(update_fields=["email"])
    mail.outbox.clear()
    assert send_reminder.call(str(reminder.public_id)) == "refused"
    assert mail.outbox == []


def test_open_referrals_are_open_work_for_case_closure(cast, case, today):
    from haven.services.selectors import open_referrals_work

    refer(cast, case)
    assert open_referrals_work(case) == ["Mental-health treatment referral is referred"]
