"""The reads behind the statistics: every figure is a database aggregate (GROUP BY) over
the cases in the viewer's scope, never a loop over cases in Python, so that one centre's
half-year stays fast at a million cases. Definitions are in `rules.py`.

Scope: a role that VIEWs `Section.STATISTICS` (coordinators by default: a security-officer
decision in the role matrix) counts every case its own centre holds, including cases it
cannot open; every other role counts only the cases it may see (`cases_visible_to`).
Lists of cases behind a figure are always only the cases the viewer may see.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case as CaseWhen,
)
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import section_level
from haven.cases.access import cases_visible_to, restrict_to_visible
from haven.cases.models import (
    Allegation,
    Case,
    Party,
    PartyRole,
    ReferralReason,
)
from haven.directory.models import Agency, AgencyKind
from haven.insights import rules
from haven.insights.rules import Period
from haven.people.models import Ethnicity, Race, Sex

OFFENDER = PartyRole.ALLEGED_OFFENDER


# --- Age in SQL (the same arithmetic as haven.people.rules.age_on) ---


class YearsBetween(Func):
    """Whole years from the date `born` to the date `day`, in one small SQL expression (the
    same arithmetic as haven.people.rules.age_on). Kept small on purpose: a report compiles
    it in a dozen queries, and Django's nested Extract/Case version cost 300 ms to compile."""

    arity = 2
    output_field = IntegerField()

    def _parts(self, compiler):
        born, day = (compiler.compile(e) for e in self.get_source_expressions())
        return born, day

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps dates as YYYY-MM-DD text: YYYYMMDD differences over 10000 are years.
        (b_sql, b_params), (d_sql, d_params) = self._parts(compiler)
        sql = (
            f"((CAST(REPLACE({d_sql}, '-', '') AS INTEGER)"
            f" - CAST(REPLACE({b_sql}, '-', '') AS INTEGER)) / 10000)"
        )
        return sql, [*d_params, *b_params]

    def as_sql(self, compiler, connection, **extra):
        (b_sql, b_params), (d_sql, d_params) = self._parts(compiler)
        return f"CAST(DATE_PART('year', AGE({d_sql}, {b_sql})) AS INTEGER)", [
            *d_params,
            *b_params,
        ]


def age_expression(person: str, day: str):
    """The age of `person` (a path to a Person) on `day` (a path to a date): from the date
    of birth, else the estimate grown by the years since it was made, else the estimate."""
    p = f"{person}__" if person else ""
    dob, est, est_on = F(f"{p}date_of_birth"), F(f"{p}estimated_age"), F(f"{p}estimated_age_on")
    return CaseWhen(
        When(Q(**{f"{p}date_of_birth__isnull": False}), then=YearsBetween(dob, F(day))),
        When(
            Q(**{f"{p}estimated_age__isnull": False, f"{p}estimated_age_on__isnull": False}),
            then=est + Greatest(Value(0), YearsBetween(est_on, F(day))),
        ),
        When(Q(**{f"{p}estimated_age__isnull": False}), then=est),
        default=Value(None),
        output_field=IntegerField(),
    )


# --- Who counts what ---


def centres() -> QuerySet[Agency]:
    return Agency.objects.filter(kind=AgencyKind.CAC).order_by("name")


def may_see_statistics(user) -> bool:
    """The NCA report and the traced lists: any role that may view cases or statistics."""
    return (
        section_level(user, Section.STATISTICS) >= Level.VIEW
        or section_level(user, Section.GENERAL) >= Level.VIEW
    )


def counts_whole_centre(user, centre: Agency) -> bool:
    """Aggregates over every case of the centre, including cases the user cannot open: only
    a role the matrix gives VIEW on statistics, and only for its own centre."""
    return (
        section_level(user, Section.STATISTICS) >= Level.VIEW
        and getattr(user, "agency_id", None) == centre.pk
    )


def scope(user, centre: Agency) -> QuerySet[Case]:
    """The cases a figure may count for this user."""
    if counts_whole_centre(user, centre):
        return Case.objects.filter(cac=centre)
    return cases_visible_to(user).filter(cac=centre)


