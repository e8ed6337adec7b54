"""Which cases a user may see (DESIGN.md section 3, question 2).

`cases_visible_to(user)` (a queryset) and `can_view_case(user, case)` (a predicate) must
agree for every user and case. The explicit tests name each clause; the hypothesis test
builds small random worlds and checks both against each other and against the rule
written out once more in plain Python.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.access.defaults import DEFAULT_MATRIX
from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.accounts.services import user_disable
from haven.cases.access import (
    can_view_case,
    cases_visible_to,
    centre_scopes,
    outside_case_ids,
    restrict_to_visible,
)
from haven.cases.models import (
    Assignment,
    AssignmentSection,
    Case,
    CaseAgency,
    CaseDenial,
    CaseGrant,
    Referral,
    ReferralReason,
)
from haven.cases.selectors import people_visible_to
from haven.cases.services import case_deny, case_restrict
from haven.directory.models import Agency, AgencyKind, District
from haven.people.models import Person
from haven.teams.models import Membership, Seat, Team
from haven.teams.services import team_create

DAY = datetime.timedelta(days=1)


def sees(user, case, *, today=None) -> bool:
    """Whether `user` sees `case`, after checking that the queryset and the predicate agree."""
    fresh = Case.objects.get(pk=case.pk)
    in_queryset = cases_visible_to(user, today=today).filter(pk=case.pk).exists()
    predicate = can_view_case(user, fresh, today=today)
    assert in_queryset == predicate, f"queryset says {in_queryset}, predicate {predicate}"
    return predicate


# --- CAC staff --------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["coordinator", "intake", "security_officer", "advocate", "interviewer"]
)
def test_cac_staff_of_the_holding_cac_see_the_case(case, cast, who):
    assert sees(getattr(cast, who), case)


def test_staff_of_another_cac_do_not_see_the_case(case, other_coordinator):
    assert not sees(other_coordinator, case)


def test_staff_of_the_holding_cac_see_it_without_a_team(intake, cast):
    (no_team,) = intake().cases
    assert no_team.team is None
    assert sees(cast.intake, no_team)


# --- Assignment -------------------------------------------------------------


def test_an_assigned_user_sees_the_case(case, cast, assign):
    assert not sees(cast.detective_elsewhere, case)
    assign(case, cast.detective_elsewhere, AssignmentSection.LAW_ENFORCEMENT)
    assert sees(cast.detective_elsewhere, case)


def test_an_assigned_user_of_another_cac_sees_the_case(case, assign, other_coordinator):
    assign(case, other_coordinator, AssignmentSection.ADVOCACY)
    assert sees(other_coordinator, case)


def test_an_ended_assignment_no_longer_shows_the_case(case, cast, assign, today):
    assignment = assign(
        case, cast.detective_elsewhere, AssignmentSection.LAW_ENFORCEMENT, starts_on=today - 9 * DAY
    )
    Assignment.objects.filter(pk=assignment.pk).update(ends_on=today)
    assert sees(cast.detective_elsewhere, case, today=today)  # the last day still counts
    assert not sees(cast.detective_elsewhere, case, today=today + DAY)


def test_a_future_assignment_does_not_show_the_case_yet(case, cast, assign, today):
    assign(
        case, cast.detective_elsewhere, AssignmentSection.LAW_ENFORCEMENT, starts_on=today + 3 * DAY
    )
    assert not sees(cast.detective_elsewhere, case, today=today)
    assert not sees(cast.detective_elsewhere, case, today=today + 2 * DAY)
    assert sees(cast.detective_elsewhere, case, today=today + 3 * DAY)


def test_an_assignment_to_another_case_shows_only_that_case(case, intake, cast, assign):
    (other,) = intake().cases
    assign(other, cast.detective_elsewhere, AssignmentSection.LAW_ENFORCEMENT)
    assert not sees(cast.detective_elsewhere, case)
    assert sees(cast.detective_elsewhere, other)


# --- MDT membership and involved agencies ------------------------------------


def test_an_mdt_member_whose_agency_is_on_the_case_sees_it(case, cast, seat):
    assert not sees(cast.detective, case)
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    assert sees(cast.detective, case)


def test_a_team_member_whose_agency_is_not_involved_does_not_see_it(case, cast, seat):
    seat(cast.dcf_worker, Seat.DCF)
    assert not case.case_agencies.filter(agency=cast.dcf_worker.agency).exists()
    assert not sees(cast.dcf_worker, case)


def test_an_involved_agencys_user_not_on_the_team_does_not_see_it(case, cast):
    assert case.case_agencies.filter(agency=cast.police).exists()
    assert not sees(cast.detective, case)


def test_a_member_of_another_team_does_not_see_the_case(case, cast, seat, team):
    second = team_create(
        actor=cast.coordinator,
        name="New Haven Trafficking MDT",
        district=District.objects.get(slug="new-haven"),
        host_cac=cast.cac,
    )
    seat(cast.detective, Seat.LAW_ENFORCEMENT, on_team=second)
    assert not sees(cast.detective, case)


def test_an_mdt_member_does_not_see_a_case_with_no_team(intake, cast, seat):
    (no_team,) = intake(source_agency=cast.police).cases
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    assert not sees(cast.detective, no_team)


def test_an_mdt_member_sees_the_case_only_while_the_membership_lasts(case, cast, seat, today):
    seat(cast.detective, Seat.LAW_ENFORCEMENT, starts_on=today - 5 * DAY, ends_on=today + DAY)
    assert not sees(cast.detective, case, today=today - 6 * DAY)
    assert sees(cast.detective, case, today=today - 5 * DAY)
    assert sees(cast.detective, case, today=today + DAY)
    assert not sees(cast.detective, case, today=today + 2 * DAY)


def test_a_new_assignment_brings_its_agencys_team_members_in(case, cast, seat, assign):
    seat(cast.dcf_worker, Seat.DCF)
    assert not sees(cast.dcf_worker, case)
    colleague = User.objects.create_user(
        email="dora@dcf.test",
        full_name="Dora Ames",
        discipline=Discipline.DCF,
        agency=cast.dcf_worker.agency,
    )
    assign(case, colleague, AssignmentSection.CHILD_PROTECTION)
    assert sees(cast.dcf_worker, case)


# --- Denial, restriction, disabled accounts ----------------------------------


def test_a_denial_wins_over_everything(case, cast, seat, assign):
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.detective])
    for user in (cast.detective, cast.coordinator):
        case_deny(actor=cast.security_officer, case=case, user=user)
    assert not sees(cast.detective, case)
    assert not sees(cast.coordinator, case)


def test_a_restriction_admits_only_granted_users(case, cast, seat):
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.detective])
    assert sees(cast.detective, case)
    for user in (cast.coordinator, cast.intake, cast.security_officer):
        assert not sees(user, case)


def test_a_grant_on_a_restricted_case_does_not_by_itself_show_it(case, cast, other_coordinator):
    case_restrict(actor=cast.security_officer, case=case, allowed=[other_coordinator])
    assert not sees(other_coordinator, case)


def test_a_disabled_user_sees_nothing(case, cast, seat, assign):
    assert not sees(cast.disabled, case)
    assert not cases_visible_to(cast.disabled).exists()
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    detective = user_disable(actor=cast.security_officer, user=cast.detective)
    assert not sees(detective, case)
    assert not sees(User(is_active=False, agency=cast.cac), case)


def test_an_anonymous_visitor_sees_nothing(case):
    assert not sees(AnonymousUser(), case)


def test_cases_visible_to_lists_each_case_once(case, cast, seat, assign):
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.detective, cast.intake])
    assert list(cases_visible_to(cast.detective)) == [case]


# --- Property: the queryset and the predicate agree, always -------------------

TODAY = datetime.date(2026, 3, 15)
AGENCY_KINDS = [
    AgencyKind.CAC,
    AgencyKind.CAC,
    AgencyKind.MUNICIPAL_POLICE,
    AgencyKind.STATE_POLICE,
    AgencyKind.DCF_OFFICE,
]
DISCIPLINES = [
    Discipline.COORDINATOR,
    Discipline.INTAKE,
    Discipline.LAW_ENFORCEMENT,
    Discipline.DCF,
    Discipline.VICTIM_ADVOCATE,
    Discipline.STATES_ATTORNEY,
    # People: none in the matrix (the people check below).
    Discipline.SECURITY_OFFICER,
    Discipline.OTHER_EXPERT,
]
# (first day, length in days or None for open-ended), relative to TODAY: small numbers, so
# the boundaries (starting today, ending today, ending yesterday) come up often.
PERIODS = st.tuples(st.integers(-4, 4), st.none() | st.integers(0, 4))


def on(period) -> tuple[datetime.date, datetime.date | None]:
    start, length = period
    starts_on = TODAY + start * DAY
    return starts_on, None if length is None else starts_on + length * DAY


def active(period) -> bool:
    starts_on, ends_on = on(period)
    return starts_on <= TODAY and (ends_on is None or ends_on >= TODAY)


@dataclass
class UserSpec:
    agency: int | None
    discipline: str
    is_active: bool


@dataclass
class CaseSpec:
    cac: int
    team: int | None
    restricted: bool
    agencies: list[int]
    assignments: list[tuple[int, tuple]]
    grants: list[int]
    denials: list[int]


@dataclass
class World:
    team_hosts: list[int]
    users: list[UserSpec]
    memberships: list[tuple[int, int, tuple]]
    cases: list[CaseSpec] = field(default_factory=list)


@st.composite
def worlds(draw) -> World:
    team_hosts = draw(st.lists(st.integers(0, 1), min_size=1, max_size=2))
    users = draw(
        st.lists(
            st.builds(
                UserSpec,
                agency=st.none() | st.integers(0, len(AGENCY_KINDS) - 1),
                discipline=st.sampled_from(DISCIPLINES),
                is_active=st.sampled_from([True, True, True, False]),
            ),
            min_size=4,
            max_size=8,
        )
    )
    user_index = st.integers(0, len(users) - 1)
    team_index = st.integers(0, len(team_hosts) - 1)
    memberships = draw(st.lists(st.tuples(user_index, team_index, PERIODS), max_size=8))
    some_users = st.lists(user_index, unique=True, max_size=3)
    cases = draw(
        st.lists(
            st.builds(
                CaseSpec,
                cac=st.integers(0, 1),
                team=st.none() | team_index,
                restricted=st.booleans(),
                agencies=st.lists(st.integers(0, len(AGENCY_KINDS) - 1), unique=True, max_size=3),
                assignments=st.lists(st.tuples(user_index, PERIODS), max_size=3),
                grants=some_users,
                denials=st.lists(user_index, unique=True, max_size=2),
            ),
            min_size=2,
            max_size=5,
        )
    )
    return World(team_hosts, users, memberships, cases)


def expected(world: World, u: int, c: int) -> bool:
    """The rule of DESIGN.md section 3, question 2, written out once more from the spec."""
    user, case = world.users[u], world.cases[c]
    if not user.is_active or u in case.denials:
        return False
    if case.restricted and u not in case.grants:
        return False
    if user.agency is not None and AGENCY_KINDS[user.agency] == AgencyKind.CAC:
        if user.agency == case.cac:
            return True
    if any(who == u and active(period) for who, period in case.assignments):
        return True
    return (
        case.team is not None
        and user.agency is not None
        and user.agency in case.agencies
        and any(
            who == u and team == case.team and active(period)
            for who, team, period in world.memberships
        )
    )


def build(world: World) -> tuple[list[User], list[Case]]:
    """The world in the database, with direct creates: fast, and no audit rows."""
    district = District.objects.first()
    agencies = [
        Agency.objects.create(name=f"Agency {i}", kind=kind, district=district)
        for i, kind in enumerate(AGENCY_KINDS)
    ]
    teams = [
        Team.objects.create(name=f"Team {i}", district=district, host_cac=agencies[host])
        for i, host in enumerate(world.team_hosts)
    ]
    users = [
        User.objects.create(
            email=f"user{i}@world.test",
            full_name=f"User {i}",
            discipline=spec.discipline,
            agency=None if spec.agency is None else agencies[spec.agency],
            is_active=spec.is_active,
        )
        for i, spec in enumerate(world.users)
    ]

    def agency_of(user: User) -> Agency:
        return user.agency or agencies[0]

    for u, t, period in world.memberships:
        starts_on, ends_on = on(period)
        Membership.objects.create(
            team=teams[t],
            seat=Seat.OTHER_EXPERT,
            user=users[u],
            agency=agency_of(users[u]),
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
    for i, spec in enumerate(world.cases):
        child = Person.objects.create(first_name="Child", last_name=f"No{i}", sort_name=f"no{i}")
        case = Case.objects.create(
            referral=referral,
            child=child,
            cac=agencies[spec.cac],
            team=None if spec.team is None else teams[spec.team],
            year=TODAY.year,
            sequence=i + 1,
            number=f"W-{TODAY.year}-{i + 1:05d}",
            received_on=TODAY,
            restricted=spec.restricted,
        )
        CaseAgency.objects.bulk_create(
            CaseAgency(case=case, agency=agencies[a]) for a in spec.agencies
        )
        for u, period in spec.assignments:
            starts_on, ends_on = on(period)
            Assignment.objects.create(
                case=case,
                section=AssignmentSection.ADVOCACY,
                user=users[u],
                agency=agency_of(users[u]),
                starts_on=starts_on,
                ends_on=ends_on,
            )
        CaseGrant.objects.bulk_create(CaseGrant(case=case, user=users[u]) for u in spec.grants)
        CaseDenial.objects.bulk_create(CaseDenial(case=case, user=users[u]) for u in spec.denials)
        cases.append(case)
    return users, cases


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_cases_visible_to_and_can_view_case_agree_for_every_user_and_case(db, world):
    with transaction.atomic():
        users, cases = build(world)
        for u, user in enumerate(users):
            listed = list(cases_visible_to(user, today=TODAY).values_list("pk", flat=True))
            assert len(listed) == len(set(listed)), "a case listed twice"
            for c, case in enumerate(cases):
                predicate = can_view_case(user, case, today=TODAY)
                assert (case.pk in listed) == predicate, (u, c)
                assert predicate == expected(world, u, c), (u, c)
            # People: the children of exactly the visible cases, and nobody at all for a
            # role whose matrix says People: none (security issue 18, item 5).
            people = people_visible_to(user, cases=cases_visible_to(user, today=TODAY))
            sees_people = world.users[u].is_active and (
                DEFAULT_MATRIX[(str(world.users[u].discipline), str(Section.PEOPLE))] >= Level.VIEW
            )
            children = {case.child_id for c, case in enumerate(cases) if expected(world, u, c)}
            assert set(people.values_list("pk", flat=True)) == (
                children if sees_people else set()
            ), u
            # Search's shortcuts: the scopes of centre staff, the sources of everyone else,
            # each narrowed by the same rule, give exactly the visible cases.
            outside = outside_case_ids(user, cap=10_000, today=TODAY)
            scopes = centre_scopes(user, today=TODAY)
            if outside is not None:
                assert scopes is None, u
                narrowed = restrict_to_visible(
                    Case.objects.filter(pk__in=outside), user, today=TODAY
                )
                assert set(narrowed.values_list("pk", flat=True)) == set(listed), u
            elif scopes is not None:
                in_scopes = Q(cac_id=scopes.cac_id) | Q(pk__in=scopes.assigned_case_ids)
                if scopes.team_ids:
                    in_scopes |= Q(team_id__in=scopes.team_ids)
                narrowed = restrict_to_visible(Case.objects.filter(in_scopes), user, today=TODAY)
                assert set(narrowed.values_list("pk", flat=True)) == set(listed), u
        transaction.set_rollback(True)
