"""Who sees and who manages which team: teams_visible_to and can_view_team must agree."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from haven.access.rules import Capability, has_capability, is_statewide_liaison
from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_disable
from haven.teams.models import Seat, Team
from haven.teams.selectors import (
    can_manage_team,
    can_view_team,
    statewide_teams,
    team_detail,
    team_list,
    teams_visible_to,
)
from haven.teams.services import membership_end, team_create

DAY = datetime.timedelta(days=1)
NH, TRAFFICKING, HFD = "New Haven MDT", "New Haven Trafficking MDT", "Hartford MDT"
ALL = {NH, TRAFFICKING, HFD}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def world(
    cast,
    today,
    new_haven,
    new_haven_team,
    hartford_team,
    hartford_coordinator,
    seat_member,
    make_user,
    liaison,
    dcf_office,
):
    """Three teams and a user for every way of seeing (or not seeing) them.

    New Haven MDT and New Haven Trafficking MDT are hosted by cast.cac, Hartford MDT by
    Hartford CAC. Memberships are dated around today, as the selectors look at today.
    """
    trafficking = team_create(
        actor=cast.coordinator,
        name=TRAFFICKING,
        district=new_haven,
        host_cac=cast.cac,
    )
    long_ago = today - 400 * DAY

    # Active members.
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, long_ago)
    seat_member(trafficking, Seat.FORENSIC_INTERVIEWER, cast.interviewer, long_ago)
    seat_member(new_haven_team, Seat.STATES_ATTORNEY, cast.prosecutor, long_ago)
    seat_member(
        hartford_team,
        Seat.OTHER_EXPERT,
        cast.prosecutor,
        long_ago,
        actor=hartford_coordinator,
    )
    # Ends today: still a member today.
    seat_member(new_haven_team, Seat.VICTIM_ADVOCATE, cast.doctor, long_ago, today)
    # Former member: ended yesterday.
    former = seat_member(new_haven_team, Seat.MENTAL_HEALTH, cast.therapist, long_ago)
    membership_end(actor=cast.coordinator, membership=former, ends_on=today - DAY)
    # Not yet a member: starts tomorrow.
    seat_member(hartford_team, Seat.DCF, cast.dcf_worker, today + DAY, actor=hartford_coordinator)
    # A former membership and a future one on the same team, none active today.
    seat_member(new_haven_team, Seat.VICTIM_ADVOCATE, cast.advocate, long_ago, today - DAY)
    seat_member(new_haven_team, Seat.OTHER_EXPERT, cast.advocate, today + DAY)

    # A member whose account was then disabled.
    member_then_disabled = make_user(
        "gil@nhpd.test", "Gil Parted", Discipline.LAW_ENFORCEMENT, cast.police
    )
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, member_then_disabled, long_ago)
    member_then_disabled = user_disable(actor=cast.security_officer, user=member_then_disabled)

    # A coordinator of the host CAC whose account was disabled.
    disabled_coordinator = make_user("cora@cac.test", "Cora Gone", Discipline.COORDINATOR, cast.cac)
    disabled_coordinator = user_disable(actor=cast.security_officer, user=disabled_coordinator)

    # The liaison flag on accounts that are not DCF's gives nothing extra.
    flagged_detective = make_user(
        "fred@nhpd.test", "Fred Flag", Discipline.LAW_ENFORCEMENT, cast.police
    )
    flagged_coordinator = make_user(
        "flo@hartfordcac.test",
        "Flo Flag",
        Discipline.COORDINATOR,
        hartford_coordinator.agency,
    )
    for user in (flagged_detective, flagged_coordinator):
        user.is_statewide_liaison = True
        user.save(update_fields=["is_statewide_liaison"])

    # A disabled liaison.
    gone_liaison = make_user("gwen@dcf.test", "Gwen Statewide", Discipline.DCF, dcf_office)
    gone_liaison.is_statewide_liaison = True
    gone_liaison.save(update_fields=["is_statewide_liaison"])
    gone_liaison = user_disable(actor=cast.security_officer, user=gone_liaison)

    # A coordinator with no agency manages nothing.
    coordinator_without_agency = make_user(
        "nia@example.test", "Nia Nowhere", Discipline.COORDINATOR, None
    )

    users = {name: getattr(cast, name) for name in CAST_NAMES}
    users |= {
        "liaison": liaison,
        "hartford_coordinator": hartford_coordinator,
        "member_then_disabled": member_then_disabled,
        "disabled_coordinator": disabled_coordinator,
        "flagged_detective": flagged_detective,
        "flagged_coordinator": flagged_coordinator,
        "gone_liaison": gone_liaison,
        "coordinator_without_agency": coordinator_without_agency,
        "anonymous": AnonymousUser(),
    }
    return users


CAST_NAMES = [
    "security_officer",
    "coordinator",
    "intake",
    "detective",
    "detective_elsewhere",
    "dcf_worker",
    "prosecutor",
    "doctor",
    "therapist",
    "interviewer",
    "advocate",
    "youth_worker",
    "expert",
    "trainer",
    "disabled",
]

# Who sees which team today, and why.
VISIBLE = {
    "security_officer": {NH, TRAFFICKING},  # host CAC's security officer
    "coordinator": {NH, TRAFFICKING},  # host CAC's coordinator
    "intake": set(),  # works at the host CAC, but neither manager nor member
    "detective": {NH},  # active member
    "detective_elsewhere": set(),  # a detective not on any team
    "dcf_worker": set(),  # membership starts tomorrow
    "prosecutor": {NH, HFD},  # member of two teams
    "doctor": {NH},  # membership ends today
    "therapist": set(),  # former member: ended yesterday
    "interviewer": {TRAFFICKING},
    "advocate": set(),  # one membership ended, another not yet begun
    "youth_worker": set(),
    "expert": set(),
    "trainer": set(),
    "disabled": set(),
    "liaison": ALL,  # DCF's statewide liaison sees every team
    "hartford_coordinator": {HFD},
    "member_then_disabled": set(),
    "disabled_coordinator": set(),
    "flagged_detective": set(),  # the flag means nothing on a non-DCF account
    "flagged_coordinator": {HFD},  # ... only what their own role gives
    "gone_liaison": set(),
    "coordinator_without_agency": set(),
    "anonymous": set(),
}

# Who manages which team: the host CAC's coordinators and security officers, and nobody else.
MANAGES = {
    "security_officer": {NH, TRAFFICKING},
    "coordinator": {NH, TRAFFICKING},
    "hartford_coordinator": {HFD},
    "flagged_coordinator": {HFD},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(VISIBLE))
def test_teams_visible_to_and_can_view_team_agree_for_every_user(world, who):
    user = world[who]
    visible = {t.name for t in teams_visible_to(user)}
    assert visible == VISIBLE[who]
    for team in Team.objects.all():
        assert can_view_team(user, team) is (team.name in visible), team.name


@pytest.mark.django_db
def test_only_the_host_cacs_coordinators_and_security_officers_manage_a_team(world):
    teams = list(Team.objects.all())
    managed = {
        who: {t.name for t in teams if can_manage_team(user, t)} for who, user in world.items()
    }
    assert managed == {who: MANAGES.get(who, set()) for who in world}


@pytest.mark.django_db
def test_every_team_a_user_manages_is_visible_to_them(world):
    for user in world.values():
        for team in Team.objects.all():
            if can_manage_team(user, team):
                assert can_view_team(user, team)


@pytest.mark.django_db
def test_the_statewide_liaison_sees_every_team_but_manages_none(world):
    liaison = world["liaison"]
    assert is_statewide_liaison(liaison)
    assert has_capability(liaison, Capability.VIEW_STATEWIDE_TEAMS)
    assert set(teams_visible_to(liaison)) == set(Team.objects.all())
    assert not any(can_manage_team(liaison, team) for team in Team.objects.all())


@pytest.mark.django_db
def test_the_liaison_flag_on_a_non_dcf_account_gives_nothing_extra(world):
    for name in ("flagged_detective", "flagged_coordinator"):
        user = world[name]
        assert not is_statewide_liaison(user)
        assert {t.name for t in teams_visible_to(user)} != ALL


@pytest.mark.django_db
def test_a_team_created_later_is_visible_to_the_liaison_at_once(world, cast, hartford):
    team_create(actor=cast.coordinator, name="Late MDT", district=hartford, host_cac=cast.cac)
    assert "Late MDT" in {t.name for t in teams_visible_to(world["liaison"])}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "offset", "expected"),
    [
        pytest.param("doctor", 1, set(), id="the-day-after-a-membership-ends"),
        pytest.param("therapist", -1, {NH}, id="the-last-day-of-a-former-membership"),
        pytest.param("dcf_worker", 1, {HFD}, id="the-first-day-of-a-future-membership"),
        pytest.param("advocate", 1, {NH}, id="the-first-day-of-the-next-membership"),
        pytest.param("coordinator", 1000, {NH, TRAFFICKING}, id="managers-regardless-of-day"),
    ],
)
def test_visibility_on_another_day_follows_the_memberships_active_that_day(
    world, today, who, offset, expected
):
    user, day = world[who], today + offset * DAY
    visible = {t.name for t in teams_visible_to(user, today=day)}
    assert visible == expected
    for team in Team.objects.all():
        assert can_view_team(user, team, today=day) is (team.name in visible)


@pytest.mark.django_db
def test_a_user_in_two_seats_of_one_team_sees_it_once(cast, today, new_haven_team, seat_member):
    seat_member(new_haven_team, Seat.MENTAL_HEALTH, cast.therapist, today)
    seat_member(new_haven_team, Seat.OTHER_EXPERT, cast.therapist, today)
    assert list(teams_visible_to(cast.therapist)) == [new_haven_team]
    assert list(team_list(cast.therapist)) == [new_haven_team]


@pytest.mark.django_db
def test_team_list_shows_only_visible_teams_and_filters_by_district(world):
    prosecutor = world["prosecutor"]
    assert [t.name for t in team_list(prosecutor)] == [HFD, NH]
    assert [t.name for t in team_list(prosecutor, district="new-haven")] == [NH]
    assert [t.name for t in team_list(world["liaison"], district="hartford")] == [HFD]


@pytest.mark.django_db
def test_team_detail_is_refused_as_if_missing_to_a_user_who_cannot_view_it(world, hartford_team):
    assert team_detail(world["hartford_coordinator"], hartford_team.public_id) == hartford_team
    assert team_detail(world["liaison"], hartford_team.public_id) == hartford_team
    with pytest.raises(Team.DoesNotExist):
        team_detail(world["detective"], hartford_team.public_id)
    with pytest.raises(Team.DoesNotExist):
        team_detail(world["therapist"], hartford_team.public_id)


@pytest.mark.django_db
def test_statewide_teams_lists_every_team_by_name_and_filters_by_district(world):
    assert [t.name for t in statewide_teams()] == sorted(ALL)
    assert [t.name for t in statewide_teams(district="new-haven")] == [NH, TRAFFICKING]
