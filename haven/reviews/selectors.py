"""Reads of case review, already limited to what the user may see.

- A meeting is seen by whoever sees its team (haven/teams/selectors.py): members, the host
  CAC's coordinators and security officers, DCF's statewide liaison. Not seeing the team:
  404.
- A case on an agenda shows its child and what was said only to a user who may see the
  case (haven/cases/access.py) and whose role may view the case-review section for it
  (haven/access/rules.case_section_levels). Everyone else sees "Restricted" and the
  number, as in NCAtrak: the agenda's length and order are not secret, the child is.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from haven.access import rules as access_rules
from haven.access.models import Level, Section
from haven.cases.access import cases_visible_to, on_a_visible_case
from haven.cases.models import Case, CaseStatus
from haven.reviews import rules
from haven.reviews.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Recommendation,
    TeamReviewSettings,
)
from haven.teams.models import Team
from haven.teams.selectors import can_manage_team, can_view_team, teams_visible_to

# --- who may ------------------------------------------------------------------------------


def may_run_meeting(user, meeting: Meeting) -> bool:
    """The facilitator, or a coordinator of the host CAC whose role edits case review."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if meeting.facilitator_id == user.pk:
        return True
    return may_manage_reviews(user, meeting.team)


def may_manage_reviews(user, team: Team) -> bool:
    return (
        can_manage_team(user, team)
        and access_rules.section_level(user, Section.REVIEWS) >= Level.EDIT
    )


def reviewable_case_ids(user, cases) -> set[int]:
    """Of `cases`, those whose review content `user` may see: visible, and the review
    section at least view for that case. Two queries, plus any per-case limit's own."""
    cases = list(cases)
    if not cases:
        return set()
    base = access_rules.section_levels(user)
    if base.get(Section.REVIEWS, Level.NONE) < Level.VIEW:
        return set()
    visible = set(
        cases_visible_to(user).filter(id__in=[c.id for c in cases]).values_list("id", flat=True)
    )
    shown = set()
    for case in cases:
        if case.id not in visible:
            continue
        # The same limits case_section_levels applies (e.g. interviewer-first).
        levels = access_rules.apply_case_limits(user, case, base)
        if levels.get(Section.REVIEWS, Level.NONE) >= Level.VIEW:
            shown.add(case.id)
    return shown


# --- meetings -----------------------------------------------------------------------------


def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(team__in=teams_visible_to(user))


def meeting_for(user, public_id) -> Meeting:
    """The meeting, or 404 if it does not exist or the user may not see its team."""
    meeting = (
        Meeting.objects.select_related("team", "team__district", "meeting_type", "facilitator")
        .filter(public_id=public_id)
        .first()
    )
    if meeting is None or not can_view_team(user, meeting.team):
        raise Http404
    return meeting


def team_for(user, public_id) -> Team:
    team = Team.objects.select_related("host_cac").filter(public_id=public_id).first()
    if team is None or not can_view_team(user, team):
        raise Http404
    return team


def team_meetings(team: Team, *, limit: int = 50) -> list[Meeting]:
    return list(
        Meeting.objects.filter(team=team)
        .select_related("meeting_type", "facilitator")
        .order_by("-starts_at")[:limit]
    )


def cadence_days(team: Team) -> int:
    found = TeamReviewSettings.objects.filter(team=team).values_list("cadence_days", flat=True)
    return next(iter(found), rules.DEFAULT_CADENCE_DAYS)


# --- the agenda ---------------------------------------------------------------------------


@dataclass
class Row:
    """One agenda line as a user may see it."""

    item: AgendaItem
    number: str
    shown: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        return not self.shown


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("case", "case__child")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("option"),
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id"),
            ),
        )
        .order_by("position", "id")
    )


def agenda(user, meeting: Meeting) -> list[Row]:
    items = _items(meeting)
    shown = reviewable_case_ids(user, [i.case for i in items])
    return [
        Row(
            item=i,
            number=i.case.number,
            shown=i.case_id in shown,
            reasons=[rules.REASON_LABELS[r] for r in i.reasons.split(",") if r],
        )
        for i in items
    ]


def _last_reviewed_subquery():
    return Subquery(
        AgendaItem.objects.filter(
            case=OuterRef("pk"), meeting__status=MeetingStatus.CLOSED, deferred=False
        )
        .order_by("-meeting__starts_at")
        .values("meeting__starts_at")[:1]
    )


def _overdue_exists(today):
    return Exists(
        ActionItem.objects.filter(case=OuterRef("pk"), status=ActionStatus.OPEN, due_on__lt=today)
    )


def _local_day(value) -> datetime.date | None:
    return timezone.localdate(value) if value is not None else None


@dataclass
class Proposal:
    case: Case
    number: str
    shown: bool
    reasons: list[str]

    @property
    def reason_labels(self) -> list[str]:
        return [rules.REASON_LABELS[r] for r in self.reasons]