def nca_cases(base: QuerySet[Case], period: Period) -> QuerySet[Case]:
    """NCA's counted cases: received in the period, referred for an allegation of abuse,
    alleged victim 18 or under at first contact (unknown age counted, listed as missing)."""
    return (
        base.filter(
            received_on__gte=period.start,
            received_on__lte=period.end,
            referral__reason=ReferralReason.ABUSE_ALLEGATION,
        )
        .annotate(age=age_expression("child", "received_on"))
        # An unknown age counts (rules.counts_for_nca): one comparison, not three.
        .alias(nca_age=Coalesce(F("age"), Value(0)))
        .filter(nca_age__lte=rules.NCA_MAX_AGE)
    )


def _offender_count():
    counted = (
        Party.objects.filter(referral=OuterRef("referral_id"), role=OFFENDER)
        .order_by()
        .values("referral")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _offender_parties(cases: QuerySet[Case]):
    """One row per (counted case, alleged offender of its referral)."""
    return Party.objects.filter(role=OFFENDER, referral__cases__in=cases.values("id"))


# --- The NCA report ---


@dataclass
class Row:
    value: str
    label: str
    count: int


@dataclass
class Figure:
    key: str
    title: str
    unit: str  # what is counted: "cases", "alleged offenders" or "cases with the type"
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)


@dataclass
class MissingCase:
    public_id: str
    number: str
    fields: list[str]


@dataclass
class NcaReport:
    centre: Agency
    period: Period
    whole_centre: bool
    total: int
    figures: list[Figure]
    services: Figure
    missing_count: int
    missing: list[MissingCase]
    counted_not_visible: int = 0


MISSING_SHOWN = 200


def _rows_from(grouped: dict, choices) -> list[Row]:
    return [Row(str(value), str(label), grouped.get(value, 0)) for value, label in choices]


