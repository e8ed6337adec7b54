"""Where screening data may be read, checked on small random worlds (security issue 18,
item 4), with the personas of the case visibility property test
(haven/cases/tests/test_access.py): its disciplines, periods and day.

`reports_visible_to` and `encounters_visible_to` must agree with the rule written out once
more here in plain Python: the matrix's screening section and the triage roles first; then
statewide for DCF's liaison; else the record's district (the user's agency's, or a team's
she is an active member of), the people on it, and the case rule for a linked case (the
predicate `can_view_case`, itself checked against its own spec in the cases test).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.access.defaults import DEFAULT_MATRIX
from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.cases.access import can_view_case
from haven.cases.models import Assignment, AssignmentSection, Case, Referral, ReferralReason
from haven.cases.tests.test_access import DISCIPLINES, PERIODS, TODAY, active, on
from haven.directory.models import Agency, AgencyKind, District
from haven.people.models import Person
from haven.screening import selectors
from haven.screening.models import Encounter, EncounterRoute, Report, Route
from haven.screening.services import TRIAGERS
from haven.teams.models import Membership, Seat, Team

# (kind, district index or None): a centre, a police department and a DCF office in each of
# two districts, and a police agency Haven has no district for.
AGENCIES = [
    (AgencyKind.CAC, 0),
    (AgencyKind.MUNICIPAL_POLICE, 0),
    (AgencyKind.DCF_OFFICE, 0),
    (AgencyKind.CAC, 1),
    (AgencyKind.MUNICIPAL_POLICE, 1),
    (AgencyKind.DCF_OFFICE, 1),
    (AgencyKind.STATE_POLICE, None),
]
CENTRES = [0, 3]
AGENCY = st.integers(0, len(AGENCIES) - 1)


@dataclass
class UserSpec:
    agency: int | None
    discipline: str
    is_active: bool
    liaison: bool


@dataclass
class EncounterSpec:
    officer: int
    case: int | None


@dataclass
class ReportSpec:
    district: int | None
    route: str
    routed: int | None
    case: int | None


@dataclass
class World:
    users: list[UserSpec]
    team_districts: list[int]
    memberships: list[tuple[int, int, tuple]]
    cases: list[tuple[int, list[tuple[int, tuple]]]]
    encounters: list[EncounterSpec] = field(default_factory=list)
    reports: list[ReportSpec] = field(default_factory=list)


@st.composite
def worlds(draw) -> World:
    users = draw(
        st.lists(
            st.builds(
                UserSpec,
                agency=st.none() | AGENCY,
                discipline=st.sampled_from(DISCIPLINES),
                is_active=st.sampled_from([True, True, True, False]),
                liaison=st.sampled_from([False, False, False, True]),
            ),
            min_size=4,
            max_size=8,
        )
    )
    user = st.integers(0, len(users) - 1)
    team_districts = draw(st.lists(st.integers(0, 1), min_size=1, max_size=2))
    memberships = draw(
        st.lists(st.tuples(user, st.integers(0, len(team_districts) - 1), PERIODS), max_size=6)
    )
    cases = draw(
        st.lists(
            st.tuples(st.sampled_from(CENTRES), st.lists(st.tuples(user, PERIODS), max_size=2)),
            max_size=2,
        )
    )
    case = st.none() | st.integers(0, len(cases) - 1) if cases else st.none()
    encounters = draw(st.lists(st.builds(EncounterSpec, officer=user, case=case), max_size=4))
    reports = draw(
        st.lists(
            st.builds(
                ReportSpec,
                district=st.none() | st.integers(0, 1),
                route=st.sampled_from(Route.values),
                routed=st.none() | AGENCY,
                case=case,
            ),
            max_size=4,
        )
    )
    return World(users, team_districts, memberships, cases, encounters, reports)


def _screening_view(discipline: str) -> bool:
    return DEFAULT_MATRIX[(discipline, Section.SCREENING)] >= Level.VIEW


def _in_district(world: World, u: int, district: int | None) -> bool:
    if district is None:
        return False
    user = world.users[u]
    if user.agency is not None and AGENCIES[user.agency][1] == district:
        return True
    return any(
        who == u and world.team_districts[team] == district and active(period)
        for who, team, period in world.memberships
    )


def _liaison(user: UserSpec) -> bool:
    return user.liaison and user.discipline == Discipline.DCF


def expected_encounter(world: World, u: int, e: int, sees_case) -> bool:
    user, encounter = world.users[u], world.encounters[e]
    if not user.is_active or not _screening_view(user.discipline):
        return False
    if _liaison(user) or encounter.officer == u:
        return True
    agency = world.users[encounter.officer].agency
    if agency is not None and user.agency == agency:
        return True
    if agency is not None and _in_district(world, u, AGENCIES[agency][1]):
        return True
    return encounter.case is not None and sees_case(u, encounter.case)


def expected_report(world: World, u: int, r: int, sees_case) -> bool:
    user, report = world.users[u], world.reports[r]
    if not user.is_active or user.discipline not in TRIAGERS:
        return False
    if not _screening_view(user.discipline):
        return False
    if _liaison(user):
        return True
    if user.discipline == Discipline.DCF and report.route != Route.DCF:
        return False
    if user.discipline == Discipline.LAW_ENFORCEMENT and (
        report.route != Route.LAW_ENFORCEMENT or report.routed not in (None, user.agency)
    ):
        return False
    return (
        _in_district(world, u, report.district)
        or (report.case is not None and sees_case(u, report.case))
        or (user.agency is not None and report.routed == user.agency)
    )


def build(world: World):
    """The world in the database, with direct creates: fast, and no audit rows."""
    districts = list(District.objects.order_by("pk")[:2])
    agencies = [
        Agency.objects.create(
            name=f"Agency {i}", kind=kind, district=None if d is None else districts[d]
        )
        for i, (kind, d) in enumerate(AGENCIES)
    ]
    teams = [
        Team.objects.create(name=f"Team {i}", district=districts[d], host_cac=agencies[CENTRES[d]])
        for i, d in enumerate(world.team_districts)
    ]
    users = [
        User.objects.create(
            email=f"user{i}@world.test",
            full_name=f"User {i}",
            discipline=spec.discipline,
            agency=None if spec.agency is None else agencies[spec.agency],
            is_active=spec.is_active,
            is_statewide_liaison=spec.liaison and spec.discipline == Discipline.DCF,
        )
        for i, spec in enumerate(world.users)
    ]
    for u, t, period in world.memberships:
        starts_on, ends_on = on(period)
        Membership.objects.create(
            team=teams[t],
            seat=Seat.OTHER_EXPERT,
            user=users[u],
            agency=users[u].agency or agencies[0],
            starts_on=starts_on,
            ends_on=ends_on,
        )
    referral = Referral.objects.create(
        cac=agencies[0],
        reason=ReferralReason.OTHER,
        received_at=timezone.now(),
        created_by=users[0],
    )
    cases = []
    for i, (cac, assignments) in enumerate(world.cases):
        child = Person.objects.create(first_name="Child", last_name=f"No{i}", sort_name=f"no{i}")
        case = Case.objects.create(
            referral=referral,
            child=child,
            cac=agencies[cac],
            year=TODAY.year,
            sequence=i + 1,
            number=f"S-{TODAY.year}-{i + 1:05d}",
            received_on=TODAY,
        )
        for u, period in assignments:
            starts_on, ends_on = on(period)
            Assignment.objects.create(
                case=case,
                section=AssignmentSection.ADVOCACY,
                user=users[u],
                agency=users[u].agency or agencies[0],
                starts_on=starts_on,
                ends_on=ends_on,
            )
        cases.append(case)
    now = timezone.now()
    reports = [
        Report.objects.create(
            reference=f"TR-W{i:05d}",
            received_at=now,
            what_seen="Seen at a motel.",
            apparent_age="adult",
            route=spec.route,
            routed_agency=None if spec.routed is None else agencies[spec.routed],
            district=None if spec.district is None else districts[spec.district],
            case=None if spec.case is None else cases[spec.case],
        )
        for i, spec in enumerate(world.reports)
    ]
    encounters = []
    for i, spec in enumerate(world.encounters):
        officer = users[spec.officer]
        report = None
        if spec.case is not None:
            report = Report.objects.create(
                reference=f"TR-E{i:05d}",
                received_at=now,
                what_seen="Encounter.",
                apparent_age="under_18",
                route=Route.DCF,
                case=cases[spec.case],
            )
        encounters.append(
            Encounter.objects.create(
                officer=officer,
                agency=officer.agency,
                occurred_on=TODAY - datetime.timedelta(days=1),
                person=Person.objects.create(first_name="Met", last_name=f"No{i}"),
                route=EncounterRoute.ADULT,
                report=report,
            )
        )
    return users, cases, reports, encounters


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_screening_visibility_follows_the_rule_for_every_user_and_record(db, world):
    with transaction.atomic():
        users, cases, reports, encounters = build(world)

        def sees_case(u: int, c: int) -> bool:
            return can_view_case(users[u], cases[c], today=TODAY)

        for u, user in enumerate(users):
            listed = set(
                selectors.encounters_visible_to(user, today=TODAY).values_list("pk", flat=True)
            )
            for e, encounter in enumerate(encounters):
                want = expected_encounter(world, u, e, sees_case)
                assert (encounter.pk in listed) == want, ("encounter", u, e)
            listed = list(
                selectors.reports_visible_to(user, today=TODAY)
                .filter(reference__startswith="TR-W")
                .values_list("pk", flat=True)
            )
            assert len(listed) == len(set(listed)), "a report listed twice"
            for r, report in enumerate(reports):
                want = expected_report(world, u, r, sees_case)
                assert (report.pk in listed) == want, ("report", u, r)
        transaction.set_rollback(True)
