"""Services and selectors of case review, built through the real services."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.core.errors import HavenError
from haven.reviews import selectors, services
from haven.reviews.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Frequency,
    Meeting,
    MeetingStatus,
)
from haven.reviews.tests.conftest import make_meeting, open_case

D = datetime.date


def _close_past_review(cast, team, case_review, case, days_ago):
    past = make_meeting(cast, team, case_review, days=-days_ago)
    services.agenda_add(actor=cast.coordinator, meeting=past, case=case)
    services.meeting_close(actor=cast.coordinator, meeting=past)
    return past


# --- schedules ----------------------------------------------------------------------------


def test_schedule_makes_the_next_second_tuesday_meetings(cast, team, case_review):
    schedule = services.schedule_create(
        actor=cast.coordinator,
        team=team,
        meeting_type=case_review,
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekday=1,
        nth=2,
        starts_on=timezone.localdate(),
        start_time=datetime.time(9, 30),
        facilitator=cast.coordinator,
        location="Conference room B",
    )
    made = services.meetings_from_schedule(actor=cast.coordinator, schedule=schedule, count=3)
    days = [timezone.localtime(m.starts_at) for m in made]
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in days)
    assert all((d.hour, d.minute) == (9, 30) for d in days)
    more = services.meetings_from_schedule(actor=cast.coordinator, schedule=schedule, count=1)
    assert more[0].starts_at > made[-1].starts_at


def test_schedule_with_impossible_rule_is_refused(cast, team, case_review):
    with pytest.raises(HavenError, match="weekday"):
        services.schedule_create(
            actor=cast.coordinator,
            team=team,
            meeting_type=case_review,
            frequency=Frequency.MONTHLY_NTH_WEEKDAY,
            nth=2,
            starts_on=timezone.localdate(),
            start_time=datetime.time(9),
            facilitator=cast.coordinator,
        )


def test_facilitator_must_be_on_the_team(cast, team, case_review):
    with pytest.raises(HavenError, match="facilitator must be a member"):
        make_meeting_as(cast, team, case_review, facilitator=cast.detective_elsewhere)


def make_meeting_as(cast, team, case_review, facilitator):
    return services.meeting_schedule(
        actor=cast.coordinator,
        team=team,
        meeting_type=case_review,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        facilitator=facilitator,
        location="Room B",
    )


def test_meeting_needs_a_location_or_video_link(cast, team, case_review):
    with pytest.raises(HavenError, match="location"):
        services.meeting_schedule(
            actor=cast.coordinator,
            team=team,
            meeting_type=case_review,
            starts_at=timezone.now(),
            facilitator=cast.coordinator,
        )


def test_only_the_host_cacs_coordinator_schedules(cast, team, case_review):
    with pytest.raises(HavenError) as refused:
        services.meeting_schedule(
            actor=cast.detective,
            team=team,
            meeting_type=case_review,
            starts_at=timezone.now(),
            facilitator=cast.coordinator,
            location="Room B",
        )
    assert refused.value.status == 403


def test_team_adds_its_own_meeting_type(cast, team):
    mt = services.meeting_type_add(actor=cast.coordinator, team=team, name="Sibling review")
    assert mt.kind == "other"
    with pytest.raises(HavenError, match="already"):
        services.meeting_type_add(actor=cast.coordinator, team=team, name="sibling review")


# --- the agenda ---------------------------------------------------------------------------


def test_case_added_twice_to_one_agenda_is_refused(cast, meeting, case):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    with pytest.raises(HavenError, match="already on this agenda"):
        services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_case_of_another_team_is_refused(cast, meeting):
    stray = open_case(cast, None, "Stray")
    with pytest.raises(HavenError, match="not one of the team's cases"):
        services.agenda_add(actor=cast.coordinator, meeting=meeting, case=stray)


def test_proposals_name_new_and_trafficking_cases(cast, team, case_review, meeting, case):
    trafficking = open_case(cast, team, "Cleo", trafficking=True)
    reviewed = open_case(cast, team, "Dov", days_ago=60)
    _close_past_review(cast, team, case_review, reviewed, days_ago=20)
    new = open_case(cast, team, "Gus", days_ago=5)
    found = {p.case.pk: p.reasons for p in selectors.proposals(cast.coordinator, meeting)}
    assert found[new.pk] == ["new"]
    assert case.pk not in found  # received before the last meeting, within the cadence
    assert "trafficking" in found[trafficking.pk]
    assert reviewed.pk not in found  # reviewed 20 days ago, cadence 90


def test_case_not_reviewed_within_cadence_is_proposed(cast, team, case_review, meeting):
    stale = open_case(cast, team, "Eli", days_ago=200)
    _close_past_review(cast, team, case_review, stale, days_ago=120)
    found = {p.case.pk: p.reasons for p in selectors.proposals(cast.coordinator, meeting)}
    assert found[stale.pk] == ["cadence"]
    services.review_settings_save(actor=cast.coordinator, team=team, cadence_days=180)
    found = {p.case.pk: p.reasons for p in selectors.proposals(cast.coordinator, meeting)}
    assert stale.pk not in found


def test_case_with_overdue_action_items_is_proposed(cast, team, case_review, meeting):
    late = open_case(cast, team, "Fay", days_ago=40)
    past = make_meeting(cast, team, case_review, days=-20)
    item = services.agenda_add(actor=cast.coordinator, meeting=past, case=late)
    action = services.action_item_add(
        actor=cast.coordinator,
        item=item,
        description="Request school records",
        owner=cast.dcf_worker,
        due_on=timezone.localdate(),
    )
    services.meeting_close(actor=cast.coordinator, meeting=past)
    ActionItem.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - D.resolution)
    found = {p.case.pk: p.reasons for p in selectors.proposals(cast.coordinator, meeting)}
    assert "overdue_actions" in found[late.pk]


def test_proposals_leave_out_cases_already_on_the_agenda(cast, meeting, case):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    assert case.pk not in {p.case.pk for p in selectors.proposals(cast.coordinator, meeting)}


def test_partner_not_on_a_case_sees_restricted(cast, meeting, case, other):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=other)
    rows = {r.number: r for r in selectors.agenda(cast.detective, meeting)}
    assert rows[case.number].shown
    assert rows[other.number].restricted
    coordinator_rows = selectors.agenda(cast.coordinator, meeting)
    assert all(r.shown for r in coordinator_rows)


def test_role_without_review_section_sees_every_case_restricted(cast, meeting, case):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    # The security officer manages the team but has no case-review section.
    assert all(r.restricted for r in selectors.agenda(cast.security_officer, meeting))


# --- attendance ---------------------------------------------------------------------------


def test_attendee_who_is_not_a_team_member_is_refused(cast, meeting):
    with pytest.raises(HavenError, match="not a member"):
        services.attendance_record(actor=cast.coordinator, meeting=meeting, user=cast.doctor)
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_attendance_is_by_statutory_seat(cast, meeting):
    services.attendance_record(actor=cast.coordinator, meeting=meeting, user=cast.detective)
    services.attendance_record(actor=cast.coordinator, meeting=meeting, user=cast.dcf_worker)
    seats = {a.seat for a in selectors.attendance(meeting)}
    assert seats == {"law_enforcement", "dcf"}
    with pytest.raises(HavenError, match="already recorded"):
        services.attendance_record(actor=cast.coordinator, meeting=meeting, user=cast.detective)


# --- conducting ---------------------------------------------------------------------------


def test_recording_the_discussion_and_recommendations(cast, team, meeting, case):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    option = services.recommendation_option_add(
        actor=cast.coordinator, team=team, label="Refer for trauma-focused therapy"
    )
    services.item_record(
        actor=cast.coordinator,
        item=item,
        discussion="Forensic interview done; disclosure consistent.",
        decisions="Proceed with the medical exam.",
        information_shared="DCF shared the safety plan.",
    )
    services.recommendation_add(actor=cast.coordinator, item=item, option=option)
    services.recommendation_add(actor=cast.coordinator, item=item, text="Check school attendance")
    with pytest.raises(HavenError, match="Choose a recommendation"):
        services.recommendation_add(actor=cast.coordinator, item=item)
    item.refresh_from_db()
    assert item.decisions == "Proceed with the medical exam."
    assert item.recommendations.count() == 2
    # What was said is not copied into the audit row.
    event = AuditEvent.objects.filter(action=Action.REVIEW_RECORDED).first()
    assert "disclosure" not in str(event.new_values)


def test_action_item_with_no_owner_is_refused(cast, meeting, case):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    with pytest.raises(HavenError, match="owner"):
        services.action_item_add(
            actor=cast.coordinator,
            item=item,
            description="Call the school",
            owner=None,
            due_on=timezone.localdate() + datetime.timedelta(days=5),
        )
    assert not ActionItem.objects.exists()


def test_action_item_with_a_past_due_date_is_refused(cast, meeting, case):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    with pytest.raises(HavenError, match="passed") as refused:
        services.action_item_add(
            actor=cast.coordinator,
            item=item,
            description="Call the school",
            owner=cast.detective,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert refused.value.field == "due_on"
    assert not ActionItem.objects.exists()


def test_action_item_owner_must_see_the_case(cast, meeting, other):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=other)
    with pytest.raises(HavenError, match="cannot see this case"):
        services.action_item_add(
            actor=cast.coordinator,
            item=item,
            description="Call the school",
            owner=cast.detective,
            due_on=timezone.localdate() + datetime.timedelta(days=5),
        )


def test_editing_a_closed_meeting_without_reopening_is_refused(cast, meeting, case):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    services.item_record(actor=cast.coordinator, item=item, discussion="First summary")
    services.meeting_close(actor=cast.coordinator, meeting=meeting)
    with pytest.raises(HavenError, match="closed") as refused:
        services.item_record(actor=cast.coordinator, item=item, discussion="Rewritten")
    assert refused.value.status == 409
    with pytest.raises(HavenError, match="closed"):
        services.attendance_record(actor=cast.coordinator, meeting=meeting, user=cast.detective)
    item.refresh_from_db()
    assert item.discussion == "First summary"
    with pytest.raises(HavenError, match="Say why"):
        services.meeting_reopen(actor=cast.coordinator, meeting=meeting, reason=" ")
    services.meeting_reopen(actor=cast.coordinator, meeting=meeting, reason="Add the decision")
    services.item_record(actor=cast.coordinator, item=item, decisions="Refer to DCF")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED


def test_facilitator_who_cannot_see_a_case_cannot_write_its_review(cast, team, case_review, other):
    meeting = make_meeting_as(cast, team, case_review, facilitator=cast.detective)
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=other)
    with pytest.raises(HavenError) as refused:
        services.item_record(actor=cast.detective, item=item, discussion="x")
    assert refused.value.status == 404


# --- action items: home page, reminders, overdue, open work -------------------------------


def _action(cast, meeting, case, days=5, owner=None):
    item = AgendaItem.objects.filter(meeting=meeting, case=case).first() or services.agenda_add(
        actor=cast.coordinator, meeting=meeting, case=case
    )
    return services.action_item_add(
        actor=cast.coordinator,
        item=item,
        description="Obtain the medical report",
        owner=owner or cast.detective,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_action_items_are_listed_for_their_owner_with_overdue_flag(cast, meeting, case):
    action = _action(cast, meeting, case)
    ActionItem.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - D.resolution)
    mine = selectors.my_action_items(cast.detective)
    assert [a.pk for a in mine] == [action.pk]
    assert mine[0].overdue
    assert selectors.my_action_items(cast.dcf_worker) == []


def test_reminder_is_sent_before_the_due_date_and_only_once(
    cast, meeting, case, django_capture_on_commit_callbacks
):
    from haven.reviews.tasks import remind_due_action_items

    with django_capture_on_commit_callbacks(execute=True):
        far = _action(cast, meeting, case, days=10)
        near = _action(cast, meeting, case, days=1)  # within two days: reminded at once
    assert len(mail.outbox) == 1
    assert case.number in mail.outbox[0].body
    assert case.child.first_name not in mail.outbox[0].body
    near.refresh_from_db()
    assert near.reminded_at is not None
    remind_due_action_items.call()
    assert len(mail.outbox) == 1  # nothing new: far is not due for a reminder yet
    ActionItem.objects.filter(pk=far.pk).update(due_on=timezone.localdate() + D.resolution)
    assert remind_due_action_items.call() == 1
    assert len(mail.outbox) == 2


def test_done_action_item_is_not_reminded(cast, meeting, case):
    from haven.reviews.tasks import remind_due_action_items

    action = _action(cast, meeting, case, days=10)
    services.action_item_set_status(actor=cast.detective, action=action, status="done")
    ActionItem.objects.filter(pk=action.pk).update(due_on=timezone.localdate())
    assert remind_due_action_items.call() == 0


def test_only_the_owner_or_facilitator_changes_an_action(cast, meeting, case):
    action = _action(cast, meeting, case)
    with pytest.raises(HavenError) as refused:
        services.action_item_set_status(actor=cast.dcf_worker, action=action, status="done")
    assert refused.value.status == 403


def test_open_action_items_are_open_work_before_closing(cast, meeting, case):
    from haven.cases.hooks import open_work

    action = _action(cast, meeting, case)
    assert any("action item" in w for w in open_work(case))
    services.action_item_set_status(actor=cast.detective, action=action, status="done")
    assert not any("action item" in w for w in open_work(case))


# --- cadence ------------------------------------------------------------------------------


def test_case_cadence_last_reviewed_and_next_due(cast, team, case_review, case):
    assert selectors.case_cadence(case).last_reviewed is None
    past = _close_past_review(cast, team, case_review, case, days_ago=10)
    cadence = selectors.case_cadence(case)
    assert cadence.last_reviewed == timezone.localdate(past.starts_at)
    assert cadence.next_due == cadence.last_reviewed + datetime.timedelta(days=90)
    assert cadence.within


def test_deferred_case_does_not_count_as_reviewed(cast, team, case_review, case):
    past = make_meeting(cast, team, case_review, days=-5)
    item = services.agenda_add(actor=cast.coordinator, meeting=past, case=case)
    services.item_record(actor=cast.coordinator, item=item, deferred=True)
    services.meeting_close(actor=cast.coordinator, meeting=past)
    assert selectors.case_cadence(case).last_reviewed is None


def test_team_share_of_open_cases_reviewed_within_cadence(cast, team, case_review, case, other):
    assert selectors.team_cadence(team).share == 0
    _close_past_review(cast, team, case_review, case, days_ago=10)
    result = selectors.team_cadence(team)
    assert (result.open_cases, result.within, result.share) == (2, 1, 0.5)


def test_cadence_setting_out_of_range_is_refused(cast, team):
    with pytest.raises(HavenError):
        services.review_settings_save(actor=cast.coordinator, team=team, cadence_days=1)
    assert selectors.cadence_days(team) == 90
