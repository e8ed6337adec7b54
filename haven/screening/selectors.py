"""Reads of the screening app: which reports and encounters a user may read (the one scope
of every list, detail and search), the triage queue as each role sees it, screenings of a
person, encounters, and the statistics hook for the insights app."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import Capability, has_capability
from haven.accounts.disciplines import Discipline
from haven.cases.access import active_team_ids, on_a_visible_case
from haven.directory.models import Agency, AgencyKind
from haven.screening import rules
from haven.screening.models import (
    Encounter,
    Instrument,
    Report,
    ReportStatus,
    Route,
    Screening,
)
from haven.screening.services import may_triage, may_view_screening
from haven.teams.models import Team

QUEUE_LIMIT = 200


# --- where screening data is read (security issue 18, item 4) -------------------------
#
# A report belongs to its district (Report.district: the town's; for a report Haven could
# not place, that of the police agency it is routed to), an encounter to the district of
# the recording officer's agency. Each is read, by the roles the matrix's screening section
# admits, by
# - the staff of an agency in that district, and the members (active today) of a team of
#   that district (the district's MDT);
# - the people on it: the recording officer and agency of an encounter, the police agency
#   a report was routed to, and whoever may see the case a report led to (the case rule
#   itself, haven.cases.access: the case's centre, team and assignees);
# - in every district, a user holding Capability.VIEW_SCREENING_STATEWIDE (the access
#   rules name who: DCF's statewide trafficking liaison).
# Every list, detail, search and count of a user's screening data reads through
# reports_visible_to or encounters_visible_to; a detail out of scope is 404.


def is_statewide(user) -> bool:
    return has_capability(user, Capability.VIEW_SCREENING_STATEWIDE)


def _in_scope(user, district: str, case: str, today: datetime.date | None, cases=None) -> Q:
    """Rows whose district (field `district`) is the user's agency's or that of a team she
    is an active member of, or whose case (field `case`) she may see by the case rule.
    `cases`: the user's visible cases as a queryset, when the caller already has it (people
    search); otherwise each row's case is tested (on_a_visible_case)."""
    today = today or timezone.localdate()
    if cases is None:
        found = Q(**{f"{case}__isnull": False}) & Q(on_a_visible_case(user, case, today=today))
    else:
        found = Q(**{f"{case}__in": cases})
    if user.agency_id:  # subqueries, read with the rows: no query of their own
        agencies = Agency.objects.filter(pk=user.agency_id, district__isnull=False)
        found |= Q(**{f"{district}__in": agencies.values("district_id")})
    teams = Team.objects.filter(id__in=active_team_ids(user, today)).values("district_id")
    return found | Q(**{f"{district}__in": teams})


def reports_visible_to(user, *, today: datetime.date | None = None) -> QuerySet[Report]:
    """The reports `user` may triage or read: in scope (above), and of the user's route:
    DCF takes possible minors, law enforcement adults not routed to another agency yet,
    the coordinator both. A statewide role sees every report, of every route, including
    those Haven could not place in a district (it routes them)."""
    if not may_triage(user):
        return Report.objects.none()
    qs = Report.objects.select_related(
        "lodging", "routed_agency", "case", "duplicate_of", "district"
    )
    if is_statewide(user):
        return qs
    if user.discipline == Discipline.DCF:
        qs = qs.filter(route=Route.DCF)
    elif user.discipline == Discipline.LAW_ENFORCEMENT:
        qs = qs.filter(route=Route.LAW_ENFORCEMENT).filter(
            Q(routed_agency__isnull=True) | Q(routed_agency_id=user.agency_id)
        )
    scope = _in_scope(user, "district_id", "case_id", today)
    if user.agency_id:
        scope |= Q(routed_agency_id=user.agency_id)
    return qs.filter(scope)


def encounters_visible_to(
    user, *, today: datetime.date | None = None, levels: dict | None = None, cases=None
) -> QuerySet[Encounter]:
    """The encounters `user` may read: those of her district or teams' districts, her own
    and her agency's, those whose child-victim report led to a case she may see; all of them
    for a statewide role. Their screenings and defense summaries follow them. `levels`: the
    user's section levels, when the caller has just read them (a query saved); `cases`, her
    visible cases (cases_visible_to), when the caller has them."""
    if levels is None:
        if not may_view_screening(user):
            return Encounter.objects.none()
    elif levels[Section.SCREENING] < Level.VIEW:
        return Encounter.objects.none()
    qs = Encounter.objects.select_related(
        "officer", "agency", "person", "report", "services_provider"
    )
    if is_statewide(user):
        return qs
    scope = Q(officer_id=user.pk) | _in_scope(
        user, "agency__district_id", "report__case_id", today, cases
    )
    if user.agency_id:
        scope |= Q(agency_id=user.agency_id)
    return qs.filter(scope)


@dataclass
class QueueRow:
    report: Report
    waited: str
    overdue: bool