def nca_report(user, centre: Agency, period: Period) -> NcaReport:
    """The NCA semi-annual statistics for `centre` and `period`, as `user` may count them.
    A fixed number of queries, whatever the number of cases."""
    base = scope(user, centre)
    counted = nca_cases(base, period)
    total = counted.count()

    def grouped(qs, key):
        return {row[key]: row["n"] for row in qs.order_by()}

    by_sex = grouped(counted.values("child__sex").annotate(n=Count("id")), "child__sex")
    by_age_value = grouped(counted.values("age").annotate(n=Count("id")), "age")
    by_age: dict[str, int] = {}
    for age, n in by_age_value.items():
        key = rules.age_group(age)
        by_age[key] = by_age.get(key, 0) + n
    by_count_value = grouped(
        counted.annotate(offenders=_offender_count()).values("offenders").annotate(n=Count("id")),
        "offenders",
    )
    by_count: dict[str, int] = {}
    for n_off, n in by_count_value.items():
        key = rules.offender_count_group(n_off)
        by_count[key] = by_count.get(key, 0) + n
    offenders = _offender_parties(counted)
    by_relationship_value = grouped(
        offenders.values("relationship").annotate(n=Count("referral__cases__id")), "relationship"
    )
    by_relationship: dict[str, int] = {}
    for value, n in by_relationship_value.items():
        key = rules.relationship_group(value)
        by_relationship[key] = by_relationship.get(key, 0) + n
    offender_age = Coalesce(
        F("age_at_referral"), age_expression("person", "referral__cases__received_on")
    )
    by_offender_age_value = grouped(
        offenders.annotate(o_age=offender_age)
        .values("o_age")
        .annotate(n=Count("referral__cases__id")),
        "o_age",
    )
    by_offender_age: dict[str, int] = {}
    for value, n in by_offender_age_value.items():
        key = rules.offender_age_group(value)
        by_offender_age[key] = by_offender_age.get(key, 0) + n
    # From the counted cases to their child's allegations: PostgreSQL misjudges the
    # counted set's size (the age test) and, asked the other way round, hashed every
    # allegation in the state (measured: 1.2 s against 0.1 s at 1,000,000 cases).
    by_kind = grouped(
        counted.filter(referral__allegations__victim_id=F("child_id"))
        .values("referral__allegations__kind")
        .annotate(n=Count("id", distinct=True)),
        "referral__allegations__kind",
    )
    by_race = grouped(counted.values("child__race").annotate(n=Count("id")), "child__race")
    by_ethnicity = grouped(
        counted.values("child__ethnicity").annotate(n=Count("id")), "child__ethnicity"
    )
    from haven.cases.models import AllegationType

    unknown = [(rules.UNKNOWN, "Unknown")]
    figures = [
        Figure("gender", "Gender", "cases", _rows_from(by_sex, Sex.choices)),
        Figure(
            "age",
            "Age at first contact",
            "cases",
            _rows_from(by_age, [(k, label) for k, label, *_ in rules.AGE_GROUPS] + unknown),
        ),
        Figure(
            "offender_count",
            "Number of alleged offenders",
            "cases",
            _rows_from(by_count, rules.OFFENDER_COUNT_GROUPS),
        ),
        Figure(
            "relationship",
            "Alleged offender's relationship to the child",
            "alleged offenders",
            _rows_from(by_relationship, [(k, label) for k, label, _m in rules.RELATIONSHIP_GROUPS]),
        ),
        Figure(
            "offender_age",
            "Alleged offender's age",
            "alleged offenders",
            _rows_from(
                by_offender_age,
                [(k, label) for k, label, *_ in rules.OFFENDER_AGE_GROUPS] + unknown,
            ),
        ),
        Figure(
            "abuse_type",
            "Types of abuse alleged",
            "cases with the type (a case may have several)",
            _rows_from(by_kind, AllegationType.choices),
        ),
        Figure("race", "Race", "cases", _rows_from(by_race, Race.choices)),
        Figure("ethnicity", "Ethnicity", "cases", _rows_from(by_ethnicity, Ethnicity.choices)),
    ]
    # One count per service, each driven by the service's own rows in the period (a few)
    # rather than by every case the centre ever had (measured at 1,000,000 cases).
    service_counts = {
        key: base.filter(service_filter(key, period)).count() for key, _l in rules.SERVICE_FIGURES
    }
    services = Figure(
        "service",
        "Services in the period",
        "cases of the centre, whenever received",
        [Row(key, str(label), service_counts[key]) for key, label in rules.SERVICE_FIGURES],
    )
    missing_qs = restrict_to_visible(missing_data(counted), user)
    missing_count = missing_data(counted).count()
    missing = [
        MissingCase(
            str(row["public_id"]),
            row["number"],
            [label for key, label in MISSING_FIELDS if row[key]],
        )
        for row in missing_qs.values("public_id", "number", *[k for k, _l in MISSING_FIELDS])[
            :MISSING_SHOWN
        ]
    ]
    return NcaReport(
        centre=centre,
        period=period,
        whole_centre=counts_whole_centre(user, centre),
        total=total,
        figures=figures,
        services=services,
        missing_count=missing_count,
        missing=missing,
    )


def service_filter(key: str, period: Period) -> Q:
    """A case that received this service in the period."""
    from haven.interviews.models import Interview
    from haven.interviews.models import Status as InterviewStatus
    from haven.services.models import Attendance, MedicalExam, ServiceReferral, ServiceSession

    if key == "forensic_interview":
        # The period's days in local time, as a range the start time's index can serve.
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(period.start, datetime.time(), tzinfo=tz)
        end = datetime.datetime.combine(
            period.end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz
        )
        found = Interview.objects.filter(
            status=InterviewStatus.COMPLETED, starts_at__gte=start, starts_at__lt=end
        ).values("case_id")
    elif key == "medical_exam":
        found = MedicalExam.objects.filter(
            examined_on__gte=period.start, examined_on__lte=period.end
        ).values("case_id")
    elif key == "counselling":
        found = ServiceSession.objects.filter(
            referral__service_type__in=rules.COUNSELLING_TYPES,
            attendance=Attendance.ATTENDED,
            held_on__gte=period.start,
            held_on__lte=period.end,
        ).values("referral__case_id")
    elif key == "counselling_referral":
        found = ServiceReferral.objects.filter(
            service_type__in=rules.COUNSELLING_REFERRAL_TYPES,
            referred_on__gte=period.start,
            referred_on__lte=period.end,
        ).values("case_id")
    else:
        raise KeyError(key)
    return Q(pk__in=found)


