"""Reads of cases: the case list and search only ever return cases the user may see."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.accounts.models import User
from haven.cases.models import AllegationType, Assignment, AssignmentSection, Case, PartyRole
from haven.cases.selectors import case_list, case_search
from haven.cases.services import AllegationIn, PartyIn, case_deny, case_restrict
from haven.teams.models import Seat

NEW_YORK = ZoneInfo("America/New_York")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
D = datetime.date


def received(day: datetime.date) -> dict:
    at = datetime.datetime.combine(day, datetime.time(10), tzinfo=NEW_YORK)
    return {"received_at": at, "known_at": at - HOUR}


def numbers(cases) -> list[str]:
    return [c.number for c in cases]


@pytest.fixture
def siblings(make_person, child, offender, intake, team, cast):
    """One referral, three children: José (sexual abuse), Lucía and Marco (neglect)."""
    lucia = make_person("Lucía", "Núñez")
    marco = make_person("Marco", "Núñez")
    result = intake(
        team=team,
        source_agency=cast.police,
        parties=[
            PartyIn(child, PartyRole.ALLEGED_VICTIM),
            PartyIn(lucia, PartyRole.CO_VICTIM),
            PartyIn(marco, PartyRole.CO_VICTIM),
            PartyIn(offender, PartyRole.ALLEGED_OFFENDER),
        ],
        allegations=[
            AllegationIn(child, AllegationType.SEXUAL_ABUSE),
            AllegationIn(lucia, AllegationType.NEGLECT),
            AllegationIn(marco, AllegationType.NEGLECT),
        ],
    )
    return result.cases


@pytest.fixture
def theirs(intake, other_coordinator, other_cac, child, make_person):
    """A Hartford CAC case about the same José Núñez, with a stranger as the offender."""
    stranger = make_person("Quentin", "Marsh")
    return intake(
        actor=other_coordinator,
        cac=other_cac,
        parties=[
            PartyIn(child, PartyRole.ALLEGED_VICTIM),
            PartyIn(stranger, PartyRole.ALLEGED_OFFENDER),
        ],
    ).cases[0]


# --- case_list --------------------------------------------------------------


def test_case_list_shows_only_visible_cases(siblings, theirs, cast, other_coordinator):
    assert set(case_list(cast.coordinator)) == set(siblings)
    assert list(case_list(other_coordinator)) == [theirs]
    assert list(case_list(cast.detective)) == []
    assert list(case_list(cast.disabled)) == []


def test_case_list_drops_a_denied_case(siblings, cast):
    case_deny(actor=cast.security_officer, case=siblings[0], user=cast.intake)
    assert set(case_list(cast.intake)) == set(siblings[1:])


def test_case_list_shows_newest_received_first(intake, cast):
    old = intake(**received(datetime.date(2025, 5, 1))).cases[0]
    new = intake(**received(datetime.date(2025, 9, 1))).cases[0]
    same_day = intake(**received(datetime.date(2025, 9, 1))).cases[0]
    assert list(case_list(cast.coordinator)) == [same_day, new, old]


def test_case_list_mine_shows_only_my_active_assignments(siblings, cast, assign, today):
    first, second, third = siblings
    assign(first, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    ended = assign(second, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    Assignment.objects.filter(pk=ended.pk).update(starts_on=today - 9 * DAY, ends_on=today - DAY)
    assign(third, cast.detective, AssignmentSection.LAW_ENFORCEMENT, starts_on=today + DAY)
    assert list(case_list(cast.detective, mine=True)) == [first]
    assert list(case_list(cast.coordinator, mine=True)) == []


def test_case_list_mine_lists_a_case_once_for_two_assignments(siblings, cast, assign):
    assign(siblings[0], cast.advocate, AssignmentSection.ADVOCACY)
    assign(siblings[0], cast.advocate, AssignmentSection.ADVOCACY)
    assert list(case_list(cast.advocate, mine=True)) == [siblings[0]]


def test_case_list_mine_still_needs_the_case_to_be_visible(siblings, cast, assign):
    assign(siblings[0], cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    case_deny(actor=cast.security_officer, case=siblings[0], user=cast.detective)
    assert list(case_list(cast.detective, mine=True)) == []


def test_case_list_filters_by_status(siblings, cast):
    Case.objects.filter(pk=siblings[1].pk).update(status="closed")
    assert list(case_list(cast.coordinator, status="closed")) == [siblings[1]]
    assert set(case_list(cast.coordinator, status="open")) == {siblings[0], siblings[2]}


def test_case_list_filters_by_allegation_and_lists_each_case_once(siblings, cast):
    # The referral holds one sexual-abuse and two neglect allegations, shared by the three cases.
    by_kind = list(case_list(cast.coordinator, allegation=AllegationType.NEGLECT))
    assert sorted(numbers(by_kind)) == sorted(numbers(siblings))
    assert list(case_list(cast.coordinator, allegation=AllegationType.LABOR_TRAFFICKING)) == []


def test_case_list_filters_by_team(siblings, intake, cast, team):
    no_team = intake().cases[0]
    assert set(case_list(cast.coordinator, team=str(team.public_id))) == set(siblings)
    assert no_team in case_list(cast.coordinator)


def test_case_list_filters_by_received_range_inclusive(intake, cast):
    march = intake(**received(datetime.date(2025, 3, 1))).cases[0]
    april = intake(**received(datetime.date(2025, 4, 1))).cases[0]
    may = intake(**received(datetime.date(2025, 5, 1))).cases[0]
    listed = case_list(
        cast.coordinator,
        received_from=datetime.date(2025, 3, 1),
        received_to=datetime.date(2025, 4, 1),
    )
    assert list(listed) == [april, march]
    assert list(case_list(cast.coordinator, received_from=datetime.date(2025, 4, 2))) == [may]
    assert list(case_list(cast.coordinator, received_to=datetime.date(2025, 2, 28))) == []


@pytest.mark.parametrize("children", [1, 9])
def test_case_list_runs_a_fixed_number_of_queries_however_many_cases(
    children, make_person, intake, team, cast, seat, django_assert_max_num_queries
):
    kids = [make_person("Kid", f"Number{i}") for i in range(children)]
    intake(
        team=team,
        source_agency=cast.police,
        parties=[PartyIn(k, PartyRole.CO_VICTIM) for k in kids],
        allegations=[AllegationIn(kids[0], AllegationType.NEGLECT)],
    )
    seat(cast.detective, Seat.LAW_ENFORCEMENT)
    for user in (cast.coordinator, cast.detective):
        fresh = User.objects.get(pk=user.pk)  # nothing cached on the user
        with django_assert_max_num_queries(3):
            rows = [
                (c.number, c.child.full_name, c.cac.name, c.team and c.team.name)
                for c in case_list(fresh, mine=False, status="open")
            ]
        assert len(rows) == children


def test_case_list_query_count_does_not_grow_with_the_cases(make_person, intake, team, cast):
    def count_for(n: int) -> int:
        kids = [make_person("Kid", f"Batch{n}x{i}") for i in range(n)]
        intake(
            team=team,
            parties=[PartyIn(k, PartyRole.CO_VICTIM) for k in kids],
            allegations=[AllegationIn(kids[0], AllegationType.NEGLECT)],
        )
        fresh = User.objects.get(pk=cast.coordinator.pk)
        with CaptureQueriesContext(connection) as queries:
            for c in case_list(fresh, allegation=AllegationType.NEGLECT):
                str(c.child), str(c.cac), str(c.team)
        return len(queries)

    assert count_for(2) == count_for(10)


# --- case_search ------------------------------------------------------------


@pytest.fixture(
    params=[
        "centre staff: from the centre's name rows",
        "centre staff, common name: walk the centre's cases",
        "few cases: from the name rows of the visible cases",
        "rare name: from the people",
        "common name: walk the cases",
    ]
)
def search_plan(request, monkeypatch):
    """Every search test runs under each of case_search's plans: they must agree. Each
    plan is forced by making the ones before it decline, for every user."""
    from haven.cases import selectors as case_selectors

    plan = request.param.split(":")[0]
    if plan == "centre staff, common name":
        monkeypatch.setattr(case_selectors, "CENTRE_NAME_ROWS", -1)
        plan = "centre staff"
    if plan != "centre staff":
        monkeypatch.setattr(case_selectors, "centre_scopes", lambda user: None)
    if plan == "few cases":
        # Centre staff as well: their every visible case stands in for the sources (the
        # access test checks the sources give exactly the visible cases).
        monkeypatch.setattr(
            case_selectors,
            "outside_case_ids",
            lambda user, cap: list(
                case_selectors.cases_visible_to(user).values_list("id", flat=True)
            ),
        )
    if plan in ("rare name", "common name"):
        monkeypatch.setattr(case_selectors, "FEW_CASES", -1)
    if plan == "common name":
        monkeypatch.setattr(case_selectors, "RARE_NAME_PEOPLE", 0)
    if plan == "centre staff":
        # Users outside a centre (the detective) never take this plan: keep them off the
        # few-cases one, so that their searches here go through the people as before.
        monkeypatch.setattr(case_selectors, "FEW_CASES", -1)
    return request.param


def test_case_search_finds_a_case_by_its_exact_number(search_plan, siblings, cast):
    target = siblings[1]
    assert case_search(cast.coordinator, target.number) == [target]
    assert case_search(cast.coordinator, target.number.lower()) == [target]


def test_case_search_by_number_never_finds_an_invisible_case(search_plan, siblings, theirs, cast):
    assert case_search(cast.coordinator, theirs.number) == []
    assert case_search(cast.detective, siblings[0].number) == []


def test_case_search_finds_by_the_childs_name_without_accents(
    search_plan, intake, make_person, cast
):
    ines = make_person("Inés", "Pérez-Ávila")
    (her_case,) = intake(
        parties=[PartyIn(ines, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(ines, AllegationType.NEGLECT)],
    ).cases
    intake()  # José's case, which must not come up
    for query in ("perez avila ines", "PEREZ-AVILA", "Pérez Ávila Inés", "perez"):
        assert case_search(cast.coordinator, query) == [her_case], query


def test_case_search_by_a_childs_name_finds_the_cases_of_that_referral(search_plan, siblings, cast):
    # Lucía is a party of the shared referral, so every sibling's case names her.
    assert set(case_search(cast.coordinator, "Lucía Núñez")) == set(siblings)


def test_case_search_finds_by_another_partys_name(search_plan, siblings, cast):
    assert set(case_search(cast.coordinator, "Victor Hale")) == set(siblings)
    assert set(case_search(cast.coordinator, "hale")) == set(siblings)


def test_case_search_finds_a_name_by_its_sound(search_plan, siblings, cast):
    assert set(case_search(cast.coordinator, "Viktor Hail")) == set(siblings)


def test_case_search_never_returns_an_invisible_case_whose_name_matches(
    search_plan, siblings, theirs, cast, other_coordinator
):
    ours = case_search(cast.coordinator, "José Núñez")
    assert theirs not in ours
    assert set(ours) == set(siblings)
    assert case_search(other_coordinator, "José Núñez") == [theirs]
    assert case_search(cast.coordinator, "Quentin Marsh") == []
    assert case_search(cast.detective, "José Núñez") == []


def test_case_search_lists_each_case_once(search_plan, siblings, cast):
    found = case_search(cast.coordinator, "Núñez")
    assert len(found) == len(set(found)) == 3


def test_case_search_with_nothing_to_search_finds_nothing(search_plan, siblings, cast):
    assert case_search(cast.coordinator, "") == []
    assert case_search(cast.coordinator, "   ") == []
    assert case_search(cast.coordinator, "'-") == []


def test_case_search_respects_the_limit(search_plan, siblings, cast):
    assert len(case_search(cast.coordinator, "Núñez", limit=2)) == 2


def test_case_search_query_count_does_not_grow_with_the_matches(
    search_plan, make_person, intake, team, cast
):
    """Every plan reads a fixed number of queries, whatever the number of namesakes (the
    page is built in one query when the candidates fill it)."""

    def count_for(n: int) -> int:
        for i in range(n):
            kid = make_person("Wren", "Abernathy", date_of_birth=D(2015, 1, 1 + i))
            intake(
                team=team,
                parties=[PartyIn(kid, PartyRole.ALLEGED_VICTIM)],
                allegations=[AllegationIn(kid, AllegationType.NEGLECT)],
            )
        fresh = User.objects.get(pk=cast.coordinator.pk)
        with CaptureQueriesContext(connection) as queries:
            found = case_search(fresh, "Wren Abernathy", limit=50)
            for c in found:
                str(c.child), str(c.cac), str(c.team)
        return len(queries)

    assert count_for(2) == count_for(12)


def test_case_search_leaves_out_a_denied_case_and_a_restricted_one(search_plan, siblings, cast):
    case_deny(actor=cast.security_officer, case=siblings[0], user=cast.coordinator)
    case_restrict(actor=cast.security_officer, case=siblings[1], allowed=[cast.intake])
    assert case_search(cast.coordinator, "Victor Hale") == [siblings[2]]
    assert set(case_search(cast.intake, "Victor Hale")) == set(siblings)


def test_case_search_by_centre_staff_finds_a_case_they_are_assigned_at_another_centre(
    search_plan, theirs, siblings, cast, assign, other_coordinator
):
    assert theirs not in case_search(cast.coordinator, "Quentin Marsh")
    assign(theirs, cast.coordinator, AssignmentSection.ADVOCACY, actor=other_coordinator)
    assert case_search(cast.coordinator, "Quentin Marsh") == [theirs]


def test_case_search_by_centre_staff_finds_their_teams_case_held_by_another_centre(
    search_plan, intake, team, cast, other_coordinator, other_cac, make_person, seat
):
    """Hartford's coordinator sits on the New Haven team, and Hartford CAC made the
    referral: she sees the New Haven case (access.py, the team rule), so she finds it."""
    nina = make_person("Nina", "Okafor")
    (held_elsewhere,) = intake(
        team=team,
        source_agency=other_cac,
        parties=[PartyIn(nina, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(nina, AllegationType.NEGLECT)],
    ).cases
    assert case_search(other_coordinator, "Nina Okafor") == []
    seat(other_coordinator, Seat.OTHER_EXPERT)
    assert case_search(other_coordinator, "Nina Okafor") == [held_elsewhere]


def test_case_search_newest_first_across_pages_of_candidates(
    search_plan, intake, make_person, cast, monkeypatch
):
    """The centre plan reads its candidates a page at a time: the order holds across
    pages, and a page emptied by denials does not end the search early."""
    ada = make_person("Ada", "Quill")
    days = [datetime.date(2026, 3, d) for d in (3, 9, 1, 7, 5)]
    made = {}
    for day in days:
        (made[day],) = intake(
            **received(day),
            parties=[PartyIn(ada, PartyRole.ALLEGED_VICTIM)],
            allegations=[AllegationIn(ada, AllegationType.NEGLECT)],
        ).cases
    newest_first = [made[d] for d in sorted(days, reverse=True)]
    for denied in newest_first[:2]:
        case_deny(actor=cast.security_officer, case=denied, user=cast.coordinator)
    # limit 1 reads candidates two at a time: the first page is all denied.
    assert case_search(cast.coordinator, "Ada Quill", limit=1) == [newest_first[2]]
    assert case_search(cast.coordinator, "Ada Quill") == newest_first[2:]
