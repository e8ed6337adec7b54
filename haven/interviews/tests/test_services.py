"""Each statutory clause of the CAC's forensic interviews (Gen. Stat. §§ 17a-106a(e);
17a-106f(a)), and the federal duplicate-interview criterion (34 U.S.C. § 20304(c))."""

import datetime

import pytest

from haven.audit.models import Action, AuditEvent
from haven.core.errors import HavenError
from haven.directory.services import credential_add, personnel_create
from haven.interviews import services
from haven.interviews.models import Status
from haven.interviews.rules import CITATION_CAC_INTERVIEWS, CITATION_DUPLICATE
from haven.interviews.tests.conftest import make_case, media_bytes, upload

pytestmark = pytest.mark.django_db


def test_it_schedules_with_the_childs_age_and_audits(cast, world, schedule):
    interview = schedule(language="Spanish", interpreter="CT Interpreters")
    assert interview.status == Status.SCHEDULED
    assert interview.child_age in (9, 10, 11)
    assert AuditEvent.objects.filter(
        action=Action.INTERVIEW_SCHEDULED, case_id=world.case.public_id
    ).exists()


def test_clause_a_refuses_an_interviewer_without_a_credential_citing_the_statute(
    cast, world, schedule
):
    person = personnel_create(actor=cast.security_officer, agency=cast.cac, full_name="New Hire")
    cast.advocate.personnel = person
    cast.advocate.save(update_fields=["personnel"])
    with pytest.raises(HavenError) as refused:
        schedule(interviewer=cast.advocate)
    assert refused.value.citation == CITATION_CAC_INTERVIEWS
    assert refused.value.field == "interviewer"


def test_clause_a_refuses_a_credential_that_lapsed_before_the_interview_day(cast, world, schedule):
    from haven.accounts.services import user_create

    person = personnel_create(actor=cast.security_officer, agency=cast.cac, full_name="Lapsed")
    credential_add(
        actor=cast.security_officer,
        personnel=person,
        kind="fi_foundational",
        issued_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2021, 1, 1),
    )
    lapsed = user_create(
        actor=cast.security_officer,
        email="lapsed@cac.test",
        full_name="Lapsed",
        discipline="forensic_interviewer",
        agency=cast.cac,
        personnel=person,
        password="x" * 20,
    )
    with pytest.raises(HavenError) as refused:
        schedule(interviewer=lapsed)
    assert "credential" in refused.value.message
    assert refused.value.citation == CITATION_CAC_INTERVIEWS


def test_a_room_is_not_double_booked(cast, world, schedule):
    schedule()
    starts, ends = world.slot(minutes=60)
    other_case = make_case(cast, first="Tomas", last="Other")
    with pytest.raises(HavenError) as refused:
        schedule(
            case=other_case,
            starts_at=starts + datetime.timedelta(minutes=30),
            ends_at=ends + datetime.timedelta(minutes=30),
        )
    assert refused.value.code == "room_booked"
    # Back to back is fine, and so is another room at the same time (with another interviewer
    # the interviewer clash would refuse it).
    schedule(case=other_case, starts_at=ends, ends_at=ends + datetime.timedelta(minutes=45))


def test_the_interviewer_is_not_double_booked(cast, world, schedule):
    schedule()
    with pytest.raises(HavenError) as refused:
        schedule(room=world.other_room)
    assert refused.value.code == "interviewer_booked"


def test_a_cancelled_interview_frees_the_room(cast, world, schedule):
    first = schedule()
    services.interview_set_status(actor=cast.interviewer, interview=first, status=Status.CANCELLED)
    schedule()


def _complete_with_recording(cast, interview):
    upload(cast.interviewer, interview, media_bytes(3000))
    return services.interview_set_status(
        actor=cast.interviewer, interview=interview, status=Status.COMPLETED, disclosure="full"
    )


def test_a_repeat_interview_warns_and_needs_the_coordinators_reason(cast, world, schedule):
    _complete_with_recording(cast, schedule())
    with pytest.raises(HavenError) as warned:
        schedule(starts_at=world.slot(day=3)[0], ends_at=world.slot(day=3)[1])
    assert warned.value.code == "repeat_interview"
    assert warned.value.citation == CITATION_DUPLICATE
    with pytest.raises(HavenError) as refused:  # the interviewer may not acknowledge it
        schedule(
            actor=cast.interviewer,
            starts_at=world.slot(day=3)[0],
            ends_at=world.slot(day=3)[1],
            repeat_reason="new disclosure",
        )
    assert refused.value.status == 403
    repeat = schedule(
        starts_at=world.slot(day=3)[0],
        ends_at=world.slot(day=3)[1],
        repeat_reason="New disclosure to a teacher",
    )
    assert repeat.repeat_acknowledged_by == cast.coordinator
    assert AuditEvent.objects.filter(action=Action.INTERVIEW_DUPLICATE_ACK).count() == 1


