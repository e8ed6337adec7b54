"""The coordinator's dashboard: a centre's work at a glance. Every figure is an aggregate
over the centre's cases (the dashboard is for roles with statistics access), computed in a
fixed number of queries; per-team figures add a few queries per team, never per case."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q
from django.db.models.functions import TruncDate

from haven.cases.models import Case, CaseStatus
from haven.insights import rules
from haven.insights.chart import BarChart, bar_chart

# The waits are shown in bands and as a median, both from one histogram per figure (one
# GROUP BY on the wait in whole days: a few hundred rows however many cases).
WAIT_BANDS = [
    ("0-7", "Within a week", 0, 7),
    ("8-30", "8 to 30 days", 8, 30),
    ("31-90", "31 to 90 days", 31, 90),
    ("91+", "Over 90 days", 91, None),
]


@dataclass
class Dashboard:
    today: datetime.date
    received_by_month: BarChart
    open_caseload: int
    open_by_team: list[tuple[str, int]]
    to_interview: BarChart
    to_interview_wait: rules.WaitFigures
    to_service: list[dict]
    service_bands: list[str]
    cadence: list[dict]
    empty_seats: list[dict]
    recordings_waiting: int
    recordings_uploading: int
    training: list[dict]
    charts: list[BarChart] = field(default_factory=list)


def _months_back(today: datetime.date, n: int) -> list[datetime.date]:
    months = []
    year, month = today.year, today.month
    for _i in range(n):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


class DaysBetween(Func):
    """Whole days from the date `start` to the date `end`, as an integer the database
    computes: date minus date is an integer on PostgreSQL; SQLite subtracts the built-in
    julianday()s (Django's temporal subtraction would call a Python function on every row
    there). Haven runs on these two databases only."""

    arity = 2
    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() of two dates differs by a whole number, exactly: the cast loses nothing.
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _wait_histogram(qs, start_field: str, end_field: str, *by: str) -> list[dict]:
    """One GROUP BY: the rows of `qs` counted by `by` and by their wait in whole days from
    `start_field` to `end_field` (dates), as dicts with the `by` fields, `days` and `n`."""
    return list(
        qs.annotate(days=DaysBetween(end_field, start_field))
        .values(*by, "days")
        .annotate(n=Count("id"))
        .order_by()
    )


def _an_earlier(model, when: str, *same: str, **also) -> Exists:
    """There is an earlier row of `model` with the same values of `same` (and matching
    `also`): earlier by `when`, then by id for a tie. Excluding it keeps each group's first
    row (a case's first interview, its first referral of a type)."""
    return Exists(
        model.objects.filter(**{f: OuterRef(f) for f in same}, **also).filter(
            Q(**{f"{when}__lt": OuterRef(when)})
            | Q(**{when: OuterRef(when), "id__lt": OuterRef("id")})
        )
    )


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def coordinator_dashboard(centre, *, today: datetime.date) -> Dashboard:
    from haven.interviews.models import Interview, Recording, RecordingStatus
    from haven.interviews.models import Status as InterviewStatus
    from haven.services.models import ServiceReferral, ServiceType

    cases = Case.objects.filter(cac=centre)
    months = _months_back(today, 12)
    # One pass with a date range per month: plain comparisons the database does itself
    # (SQLite's month truncation is a Python function called on every row).
    bounds = [*months[1:], _next_month(months[-1])]
    by_month = cases.filter(received_on__gte=months[0], received_on__lt=bounds[-1]).aggregate(
        **{
            f"m{i}": Count("id", filter=Q(received_on__gte=start, received_on__lt=end))
            for i, (start, end) in enumerate(zip(months, bounds, strict=True))
        }
    )
    by_month = {m: by_month[f"m{i}"] for i, m in enumerate(months)}
    received = bar_chart(
        "Cases received by month",
        [(f"{m:%b}", by_month.get(m, 0)) for m in months],
        unit="cases",
    )
    received.months = [(f"{m:%B %Y}", by_month.get(m, 0)) for m in months]
    open_cases = cases.filter(status=CaseStatus.OPEN)
    open_by_team = [
        (row["team__name"] or "No team", row["n"])
        for row in open_cases.values("team__name").annotate(n=Count("id")).order_by("team__name")
    ]
    year_ago = today - datetime.timedelta(days=365)
    # Each case's first completed interview, where that falls in the last 12 months,
    # measured from the day the CAC received the case (a second interview is not a wait).
    interviews = (
        Interview.objects.filter(
            case__cac=centre,
            status=InterviewStatus.COMPLETED,
            starts_at__date__gte=year_ago,
        )
        .exclude(_an_earlier(Interview, "starts_at", "case", status=InterviewStatus.COMPLETED))
        .annotate(day=TruncDate("starts_at"))
    )
    interview_wait = rules.wait_figures(
        [(r["days"], r["n"]) for r in _wait_histogram(interviews, "case__received_on", "day")],
        WAIT_BANDS,
    )
    to_interview = bar_chart(
        "Days from referral to first forensic interview (last 12 months)",
        [(label, n) for (_k, label, *_), n in zip(WAIT_BANDS, interview_wait.bands, strict=True)],
        unit="interviews",
    )
    to_interview.summary = interview_wait.summary
    # Each case's first referral of each service type, where that falls in the last 12
    # months, measured from the day the CAC received the case (ties on a day: the lower id).
    referrals = ServiceReferral.objects.filter(case__cac=centre, referred_on__gte=year_ago).exclude(
        _an_earlier(ServiceReferral, "referred_on", "case", "service_type")
    )
    labels = dict(ServiceType.choices)
    by_type: dict[str, list[tuple]] = {}
    for row in _wait_histogram(referrals, "case__received_on", "referred_on", "service_type"):
        by_type.setdefault(row["service_type"], []).append((row["days"], row["n"]))
    to_service = []
    for service_type, pairs in sorted(by_type.items()):
        wait = rules.wait_figures(pairs, WAIT_BANDS)
        to_service.append(
            {
                "type": str(labels.get(service_type, service_type)),
                "total": sum(n for _d, n in pairs),
                "bands": wait.bands,
                "wait": wait,
            }
        )
    recordings_waiting = (
        Interview.objects.filter(case__cac=centre, status=InterviewStatus.COMPLETED)
        .exclude(no_recording_reason__gt="")
        .exclude(
            Exists(Recording.objects.filter(interview=OuterRef("pk"), status=RecordingStatus.READY))
        )
        .count()
    )
    recordings_uploading = Recording.objects.filter(
        interview__case__cac=centre, status=RecordingStatus.UPLOADING
    ).count()
    dash = Dashboard(
        today=today,
        received_by_month=received,
        open_caseload=sum(n for _t, n in open_by_team),
        open_by_team=open_by_team,
        to_interview=to_interview,
        to_interview_wait=interview_wait,
        to_service=to_service,
        service_bands=[label for _k, label, *_ in WAIT_BANDS],
        cadence=_cadence(centre, today),
        empty_seats=_empty_seats(centre, today),
        recordings_waiting=recordings_waiting,
        recordings_uploading=recordings_uploading,
        training=_training(centre, today),
    )
    dash.charts = [received, to_interview]
    return dash


def _teams(centre):
    from haven.teams.models import Team

    return list(Team.objects.filter(host_cac=centre).order_by("name"))


def _cadence(centre, today) -> list[dict]:
    from haven.reviews.selectors import team_cadence

    out = []
    for team in _teams(centre):
        c = team_cadence(team, today=today)
        out.append(
            {
                "team": team.name,
                "cadence_days": c.cadence_days,
                "open_cases": c.open_cases,
                "within": c.within,
                "percent": round(100 * c.share) if c.share is not None else None,
            }
        )
    return out


def _empty_seats(centre, today) -> list[dict]:
    from django.db.models import Prefetch

    from haven.teams.models import Membership, Team
    from haven.teams.rules import team_composition_gaps

    teams = (
        Team.objects.filter(host_cac=centre)
        .order_by("name")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.all()))
    )
    out = []
    for team in teams:
        gaps = team_composition_gaps(team, on=today, memberships=list(team.memberships.all()))
        out.append(
            {
                "team": team.name,
                "public_id": team.public_id,
                "required": [str(g.seat.label) for g in gaps if not g.advisory],
                "advisory": [str(g.seat.label) for g in gaps if g.advisory],
            }
        )
    return out


def _training(centre, today) -> list[dict]:
    """Training standing of the people sitting on the centre's teams today."""
    from haven.teams.models import Membership
    from haven.training.models import Learner
    from haven.training.rules import Standing
    from haven.training.selectors import learner_standings

    members = Membership.objects.filter(team__host_cac=centre, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    learners = Learner.objects.filter(user__in=members.values("user"))
    counts: dict[str, dict] = {}
    for s in learner_standings(learners, on=today):
        row = counts.setdefault(
            s.audience,
            {Standing.TRAINED: 0, Standing.DUE_SOON: 0, Standing.OVERDUE: 0, Standing.UNTRAINED: 0},
        )
        row[s.standing] += 1
    from haven.training.models import Audience

    return [
        {
            "audience": str(Audience(aud).label),
            "trained": row[Standing.TRAINED],
            "due_soon": row[Standing.DUE_SOON],
            "overdue": row[Standing.OVERDUE],
            "untrained": row[Standing.UNTRAINED],
        }
        for aud, row in sorted(counts.items())
    ]
