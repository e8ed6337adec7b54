"""Every write of case review: who may, validation, one transaction, the audit row.

A closed meeting is the team's record: nothing on it changes until it is reopened
(rules.closed_meeting_refusal). A refused write changes nothing."""

import datetime
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.audit.models import Action
from haven.audit.services import audit_record, snapshot
from haven.cases.access import can_view_case
from haven.cases.models import Case
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.reviews import rules, selectors
from haven.reviews.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    ItemSource,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MeetingType,
    Recommendation,
    RecommendationOption,
    Schedule,
    TeamFeed,
    TeamReviewSettings,
)
from haven.teams.models import Team

DEFAULT_TYPES = (
    ("Case review", MeetingKind.CASE_REVIEW),
    ("Clinical review", MeetingKind.CLINICAL_REVIEW),
    ("Trafficking case review", MeetingKind.TRAFFICKING_REVIEW),
)


def _forbidden(message: str) -> HavenError:
    return HavenError(message, status=403, code="forbidden")


def _require_manager(actor, team: Team) -> None:
    if not selectors.may_manage_reviews(actor, team):
        raise _forbidden("Only the host CAC's coordinators set up this team's case reviews.")


def _require_runner(actor, meeting: Meeting) -> None:
    if not selectors.may_run_meeting(actor, meeting):
        raise _forbidden("Only the meeting's facilitator or the team's coordinator may do this.")


def _require_open(meeting: Meeting) -> None:
    refusal = rules.closed_meeting_refusal(meeting)
    if refusal:
        raise HavenError(refusal, code="meeting_closed", status=409)


def _require_case(actor, item: AgendaItem) -> None:
    if item.case_id not in selectors.reviewable_case_ids(actor, [item.case]):
        raise HavenError("No such case on this agenda.", status=404, code="not_found")


# --- team settings ------------------------------------------------------------------------


def review_settings_save(*, actor, team: Team, cadence_days: int, request=None):
    _require_manager(actor, team)
    settings_row, _ = TeamReviewSettings.objects.get_or_create(team=team)
    old = snapshot(settings_row, ["cadence_days"])
    settings_row.cadence_days = cadence_days
    full_clean_or_refuse(settings_row)
    with transaction.atomic():
        settings_row.save()
        audit_record(
            actor=actor,
            action=Action.REVIEW_SETTINGS_CHANGED,
            target=team,
            old=old,
            new={"cadence_days": cadence_days},
            request=request,
        )
    return settings_row


def meeting_types_ensure(team: Team) -> list[MeetingType]:
    """The three statutory-purpose types every team starts with (no actor: setup)."""
    for name, kind in DEFAULT_TYPES:
        MeetingType.objects.get_or_create(team=team, name=name, defaults={"kind": kind})
    return list(MeetingType.objects.filter(team=team, is_active=True))


def meeting_type_add(*, actor, team: Team, name: str, request=None) -> MeetingType:
    _require_manager(actor, team)
    name = name.strip()
    if not name:
        raise HavenError("Give the meeting type a name.", field="name")
    if MeetingType.objects.filter(team=team, name__iexact=name).exists():
        raise HavenError("This team already has a meeting type with this name.", field="name")
    with transaction.atomic():
        kind = MeetingKind.OTHER
        mt = MeetingType.objects.create(team=team, name=name, kind=kind)
        audit_record(
            actor=actor, action=Action.REVIEW_MEETING_TYPE_ADDED, target=mt, request=request
        )
    return mt


def recommendation_option_add(
    *, actor, team: Team, label: str, request=None
) -> RecommendationOption:
    _require_manager(actor, team)
    label = label.strip()
    if not label:
        raise HavenError("Write the recommendation.", field="label")
    if RecommendationOption.objects.filter(team=team, label__iexact=label).exists():
        raise HavenError("This recommendation is already on the team's list.", field="label")
    with transaction.atomic():
        option = RecommendationOption.objects.create(team=team, label=label)
        audit_record(actor=actor, action=Action.REVIEW_OPTION_ADDED, target=option, request=request)
    return option


# --- schedules and meetings ---------------------------------------------------------------


def _check_facilitator(team: Team, facilitator, day: datetime.date) -> None:
    from haven.teams.selectors import can_manage_team

    if facilitator is None:
        raise HavenError("Choose who facilitates the meeting.", field="facilitator")
    member = any(m.user_id == facilitator.pk for m in selectors.members_on(team, day))
    if not (member or can_manage_team(facilitator, team)):
        raise HavenError(
            "The facilitator must be a member of the team or one of its coordinators.",
            field="facilitator",
            citation=rules.CITATION_MDT,
        )