# --- Missing data ---

MISSING_FIELDS = [
    ("m_sex", "child's sex"),
    ("m_age", "child's date of birth or age"),
    ("m_race", "child's race"),
    ("m_ethnicity", "child's ethnicity"),
    ("m_offender", "no alleged offender recorded"),
    ("m_relationship", "an offender's relationship to the child"),
    ("m_offender_age", "an offender's age"),
    ("m_allegation", "no allegation recorded for the child"),
]


def _unknown_offender_age():
    return Party.objects.filter(
        referral=OuterRef("referral_id"),
        role=OFFENDER,
        age_at_referral__isnull=True,
        person__date_of_birth__isnull=True,
        person__estimated_age__isnull=True,
    )


def missing_data(counted: QuerySet[Case]) -> QuerySet[Case]:
    """The counted cases with an empty field that would change a figure, each field flagged."""
    offenders = Party.objects.filter(referral=OuterRef("referral_id"), role=OFFENDER)
    flags = {
        "m_sex": Q(child__sex=Sex.UNKNOWN),
        "m_age": Q(age__isnull=True),
        "m_race": Q(child__race=Race.UNKNOWN),
        "m_ethnicity": Q(child__ethnicity=Ethnicity.UNKNOWN),
        "m_offender": ~Exists(offenders),
        "m_relationship": Exists(offenders.filter(relationship__in=["", "unknown"])),
        "m_offender_age": Exists(_unknown_offender_age()),
        "m_allegation": ~Exists(
            Allegation.objects.filter(referral=OuterRef("referral_id"), victim=OuterRef("child_id"))
        ),
    }
    annotated = counted.annotate(
        **{
            key: CaseWhen(When(q, then=Value(True)), default=Value(False))
            for key, q in flags.items()
        }
    )
    any_missing = Q()
    for key in flags:
        any_missing |= Q(**{key: True})
    return annotated.filter(any_missing).order_by("received_on", "id")


# --- Tracing a figure to its cases ---


class UnknownFigure(ValueError):
    pass


FIGURE_KEYS = (
    "total",
    "gender",
    "age",
    "offender_count",
    "relationship",
    "offender_age",
    "abuse_type",
    "race",
    "ethnicity",
    "service",
    "missing",
)