def last_meeting_day(team: Team, *, before) -> datetime.date | None:
    last = (
        Meeting.objects.filter(team=team, status=MeetingStatus.CLOSED, starts_at__lt=before)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return _local_day(last)


def proposals(user, meeting: Meeting, *, limit: int = 50) -> list[Proposal]:
    """The team's open cases due for review at this meeting and not on its agenda yet."""
    on = timezone.localdate(meeting.starts_at)
    cadence = cadence_days(meeting.team)
    last_meeting = last_meeting_day(meeting.team, before=meeting.starts_at)
    candidates = (
        Case.objects.filter(team=meeting.team, status=CaseStatus.OPEN)
        .exclude(review_items__meeting=meeting)
        .annotate(last_reviewed_at=_last_reviewed_subquery(), overdue=_overdue_exists(on))
        .select_related("child")
        .order_by("received_on", "id")
    )
    found = []
    for case in candidates:
        reasons = rules.due_reasons(
            received_on=case.received_on,
            is_trafficking=case.is_trafficking,
            last_reviewed=_local_day(case.last_reviewed_at),
            has_overdue_actions=case.overdue,
            last_meeting_on=last_meeting,
            cadence_days=cadence,
            on=on,
        )
        if reasons:
            found.append(case)
            case.due_reasons = reasons
        if len(found) >= limit:
            break
    shown = reviewable_case_ids(user, found)
    return [Proposal(c, c.number, c.id in shown, c.due_reasons) for c in found]


def attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("membership__user", "membership__personnel", "membership__agency")
        .order_by("seat", "id")
    )


def members_on(team: Team, day: datetime.date):
    from haven.teams.rules import active_memberships

    return active_memberships(
        team.memberships.select_related("user", "personnel", "agency").order_by("seat", "id"),
        day,
    )


# --- per case -----------------------------------------------------------------------------


@dataclass
class CaseCadence:
    last_reviewed: datetime.date | None
    next_due: datetime.date | None
    cadence_days: int
    within: bool


def case_cadence(case: Case, *, today: datetime.date | None = None) -> CaseCadence:
    today = today or timezone.localdate()
    cadence = cadence_days(case.team) if case.team_id else rules.DEFAULT_CADENCE_DAYS
    last = (
        AgendaItem.objects.filter(case=case, meeting__status=MeetingStatus.CLOSED, deferred=False)
        .order_by("-meeting__starts_at")
        .values_list("meeting__starts_at", flat=True)
        .first()
    )
    last_day = _local_day(last)
    next_due = None
    if case.status == CaseStatus.OPEN:
        next_due = rules.next_review_due(
            received_on=case.received_on, last_reviewed=last_day, cadence_days=cadence
        )
    return CaseCadence(
        last_reviewed=last_day,
        next_due=next_due,
        cadence_days=cadence,
        within=rules.reviewed_within_cadence(
            last_reviewed=last_day, cadence_days=cadence, on=today
        ),
    )


def case_reviews(case: Case) -> list[AgendaItem]:
    """The case's agenda items, newest meeting first, with what was said."""
    return list(
        AgendaItem.objects.filter(case=case)
        .select_related("meeting", "meeting__meeting_type", "meeting__team")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("option")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        )
        .order_by("-meeting__starts_at")[:20]
    )


@dataclass
class TeamCadence:
    cadence_days: int
    open_cases: int
    within: int

    @property
    def share(self) -> float | None:
        return self.within / self.open_cases if self.open_cases else None


def team_cadence(team: Team, *, today: datetime.date | None = None) -> TeamCadence:
    """The share of the team's open cases reviewed within its cadence. Counts only."""
    today = today or timezone.localdate()
    cadence = cadence_days(team)
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=cadence), datetime.time.min)
    )
    open_cases = Case.objects.filter(team=team, status=CaseStatus.OPEN)
    recent = AgendaItem.objects.filter(
        case=OuterRef("pk"),
        meeting__status=MeetingStatus.CLOSED,
        deferred=False,
        meeting__starts_at__gte=since,
    )
    total = open_cases.count()
    within = open_cases.filter(Exists(recent)).count() if total else 0
    return TeamCadence(cadence_days=cadence, open_cases=total, within=within)


# --- action items -------------------------------------------------------------------------


def my_action_items(user, *, today: datetime.date | None = None) -> list[ActionItem]:
    """The user's open action items, soonest first, on cases they may still see."""
    today = today or timezone.localdate()
    items = list(
        ActionItem.objects.filter(owner=user, status=ActionStatus.OPEN)
        .filter(on_a_visible_case(user))
        .select_related("case", "item__meeting", "item__meeting__meeting_type")
        .order_by("due_on", "id")[:50]
    )
    for a in items:
        a.overdue = rules.is_overdue(status=a.status, due_on=a.due_on, today=today)
    return items


def action_item_for(user, public_id) -> ActionItem:
    found = (
        ActionItem.objects.select_related("case", "item__meeting__team", "owner")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    meeting = found.item.meeting
    if found.owner_id == user.pk or may_run_meeting(user, meeting):
        if found.case_id in reviewable_case_ids(user, [found.case]):
            return found
    raise Http404


def open_action_work(case: Case) -> list[str]:
    """Open work before a case closes (haven/cases/hooks.py): its open action items."""
    count = ActionItem.objects.filter(case=case, status=ActionStatus.OPEN).count()
    if not count:
        return []
    return [
        f"{count} open case-review action item{'s' if count != 1 else ''}"
        " (mark them done or cancelled)."
    ]