def _check_type(team: Team, meeting_type: MeetingType) -> None:
    if meeting_type is None or meeting_type.team_id != team.pk:
        raise HavenError("Choose one of the team's meeting types.", field="meeting_type")


def schedule_create(
    *,
    actor,
    team: Team,
    meeting_type: MeetingType,
    frequency: str,
    starts_on: datetime.date,
    start_time: datetime.time,
    facilitator,
    weekday: int | None = None,
    nth: int | None = None,
    day_of_month: int | None = None,
    interval_weeks: int = 1,
    ends_on: datetime.date | None = None,
    duration_minutes: int = 90,
    location: str = "",
    video_link: str = "",
    request=None,
) -> Schedule:
    _require_manager(actor, team)
    _check_type(team, meeting_type)
    refusal = rules.schedule_refusal(
        frequency=frequency,
        weekday=weekday,
        nth=nth,
        day_of_month=day_of_month,
        interval_weeks=interval_weeks,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if refusal:
        raise HavenError(refusal, field="frequency")
    _check_facilitator(team, facilitator, starts_on)
    schedule = Schedule(
        team=team,
        meeting_type=meeting_type,
        frequency=frequency,
        weekday=weekday,
        nth=nth,
        day_of_month=day_of_month,
        interval_weeks=interval_weeks or 1,
        starts_on=starts_on,
        ends_on=ends_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        location=location.strip(),
        video_link=video_link.strip(),
        facilitator=facilitator,
    )
    full_clean_or_refuse(schedule)
    with transaction.atomic():
        schedule.save()
        audit_record(
            actor=actor,
            action=Action.REVIEW_SCHEDULE_CREATED,
            target=schedule,
            new=snapshot(schedule, ["frequency", "weekday", "nth", "day_of_month", "starts_on"]),
            request=request,
        )
    return schedule


def meeting_schedule(
    *,
    actor,
    team: Team,
    meeting_type: MeetingType,
    starts_at: datetime.datetime,
    facilitator,
    duration_minutes: int = 90,
    location: str = "",
    video_link: str = "",
    schedule: Schedule | None = None,
    request=None,
) -> Meeting:
    _require_manager(actor, team)
    _check_type(team, meeting_type)
    if not location.strip() and not video_link.strip():
        raise HavenError("Give a location, a video link, or both.", field="location")
    _check_facilitator(team, facilitator, timezone.localdate(starts_at))
    meeting = Meeting(
        team=team,
        meeting_type=meeting_type,
        schedule=schedule,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=max(15, duration_minutes)),
        location=location.strip(),
        video_link=video_link.strip(),
        facilitator=facilitator,
    )
    full_clean_or_refuse(meeting)
    with transaction.atomic():
        meeting.save()
        audit_record(
            actor=actor,
            action=Action.REVIEW_MEETING_SCHEDULED,
            target=meeting,
            new=snapshot(meeting, ["starts_at", "location", "video_link", "facilitator_id"]),
            request=request,
        )
    return meeting


def meetings_from_schedule(
    *, actor, schedule: Schedule, count: int = 3, request=None
) -> list[Meeting]:
    """The schedule's next `count` meetings after its latest one (or after today)."""
    latest = schedule.meetings.order_by("-starts_at").values_list("starts_at", flat=True).first()
    after = timezone.localdate(latest) if latest else timezone.localdate() - datetime.timedelta(1)
    made = []
    for day in rules.occurrences(schedule, after=after, count=count):
        starts_at = timezone.make_aware(datetime.datetime.combine(day, schedule.start_time))
        made.append(
            meeting_schedule(
                actor=actor,
                team=schedule.team,
                meeting_type=schedule.meeting_type,
                starts_at=starts_at,
                facilitator=schedule.facilitator,
                duration_minutes=schedule.duration_minutes,
                location=schedule.location,
                video_link=schedule.video_link,
                schedule=schedule,
                request=request,
            )
        )
    return made


def meeting_close(*, actor, meeting: Meeting, request=None) -> Meeting:
    _require_runner(actor, meeting)
    _require_open(meeting)
    with transaction.atomic():
        meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = timezone.now()
        meeting.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor,
            action=Action.REVIEW_MEETING_CLOSED,
            target=meeting,
            old={"status": MeetingStatus.SCHEDULED},
            new={"status": MeetingStatus.CLOSED},
            request=request,
        )
    return meeting