def figure_cases(
    user, centre: Agency, period: Period, figure: str, value: str = ""
) -> tuple[QuerySet[Case], int]:
    """The cases behind one figure that `user` may see, and how many the figure counts."""
    base = scope(user, centre)
    counted = nca_cases(base, period)
    if figure == "total":
        behind = counted
    elif figure == "gender":
        _check(value, Sex.values)
        behind = counted.filter(child__sex=value)
    elif figure == "race":
        _check(value, Race.values)
        behind = counted.filter(child__race=value)
    elif figure == "ethnicity":
        _check(value, Ethnicity.values)
        behind = counted.filter(child__ethnicity=value)
    elif figure == "age":
        if value == rules.UNKNOWN:
            behind = counted.filter(age__isnull=True)
        else:
            group = _group(value, rules.AGE_GROUPS)
            behind = counted.filter(age__gte=group[2], age__lte=group[3])
    elif figure == "offender_count":
        _check(value, [k for k, _l in rules.OFFENDER_COUNT_GROUPS])
        with_count = counted.annotate(offenders=_offender_count())
        behind = {
            "0": with_count.filter(offenders=0),
            "1": with_count.filter(offenders=1),
            "2": with_count.filter(offenders=2),
            "3-plus": with_count.filter(offenders__gte=3),
        }[value]
    elif figure == "relationship":
        try:
            members = rules.relationships_in(value)
        except KeyError:
            raise UnknownFigure(value) from None
        behind = counted.filter(
            Exists(
                Party.objects.filter(
                    referral=OuterRef("referral_id"), role=OFFENDER, relationship__in=members
                )
            )
        )
    elif figure == "offender_age":
        offenders = Party.objects.filter(referral=OuterRef("referral_id"), role=OFFENDER)
        if value == rules.UNKNOWN:
            behind = counted.filter(Exists(_unknown_offender_age()))
        else:
            group = _group(value, rules.OFFENDER_AGE_GROUPS)
            aged = offenders.annotate(
                o_age=Coalesce(
                    F("age_at_referral"),
                    age_expression("person", "referral__cases__received_on"),
                )
            ).filter(referral__cases=OuterRef("pk"), o_age__gte=group[2], o_age__lte=group[3])
            behind = counted.filter(Exists(aged))
    elif figure == "abuse_type":
        from haven.cases.models import AllegationType

        _check(value, AllegationType.values)
        behind = counted.filter(
            Exists(
                Allegation.objects.filter(
                    referral=OuterRef("referral_id"), victim=OuterRef("child_id"), kind=value
                )
            )
        )
    elif figure == "service":
        if value not in [k for k, _l in rules.SERVICE_FIGURES]:
            raise UnknownFigure(value)
        behind = base.filter(service_filter(value, period))
    elif figure == "missing":
        behind = missing_data(counted)
    else:
        raise UnknownFigure(figure)
    counted_n = behind.count()
    visible = restrict_to_visible(behind, user)
    return visible, counted_n


def _check(value: str, allowed) -> None:
    if value not in allowed:
        raise UnknownFigure(value)


def _group(value: str, groups):
    for group in groups:
        if group[0] == value:
            return group
    raise UnknownFigure(value)


def case_list_rows(cases: QuerySet[Case], limit: int | None = None) -> list[dict]:
    """The columns of a traced or exported list: no child's name (a list can leave the
    centre); the case number links to the case for those who open it."""
    qs = cases.order_by("-received_on", "-id").values(
        "public_id",
        "number",
        "received_on",
        "status",
        "is_trafficking",
        "team__name",
        "referral__reason",
    )
    if limit is not None:
        qs = qs[:limit]
    return list(qs)


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


# --- The annual trafficking report (Gen. Stat. § 51-286h) ---

CSA = "csa"  # the Chief State's Attorney: statewide prosecution figures


@dataclass(frozen=True)
class ReportingAgency:
    key: str  # an agency's public id, or "csa"
    label: str
    agency: Agency | None  # None for the Chief State's Attorney


def trafficking_agencies_for(user, *, writing: bool = False) -> list:
    """Who reports under § 51-286h, as this user may fill in or read the report: a police
    user for their own department; a state's attorney user for the Chief State's Attorney.
    With `writing`, the agencies (None for the Chief State's Attorney)."""
    from haven.accounts.disciplines import Discipline
    from haven.directory.models import POLICE_KINDS

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    found = []
    agency = getattr(user, "agency", None)
    if (
        user.discipline == Discipline.LAW_ENFORCEMENT
        and agency is not None
        and agency.kind in POLICE_KINDS
    ):
        found.append(ReportingAgency(str(agency.public_id), agency.name, agency))
    if user.discipline == Discipline.STATES_ATTORNEY:
        found.append(ReportingAgency(CSA, "Chief State's Attorney", None))
    if writing:
        return [r.agency for r in found]
    return found


def trafficking_case_scope(user) -> QuerySet[Case]:
    """Trafficking cases the figures may count: every one for a role with statistics, else
    only the cases the user may see."""
    if section_level(user, Section.STATISTICS) >= Level.VIEW:
        cases = Case.objects.all()
    else:
        cases = cases_visible_to(user)
    return cases.filter(is_trafficking=True)


@dataclass
class TraffickingReport:
    reporter: ReportingAgency
    period: Period
    whole_state: bool
    figures: list[Row]
    dispositions: list[Row]
    training: list[Row]
    narrative: object | None
    due_on: datetime.date