def triage_queue(user, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """Untriaged reports, oldest first, with how long each has waited; overdue is computed
    on read, so the queue is right even before the escalation command runs."""
    now = now or timezone.now()
    limit = rules.escalate_after()
    rows = []
    for report in (
        reports_visible_to(user)
        .filter(status=ReportStatus.NEW)
        .order_by("received_at")[:QUEUE_LIMIT]
    ):
        rows.append(
            QueueRow(
                report,
                rules.waiting(report.received_at, now),
                report.escalated_at is not None or rules.is_overdue(report.received_at, now, limit),
            )
        )
    return rows


def recent_decisions(user, *, limit: int = 20) -> list[Report]:
    return list(
        reports_visible_to(user).exclude(status=ReportStatus.NEW).order_by("-triaged_at")[:limit]
    )


def lodging_choices() -> QuerySet[Agency]:
    return Agency.objects.filter(kind=AgencyKind.LODGING, is_active=True).order_by("name")


def lodging_search(query: str, *, limit: int = 20) -> list[Agency]:
    query = (query or "").strip()
    if len(query) < 2:
        return []
    return list(
        lodging_choices().filter(Q(name__icontains=query) | Q(town__icontains=query))[:limit]
    )


# Instruments for children only: not offered at an adult's encounter.
CHILD_ONLY = ("child-sex-trafficking-six",)


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_active=True).prefetch_related("items__wordings")


def adult_instruments() -> QuerySet[Instrument]:
    return instruments().exclude(code__in=CHILD_ONLY)


def screenings_of(user, person) -> list[Screening]:
    """The person's screenings `user` may read: those recorded on the person (the caller has
    already found the person through a case the user may see), and those taken at an
    encounter the user may read."""
    if not may_view_screening(user):
        return []
    at_a_visible_encounter = Exists(encounters_visible_to(user).filter(pk=OuterRef("encounter_id")))
    return list(
        Screening.objects.filter(person=person)
        .filter(Q(encounter__isnull=True) | at_a_visible_encounter)
        .select_related("instrument", "administered_by")
    )


def people_at_encounters() -> Exists:
    """True for a person recorded at an encounter (for haven.cases.selectors' people search:
    such a person is in no case, but is not for every centre's intake to find)."""
    return Exists(Encounter.objects.filter(person_id=OuterRef("pk")))


def people_at_visible_encounters(user, levels: dict | None = None, cases=None) -> Exists:
    """True for a person recorded at an encounter `user` may read."""
    if not getattr(user, "is_authenticated", False):
        return Exists(Encounter.objects.none())
    visible = encounters_visible_to(user, levels=levels, cases=cases)
    return Exists(visible.filter(person_id=OuterRef("pk")))


# --- statistics hook -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportStatistics:
    start: datetime.date
    end: datetime.date
    received: int
    by_route: dict[str, int]
    possible_minors: int
    triaged: int
    duplicates: int
    escalated: int
    median_hours_to_triage: float | None
    mean_hours_to_triage: float | None
    led_to_case: int
    share_led_to_case: float | None
    encounters_by_route: dict[str, int]


def report_statistics(*, start: datetime.date, end: datetime.date) -> ReportStatistics:
    """Counts for reports received from `start` to `end` inclusive (local dates): by route,
    time to triage (hours, median and mean, over triaged reports), the share of
    non-duplicate reports that led to a case; and encounters by route in the same range."""
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    rows = list(
        Report.objects.filter(received_at__gte=lo, received_at__lt=hi).values_list(
            "route",
            "status",
            "possible_minor",
            "received_at",
            "triaged_at",
            "case_id",
            "escalated_at",
        )
    )
    by_route = {r: 0 for r in Route.values}
    hours = []
    led, countable, triaged, duplicates, escalated, minors = 0, 0, 0, 0, 0, 0
    for route, status, minor, received_at, triaged_at, case_id, escalated_at in rows:
        by_route[route] = by_route.get(route, 0) + 1
        minors += bool(minor)
        escalated += escalated_at is not None
        if status == ReportStatus.DUPLICATE:
            duplicates += 1
            continue
        countable += 1
        led += case_id is not None
        if status == ReportStatus.TRIAGED and triaged_at is not None:
            triaged += 1
            hours.append((triaged_at - received_at).total_seconds() / 3600)
    encounters = {}
    for route in Encounter.objects.filter(occurred_on__gte=start, occurred_on__lte=end).values_list(
        "route", flat=True
    ):
        encounters[route] = encounters.get(route, 0) + 1
    return ReportStatistics(
        start=start,
        end=end,
        received=len(rows),
        by_route=by_route,
        possible_minors=minors,
        triaged=triaged,
        duplicates=duplicates,
        escalated=escalated,
        median_hours_to_triage=round(statistics.median(hours), 2) if hours else None,
        mean_hours_to_triage=round(statistics.fmean(hours), 2) if hours else None,
        led_to_case=led,
        share_led_to_case=round(led / countable, 4) if countable else None,
        encounters_by_route=encounters,
    )