def meeting_reopen(*, actor, meeting: Meeting, reason: str, request=None) -> Meeting:
    _require_runner(actor, meeting)
    if meeting.status != MeetingStatus.CLOSED:
        raise HavenError("Only a closed meeting can be reopened.", code="not_closed")
    if not reason.strip():
        raise HavenError("Say why the meeting is reopened.", field="reason")
    with transaction.atomic():
        meeting.status = MeetingStatus.SCHEDULED
        meeting.closed_at = None
        meeting.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor,
            action=Action.REVIEW_MEETING_REOPENED,
            target=meeting,
            old={"status": MeetingStatus.CLOSED},
            new={"status": MeetingStatus.SCHEDULED, "reason": reason.strip()},
            request=request,
        )
    return meeting


# --- the agenda ---------------------------------------------------------------------------


def agenda_add(
    *,
    actor,
    meeting: Meeting,
    case: Case,
    source: str = ItemSource.ADDED,
    reasons: list[str] | None = None,
    request=None,
) -> AgendaItem:
    _require_runner(actor, meeting)
    _require_open(meeting)
    if not can_view_case(actor, case):
        raise HavenError("No such case.", field="case", status=404, code="not_found")
    if case.team_id != meeting.team_id:
        raise HavenError("This case is not one of the team's cases.", field="case")
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise HavenError(
            f"Case {case.number} is already on this agenda.", field="case", code="duplicate"
        )
    position = AgendaItem.objects.filter(meeting=meeting).count() + 1
    item = AgendaItem(
        meeting=meeting,
        case=case,
        position=position,
        source=source,
        reasons=",".join(reasons or []),
        added_by=actor,
    )
    try:
        with transaction.atomic():
            item.save()
            audit_record(
                actor=actor,
                action=Action.REVIEW_CASE_ADDED,
                target=item,
                case_id=case.public_id,
                new={"meeting": str(meeting.public_id), "source": source},
                request=request,
            )
    except IntegrityError:  # added by someone else a moment ago
        raise HavenError(
            f"Case {case.number} is already on this agenda.", field="case", code="duplicate"
        ) from None
    return item


_ITEM_FIELDS = ["discussion", "decisions", "information_shared", "deferred"]


def item_record(*, actor, item: AgendaItem, request=None, **fields) -> AgendaItem:
    """The discussion summary, decisions and information shared for one case."""
    _require_runner(actor, item.meeting)
    _require_open(item.meeting)
    _require_case(actor, item)
    old = snapshot(item, _ITEM_FIELDS)
    for name in _ITEM_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(item, name, value.strip() if isinstance(value, str) else bool(value))
    full_clean_or_refuse(item)
    with transaction.atomic():
        item.save(update_fields=_ITEM_FIELDS)
        audit_record(
            actor=actor,
            action=Action.REVIEW_RECORDED,
            target=item,
            case_id=item.case.public_id,
            # What changed, not what was said: the text stays in the record itself.
            old={k: bool(v) for k, v in old.items()},
            new={k: bool(getattr(item, k)) for k in _ITEM_FIELDS},
            request=request,
        )
    return item


def recommendation_add(
    *,
    actor,
    item: AgendaItem,
    option: RecommendationOption | None = None,
    text: str = "",
    request=None,
) -> Recommendation:
    _require_runner(actor, item.meeting)
    _require_open(item.meeting)
    _require_case(actor, item)
    text = text.strip()
    if option is None and not text:
        raise HavenError("Choose a recommendation from the list or write one.", field="text")
    if option is not None and (option.team_id != item.meeting.team_id or not option.is_active):
        raise HavenError("Choose one of the team's recommendations.", field="option")
    rec = Recommendation(item=item, option=option, text=text, created_by=actor)
    with transaction.atomic():
        rec.save()
        audit_record(
            actor=actor,
            action=Action.REVIEW_RECOMMENDATION,
            target=rec,
            object_label="Recommendation",
            case_id=item.case.public_id,
            request=request,
        )
    return rec