def trafficking_report(user, reporter: ReportingAgency, period: Period) -> TraffickingReport:
    """The § 51-286h figures for a police department or the Chief State's Attorney. A fixed
    number of queries."""
    from haven.directory.models import AgencyKind
    from haven.insights.models import TraffickingNarrative
    from haven.investigations.models import (
        Charge,
        Decision,
        Disposition,
        LawEnforcementInvestigation,
        LeOutcome,
        ProsecutionMatter,
    )
    from haven.training.models import Completion

    cases = trafficking_case_scope(user)
    from_dcf = Q(case__referral__source_agency__kind=AgencyKind.DCF_OFFICE)
    if reporter.agency is not None:
        # A police department: its investigations of trafficking cases.
        work = LawEnforcementInvestigation.objects.filter(
            agency=reporter.agency, case__in=cases.values("id")
        )
        received = work.filter(opened_on__gte=period.start, opened_on__lte=period.end)
        counts = received.aggregate(
            received=Count("case", distinct=True),
            from_dcf=Count("case", distinct=True, filter=from_dcf),
        )
        counts["prosecution"] = (
            work.filter(
                outcome=LeOutcome.REFERRED, outcome_on__gte=period.start, outcome_on__lte=period.end
            )
            .values("case")
            .distinct()
            .count()
        )
        matters = ProsecutionMatter.objects.filter(links__case__in=work.values("case")).distinct()
        training = Completion.objects.filter(learner__employer=reporter.agency)
    else:
        # The Chief State's Attorney: prosecution matters of trafficking cases, statewide.
        matters_all = ProsecutionMatter.objects.filter(links__case__in=cases.values("id"))
        received = matters_all.filter(
            created_at__date__gte=period.start, created_at__date__lte=period.end
        )
        counts = received.aggregate(
            received=Count("links__case", distinct=True),
            from_dcf=Count(
                "links__case",
                distinct=True,
                filter=Q(links__case__referral__source_agency__kind=AgencyKind.DCF_OFFICE),
            ),
        )
        counts["prosecution"] = (
            matters_all.filter(
                decision=Decision.ACCEPTED,
                decision_on__gte=period.start,
                decision_on__lte=period.end,
            )
            .values("links__case")
            .distinct()
            .count()
        )
        matters = matters_all.distinct()
        training = Completion.objects.filter(learner__employer__kind=AgencyKind.STATES_ATTORNEY)
    charges = Charge.objects.filter(
        matter__in=matters.values("id"),
        disposed_on__gte=period.start,
        disposed_on__lte=period.end,
    ).exclude(disposition=Disposition.PENDING)
    by_disposition = {
        row["disposition"]: row["n"]
        for row in charges.values("disposition").annotate(n=Count("id")).order_by()
    }
    convicted = Q(disposition__in=[Disposition.PLEA, Disposition.CONVICTION])
    convictions = charges.filter(convicted).values("matter").distinct().count()
    by_program = (
        training.filter(
            completed_on__gte=period.start, completed_on__lte=period.end, revoked_at__isnull=True
        )
        .values("program__title")
        .annotate(n=Count("id"))
        .order_by("program__title")
    )
    narrative = TraffickingNarrative.objects.filter(
        agency=reporter.agency, period_start=period.start, period_end=period.end
    ).first()
    figures = [
        Row("received", "Trafficking referrals received", counts["received"]),
        Row("from_dcf", "Of which referred by DCF", counts["from_dcf"]),
        Row("prosecution", "Cases referred for prosecution", counts["prosecution"]),
        Row("convictions", "Convictions (offenders with a guilty plea or verdict)", convictions),
    ]
    dispositions = [
        Row(value, str(label), by_disposition.get(value, 0))
        for value, label in Disposition.choices
        if value
    ]
    return TraffickingReport(
        reporter=reporter,
        period=period,
        whole_state=section_level(user, Section.STATISTICS) >= Level.VIEW,
        figures=figures,
        dispositions=dispositions,
        training=[Row(r["program__title"], r["program__title"], r["n"]) for r in by_program],
        narrative=narrative,
        due_on=rules.trafficking_report_due(period),
    )
