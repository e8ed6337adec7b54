"""Reads of the screening app: the triage queue as each role sees it, screenings of a
person, encounters, and the statistics hook for the insights app."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.disciplines import Discipline
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

QUEUE_LIMIT = 200


def reports_visible_to(user) -> QuerySet[Report]:
    """The coordinator sees every report; DCF the reports routed to DCF; law enforcement the
    adult reports routed to their agency or to no agency yet."""
    if not may_triage(user):
        return Report.objects.none()
    qs = Report.objects.select_related("lodging", "routed_agency", "case", "duplicate_of")
    if user.discipline == Discipline.DCF:
        return qs.filter(route=Route.DCF)
    if user.discipline == Discipline.LAW_ENFORCEMENT:
        from django.db.models import Q

        return qs.filter(route=Route.LAW_ENFORCEMENT).filter(
            Q(routed_agency__isnull=True) | Q(routed_agency_id=user.agency_id)
        )
    return qs


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
    from django.db.models import Q

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
    if not may_view_screening(user):
        return []
    return list(
        Screening.objects.filter(person=person).select_related("instrument", "administered_by")
    )


def encounters_visible_to(user) -> QuerySet[Encounter]:
    if not may_view_screening(user):
        return Encounter.objects.none()
    return Encounter.objects.select_related(
        "officer", "agency", "person", "report", "services_provider"
    )


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