def action_item_add(
    *,
    actor,
    item: AgendaItem,
    description: str,
    owner,
    due_on: datetime.date | None,
    request=None,
) -> ActionItem:
    _require_runner(actor, item.meeting)
    _require_open(item.meeting)
    _require_case(actor, item)
    description = description.strip()
    if not description:
        raise HavenError("Say what is to be done.", field="description")
    refusal = rules.action_item_refusal(owner=owner, due_on=due_on, today=timezone.localdate())
    if refusal:
        raise HavenError(refusal, field="owner" if owner is None else "due_on")
    if not can_view_case(owner, item.case):
        raise HavenError(
            "The owner cannot see this case: choose someone on the case.", field="owner"
        )
    action = ActionItem(
        item=item,
        case=item.case,
        description=description,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    full_clean_or_refuse(action)
    with transaction.atomic():
        action.save()
        audit_record(
            actor=actor,
            action=Action.REVIEW_ACTION_ADDED,
            target=action,
            object_label="Action item",
            case_id=item.case.public_id,
            new={"owner": str(owner.public_id), "due_on": due_on},
            request=request,
        )
        transaction.on_commit(lambda: _queue_reminder(action))
    return action


def _queue_reminder(action: ActionItem) -> None:
    from haven.reviews.tasks import remind_action_item

    remind_day = rules.reminder_due_on(action.due_on)
    run_after = timezone.make_aware(datetime.datetime.combine(remind_day, datetime.time(8)))
    if run_after > timezone.now() and remind_action_item.get_backend().supports_defer:
        remind_action_item.using(run_after=run_after).enqueue(str(action.public_id))
    elif run_after <= timezone.now():
        remind_action_item.enqueue(str(action.public_id))
    # Otherwise (a backend that cannot defer) the daily sweep, remind_due_action_items, sends it.


def action_item_set_status(*, actor, action: ActionItem, status: str, request=None) -> ActionItem:
    """The owner or the meeting's runner marks an action done, cancelled or open again."""
    meeting = action.item.meeting
    if action.owner_id != actor.pk and not selectors.may_run_meeting(actor, meeting):
        raise _forbidden("Only the owner or the meeting's facilitator changes this action item.")
    if status not in ActionStatus.values:
        raise HavenError("Choose open, done or cancelled.", field="status")
    old = action.status
    if old == status:
        return action
    with transaction.atomic():
        action.status = status
        action.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "completed_on"])
        audit_record(
            actor=actor,
            action=Action.REVIEW_ACTION_STATUS,
            target=action,
            object_label="Action item",
            case_id=action.case.public_id,
            old={"status": old},
            new={"status": status},
            request=request,
        )
    return action


def action_item_mark_reminded(action: ActionItem) -> None:
    with transaction.atomic():
        action.reminded_at = timezone.now()
        action.save(update_fields=["reminded_at"])
        audit_record(
            actor=None,
            action=Action.REVIEW_ACTION_REMINDED,
            target=action,
            object_label="Action item",
            case_id=action.case.public_id,
        )


# --- attendance ---------------------------------------------------------------------------


def attendance_record(*, actor, meeting: Meeting, user, request=None) -> Attendance:
    """`user` attended, in the seat they hold on the team on the meeting's day."""
    _require_runner(actor, meeting)
    _require_open(meeting)
    day = timezone.localdate(meeting.starts_at)
    seats = [m for m in selectors.members_on(meeting.team, day) if m.user_id == user.pk]
    if not seats:
        raise HavenError(
            f"{user.full_name} is not a member of {meeting.team.name} on {day:%B %-d, %Y}: "
            "only team members attend in a seat.",
            field="user",
            citation=rules.CITATION_MDT,
        )
    membership = seats[0]
    if Attendance.objects.filter(meeting=meeting, membership=membership).exists():
        raise HavenError(f"{user.full_name} is already recorded as present.", field="user")
    with transaction.atomic():
        row = Attendance.objects.create(
            meeting=meeting, membership=membership, seat=membership.seat, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=Action.REVIEW_ATTENDANCE,
            target=row,
            new={"seat": membership.seat, "user": str(user.public_id)},
            request=request,
        )
    return row


# --- team calendar feed -------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def team_feed_issue(*, actor, team: Team, request=None) -> str:
    """A new secret feed token for the team's meetings; any earlier one stops working."""
    _require_manager(actor, team)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        TeamFeed.objects.filter(team=team, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        feed = TeamFeed.objects.create(team=team, token_hash=_token_hash(token), created_by=actor)
        audit_record(actor=actor, action=Action.REVIEW_FEED_ISSUED, target=feed, request=request)
    return token


def team_feed_revoke(*, actor, team: Team, request=None) -> int:
    _require_manager(actor, team)
    with transaction.atomic():
        count = TeamFeed.objects.filter(team=team, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if count:
            audit_record(
                actor=actor,
                action=Action.REVIEW_FEED_REVOKED,
                target=team,
                request=request,
            )
    return count


def team_feed_team(token: str) -> Team | None:
    feed = (
        TeamFeed.objects.select_related("team")
        .filter(token_hash=_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    return feed.team if feed else None