def test_clause_b_refuses_completion_without_a_recording_or_a_reason(cast, world, schedule):
    interview = schedule()
    services.interview_set_status(
        actor=cast.interviewer, interview=interview, status=Status.IN_PROGRESS
    )
    with pytest.raises(HavenError) as refused:
        services.interview_set_status(
            actor=cast.interviewer, interview=interview, status=Status.COMPLETED
        )
    assert refused.value.citation == CITATION_CAC_INTERVIEWS
    assert refused.value.code == "recording_required"


def test_clause_b_a_recorded_reason_completes_it_as_an_exception(cast, world, schedule):
    from haven.interviews.selectors import exceptions_for

    interview = services.interview_set_status(
        actor=cast.interviewer,
        interview=schedule(),
        status=Status.COMPLETED,
        no_recording_reason="Equipment failed; notes taken by the detective.",
    )
    assert interview.is_exception
    assert list(exceptions_for(cast.coordinator)) == [interview]
    assert list(exceptions_for(cast.detective)) == [interview]  # on the case team


def test_clause_b_a_finished_recording_completes_it(cast, world, schedule):
    interview = _complete_with_recording(cast, schedule())
    assert interview.status == Status.COMPLETED and not interview.is_exception


def test_status_verbs_follow_the_lifecycle(cast, world, schedule):
    interview = schedule()
    services.interview_set_status(
        actor=cast.interviewer, interview=interview, status=Status.NO_SHOW
    )
    with pytest.raises(HavenError) as refused:
        services.interview_set_status(
            actor=cast.interviewer, interview=interview, status=Status.IN_PROGRESS
        )
    assert refused.value.code == "bad_transition"


def test_only_the_interviewer_or_interview_staff_change_it(cast, world, schedule):
    with pytest.raises(HavenError) as refused:
        services.interview_set_status(
            actor=cast.detective, interview=schedule(), status=Status.CANCELLED
        )
    assert refused.value.status == 403


def test_clause_d_observers_are_mdt_members_or_assigned_with_their_seat(cast, world, schedule):
    interview = schedule()
    by_team = services.observer_add(
        actor=cast.interviewer, interview=interview, user=cast.prosecutor
    )
    by_assignment = services.observer_add(
        actor=cast.interviewer, interview=interview, user=cast.detective
    )
    assert by_team.seat == "states_attorney" and "MDT" in by_team.seat_label
    assert by_assignment.seat == "law_enforcement" and "assigned" in by_assignment.seat_label
    with pytest.raises(HavenError) as refused:
        services.observer_add(
            actor=cast.interviewer, interview=interview, user=cast.detective_elsewhere
        )
    assert refused.value.citation == CITATION_CAC_INTERVIEWS


def test_clause_d_playback_is_granted_only_to_the_team(cast, world, schedule):
    interview = schedule()
    services.playback_grant(actor=cast.interviewer, interview=interview, user=cast.detective)
    with pytest.raises(HavenError):
        services.playback_grant(
            actor=cast.interviewer, interview=interview, user=cast.detective_elsewhere
        )
    with pytest.raises(HavenError) as refused:  # only recording staff grant it
        services.playback_grant(actor=cast.detective, interview=interview, user=cast.prosecutor)
    assert refused.value.status == 403


def test_a_case_the_scheduler_cannot_see_is_not_found(cast, world, schedule):
    with pytest.raises(HavenError) as refused:
        schedule(actor=cast.detective_elsewhere)
    assert refused.value.status == 404


def test_rooms_belong_to_the_cac(cast, world, schedule):
    from haven.directory.services import agency_create

    other_cac = agency_create(actor=cast.security_officer, name="Other CAC", kind="cac")
    foreign = services.Room.objects.create(cac=other_cac, name="Elsewhere")
    with pytest.raises(HavenError) as refused:
        schedule(room=foreign)
    assert refused.value.field == "room"


def test_interviewer_first_hides_other_sections_until_the_interview_is_complete(
    cast, world, schedule
):
    from haven.access.models import Level, Section
    from haven.access.rules import case_section_levels

    assert case_section_levels(cast.interviewer, world.case)[Section.PEOPLE] == Level.VIEW
    services.interview_settings_set(actor=cast.coordinator, cac=cast.cac, interviewer_first=True)
    levels = case_section_levels(cast.interviewer, world.case)
    assert levels[Section.PEOPLE] == Level.NONE and levels[Section.DOCUMENTS] == Level.NONE
    assert levels[Section.GENERAL] == Level.VIEW
    assert levels[Section.FORENSIC_INTERVIEW] == Level.EDIT
    assert case_section_levels(cast.coordinator, world.case)[Section.PEOPLE] == Level.EDIT
    _complete_with_recording(cast, schedule())
    assert case_section_levels(cast.interviewer, world.case)[Section.PEOPLE] == Level.VIEW
