"""The statutory seat rules of a multidisciplinary team (Gen. Stat. § 17a-106f)."""

import datetime

import pytest

from haven.directory.models import Credential, CredentialKind
from haven.teams import rules
from haven.teams.models import Membership, Seat, Team
from haven.teams.rules import (
    ADVISORY_SEATS,
    ALL_SEATS,
    CITATION,
    OPTIONAL_SEATS,
    REQUIRED_SEATS,
    overlaps,
    seat_misfit,
    seat_status,
    team_composition_gaps,
)

ON = datetime.date(2026, 3, 15)
DAY = datetime.timedelta(days=1)


def fi_credential(issued_on, expires_on=None, kind=CredentialKind.FI_FOUNDATIONAL):
    return Credential(kind=kind, issued_on=issued_on, expires_on=expires_on)


def member(seat, starts_on, ends_on=None, *, is_primary=True):
    """An unsaved membership: the composition rules only read seat, dates and is_primary."""
    return Membership(seat=seat, starts_on=starts_on, ends_on=ends_on, is_primary=is_primary)


def misfit(team, seat, agency, credentials=()):
    return seat_misfit(seat=seat, team=team, agency=agency, credentials=list(credentials), on=ON)


# --- The seats themselves -------------------------------------------------------------------


def test_every_seat_of_17a_106f_is_required_advisory_or_optional_exactly_once():
    assert sorted(ALL_SEATS) == sorted(Seat)
    assert len(set(ALL_SEATS)) == len(ALL_SEATS)
    assert ADVISORY_SEATS == (Seat.YOUTH_SERVICES,)
    assert OPTIONAL_SEATS == (Seat.OTHER_EXPERT,)
    assert CITATION == "Gen. Stat. § 17a-106f"


# --- State's attorney -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_states_attorney_seat_is_filled_from_the_teams_own_district_17a_106f(
    new_haven_team, sao_new_haven
):
    assert misfit(new_haven_team, Seat.STATES_ATTORNEY, sao_new_haven) is None


@pytest.mark.django_db
def test_a_states_attorneys_office_of_another_district_does_not_fit_the_states_attorney_seat(
    new_haven_team, sao_hartford
):
    reason = misfit(new_haven_team, Seat.STATES_ATTORNEY, sao_hartford)
    assert reason is not None
    assert "team's own judicial district (New Haven)" in reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agency_name", ["municipal_police", "dcf_office", "cac", "hospital", "ysb", "state_police"]
)
def test_only_a_states_attorneys_office_fits_the_states_attorney_seat_17a_106f(
    new_haven_team, agencies, agency_name
):
    # Every one of these agencies is in the team's own district: the kind is what fails.
    assert agencies[agency_name].district_id == new_haven_team.district_id
    reason = misfit(new_haven_team, Seat.STATES_ATTORNEY, agencies[agency_name])
    assert reason == "The State's attorney seat is filled from a State's attorney's office."


# --- Law enforcement ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("agency_name", ["municipal_police", "state_police"])
def test_the_law_enforcement_seat_is_filled_from_a_municipal_or_state_police_agency_17a_106f(
    new_haven_team, agencies, agency_name
):
    assert misfit(new_haven_team, Seat.LAW_ENFORCEMENT, agencies[agency_name]) is None


@pytest.mark.django_db
def test_the_law_enforcement_seat_has_no_district_rule_so_another_towns_police_fits(
    new_haven_team, agencies
):
    assert (
        misfit(new_haven_team, Seat.LAW_ENFORCEMENT, agencies["municipal_police_elsewhere"]) is None
    )


@pytest.mark.django_db
@pytest.mark.parametrize("agency_name", ["sao_new_haven", "dcf_office", "cac", "hospital", "ysb"])
def test_no_agency_but_police_fits_the_law_enforcement_seat_17a_106f(
    new_haven_team, agencies, agency_name
):
    reason = misfit(new_haven_team, Seat.LAW_ENFORCEMENT, agencies[agency_name])
    assert reason == "The law-enforcement seat is filled from a local or State police agency."


# --- DCF --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dcf_seat_is_filled_from_a_dcf_office_17a_106f(new_haven_team, dcf_office):
    assert misfit(new_haven_team, Seat.DCF, dcf_office) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agency_name", ["sao_new_haven", "municipal_police", "cac", "hospital", "ysb"]
)
def test_no_agency_but_a_dcf_office_fits_the_dcf_seat_17a_106f(
    new_haven_team, agencies, agency_name
):
    reason = misfit(new_haven_team, Seat.DCF, agencies[agency_name])
    assert reason == "The DCF seat is filled from the Department of Children and Families."


# --- Youth services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_youth_services_seat_is_filled_from_a_youth_services_bureau_17a_106f(
    new_haven_team, ysb
):
    assert misfit(new_haven_team, Seat.YOUTH_SERVICES, ysb) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agency_name", ["sao_new_haven", "municipal_police", "dcf_office", "cac", "hospital"]
)
def test_no_agency_but_a_youth_services_bureau_fits_the_youth_services_seat_17a_106f(
    new_haven_team, agencies, agency_name
):
    reason = misfit(new_haven_team, Seat.YOUTH_SERVICES, agencies[agency_name])
    assert reason == "The youth services seat is filled from a youth services bureau."


# --- Forensic interviewer -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "expires_on", "fits"),
    [
        pytest.param(ON - 400 * DAY, None, True, id="issued-long-ago-no-expiry-fits"),
        pytest.param(ON, None, True, id="issued-on-the-start-date-fits"),
        pytest.param(ON + DAY, None, False, id="issued-the-day-after-is-refused"),
        pytest.param(ON - 400 * DAY, ON - DAY, False, id="expired-the-day-before-is-refused"),
        pytest.param(ON - 400 * DAY, ON, True, id="expiring-on-the-start-date-fits"),
        pytest.param(ON, ON, True, id="issued-and-expiring-on-the-start-date-fits"),
    ],
)
def test_the_forensic_interviewer_seat_needs_a_current_foundational_credential_on_the_start_date(
    new_haven_team, cast, issued_on, expires_on, fits
):
    reason = misfit(
        new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.cac, [fi_credential(issued_on, expires_on)]
    )
    if fits:
        assert reason is None
    else:
        assert reason is not None
        assert "current forensic-interviewer credential" in reason
        assert "March 15, 2026" in reason  # the start date the credential was checked on


@pytest.mark.django_db
def test_a_forensic_interviewer_without_any_credential_is_refused_the_seat(new_haven_team, cast):
    reason = misfit(new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.cac, [])
    assert "record it in the directory first" in reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", [k for k in CredentialKind if k != CredentialKind.FI_FOUNDATIONAL], ids=str
)
def test_only_the_foundational_credential_qualifies_a_forensic_interviewer(
    new_haven_team, cast, kind
):
    credentials = [fi_credential(ON - 400 * DAY, kind=kind)]
    assert misfit(new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.cac, credentials) is not None


@pytest.mark.django_db
def test_one_current_credential_is_enough_beside_an_expired_one(new_haven_team, cast):
    credentials = [
        fi_credential(ON - 800 * DAY, ON - 400 * DAY),
        fi_credential(ON - 10 * DAY, ON + 700 * DAY),
    ]
    assert misfit(new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.cac, credentials) is None


@pytest.mark.django_db
def test_the_forensic_interviewer_seat_has_no_agency_rule(new_haven_team, agencies):
    credentials = [fi_credential(ON - 400 * DAY)]
    for agency in agencies.values():
        assert misfit(new_haven_team, Seat.FORENSIC_INTERVIEWER, agency, credentials) is None


# --- Seats without an agency rule -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "seat", [Seat.MEDICAL, Seat.MENTAL_HEALTH, Seat.VICTIM_ADVOCATE, Seat.OTHER_EXPERT], ids=str
)
def test_medical_mental_health_victim_advocate_and_other_expert_seats_have_no_agency_rule(
    new_haven_team, agencies, seat
):
    for agency in agencies.values():
        assert misfit(new_haven_team, seat, agency) is None, agency


# --- Composition gaps -----------------------------------------------------------------------


def _team(established_on=datetime.date(2024, 1, 1)):
    return Team(name="Unsaved MDT", established_on=established_on)


def full_house(on=ON):
    """One primary member in every required seat, from a year before `on`, open-ended."""
    return [member(seat, on - 365 * DAY) for seat in REQUIRED_SEATS]


def test_an_empty_team_has_a_gap_for_every_required_seat_and_an_advisory_youth_services_gap():
    gaps = team_composition_gaps(_team(), on=ON, memberships=[])
    assert [g.seat for g in gaps] == [*REQUIRED_SEATS, Seat.YOUTH_SERVICES]
    assert [g.advisory for g in gaps] == [False] * len(REQUIRED_SEATS) + [True]


def test_every_composition_gap_cites_17a_106f():
    gaps = team_composition_gaps(_team(), on=ON, memberships=[])
    assert gaps
    assert {g.citation for g in gaps} == {"Gen. Stat. § 17a-106f"}


def test_a_composition_gap_says_which_seat_is_empty_and_whether_it_is_advisory():
    gaps = {g.seat: g for g in team_composition_gaps(_team(), on=ON, memberships=[])}
    assert gaps[Seat.MEDICAL].message == "No active member in the seat: Health-care professional."
    assert gaps[Seat.YOUTH_SERVICES].message == (
        "No member in the seat: Youth services bureau (where appropriate) (advisory)."
    )


def test_a_composition_gap_message_keeps_the_acronym_dcf_in_capitals():
    gaps = {g.seat: g for g in team_composition_gaps(_team(), on=ON, memberships=[])}
    assert gaps[Seat.DCF].message == "No active member in the seat: DCF representative."


def test_the_other_expert_seat_is_never_a_gap_17a_106f():
    gaps = team_composition_gaps(_team(), on=ON, memberships=[])
    assert Seat.OTHER_EXPERT not in {g.seat for g in gaps}


def test_a_team_with_every_required_seat_filled_has_only_the_advisory_youth_services_gap():
    gaps = team_composition_gaps(_team(), on=ON, memberships=full_house())
    assert [(g.seat, g.advisory) for g in gaps] == [(Seat.YOUTH_SERVICES, True)]


def test_a_team_with_every_seat_filled_including_youth_services_has_no_gaps():
    memberships = [*full_house(), member(Seat.YOUTH_SERVICES, ON - 30 * DAY)]
    assert team_composition_gaps(_team(), on=ON, memberships=memberships) == []


def test_filling_only_the_other_expert_seat_leaves_every_required_seat_a_gap():
    gaps = team_composition_gaps(_team(), on=ON, memberships=[member(Seat.OTHER_EXPERT, ON)])
    assert [g.seat for g in gaps if not g.advisory] == list(REQUIRED_SEATS)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "counts"),
    [
        pytest.param(ON, None, True, id="starting-on-the-day-counts"),
        pytest.param(ON - 30 * DAY, ON, True, id="ending-on-the-day-counts"),
        pytest.param(ON, ON, True, id="a-one-day-membership-on-the-day-counts"),
        pytest.param(ON - 30 * DAY, ON - DAY, False, id="ended-the-day-before-does-not-count"),
        pytest.param(ON + DAY, None, False, id="starting-the-day-after-does-not-count"),
    ],
)
def test_a_seat_is_filled_on_a_day_only_by_a_membership_active_that_day(starts_on, ends_on, counts):
    memberships = [m for m in full_house() if m.seat != Seat.DCF]
    memberships.append(member(Seat.DCF, starts_on, ends_on))
    gaps = team_composition_gaps(_team(), on=ON, memberships=memberships)
    assert (Seat.DCF not in {g.seat for g in gaps}) is counts


def test_an_alternate_alone_fills_a_seat_for_the_composition_rule():
    memberships = [m for m in full_house() if m.seat != Seat.MEDICAL]
    memberships.append(member(Seat.MEDICAL, ON - 30 * DAY, is_primary=False))
    gaps = team_composition_gaps(_team(), on=ON, memberships=memberships)
    assert Seat.MEDICAL not in {g.seat for g in gaps}


@pytest.mark.django_db
def test_composition_gaps_read_the_teams_memberships_when_none_are_passed(
    cast, new_haven_team, seat_member
):
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON - 30 * DAY)
    seat_member(new_haven_team, Seat.DCF, cast.dcf_worker, ON - 30 * DAY, ON - DAY)
    gaps = {g.seat for g in team_composition_gaps(new_haven_team, on=ON)}
    assert Seat.LAW_ENFORCEMENT not in gaps
    assert Seat.DCF in gaps  # ended the day before


@pytest.mark.django_db
def test_composition_gaps_run_no_query_when_the_memberships_are_passed(
    django_assert_num_queries, cast, new_haven_team, seat_member
):
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON - 30 * DAY)
    memberships = list(new_haven_team.memberships.all())
    with django_assert_num_queries(0):
        gaps = team_composition_gaps(new_haven_team, on=ON, memberships=memberships)
    assert Seat.LAW_ENFORCEMENT not in {g.seat for g in gaps}


# --- Seat status ----------------------------------------------------------------------------


def test_a_filled_seat_has_no_empty_since_date():
    status = seat_status(_team(), Seat.DCF, [member(Seat.DCF, ON - 30 * DAY)], on=ON)
    assert status.filled
    assert status.empty_since is None


def test_an_empty_seat_has_been_empty_since_the_day_after_its_last_membership_ended():
    memberships = [
        member(Seat.DCF, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)),
        member(Seat.DCF, datetime.date(2024, 7, 1), datetime.date(2025, 12, 31)),
        member(Seat.DCF, datetime.date(2024, 2, 1), datetime.date(2025, 3, 31)),
        member(Seat.MEDICAL, datetime.date(2024, 1, 1), ON - DAY),  # another seat: ignored
    ]
    status = seat_status(_team(), Seat.DCF, memberships, on=ON)
    assert not status.filled
    assert status.holders == ()
    assert status.empty_since == datetime.date(2026, 1, 1)


def test_a_seat_whose_membership_ended_the_day_before_has_been_empty_since_that_day():
    status = seat_status(_team(), Seat.DCF, [member(Seat.DCF, ON - 30 * DAY, ON - DAY)], on=ON)
    assert status.empty_since == ON


def test_a_seat_never_filled_has_been_empty_since_the_team_was_established():
    status = seat_status(_team(datetime.date(2024, 1, 1)), Seat.DCF, [], on=ON)
    assert not status.filled
    assert status.empty_since == datetime.date(2024, 1, 1)


def test_a_seat_never_filled_of_a_team_without_an_established_date_has_no_empty_since_date():
    status = seat_status(_team(established_on=None), Seat.DCF, [], on=ON)
    assert not status.filled
    assert status.empty_since is None


def test_a_membership_starting_later_does_not_fill_the_seat_or_move_the_vacancy():
    memberships = [
        member(Seat.DCF, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
        member(Seat.DCF, ON + DAY, ON + 90 * DAY),
    ]
    status = seat_status(_team(), Seat.DCF, memberships, on=ON)
    assert not status.filled
    assert status.empty_since == datetime.date(2026, 1, 1)


def test_seat_holders_are_ordered_primary_first_then_by_start_date():
    late_primary = member(Seat.MEDICAL, ON - 10 * DAY)
    early_alternate = member(Seat.MEDICAL, ON - 300 * DAY, is_primary=False)
    early_primary = member(Seat.MEDICAL, ON - 200 * DAY)
    ended = member(Seat.MEDICAL, ON - 400 * DAY, ON - DAY)
    status = seat_status(
        _team(), Seat.MEDICAL, [late_primary, early_alternate, ended, early_primary], on=ON
    )
    assert status.holders == (early_primary, late_primary, early_alternate)
    assert status.seat == Seat.MEDICAL


# --- Date ranges ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param((ON, ON + DAY), (ON + 2 * DAY, None), False, id="day-after-the-end-is-clear"),
        pytest.param((ON, ON + DAY), (ON + DAY, None), True, id="start-on-the-end-day-overlaps"),
        pytest.param((ON, None), (ON + 900 * DAY, None), True, id="open-ended-overlaps-later"),
        pytest.param((ON, None), (ON - 9 * DAY, ON - DAY), False, id="range-before-open-is-clear"),
        pytest.param((ON, None), (ON - 9 * DAY, ON), True, id="range-ending-on-open-start"),
        pytest.param((ON, ON), (ON, ON), True, id="same-single-day"),
    ],
)
def test_two_date_ranges_overlap_when_they_share_at_least_one_day(a, b, expected):
    assert overlaps(*a, *b) is expected
    assert overlaps(*b, *a) is expected


def test_active_memberships_are_those_active_on_the_day():
    today_only = member(Seat.DCF, ON, ON)
    ended = member(Seat.DCF, ON - 9 * DAY, ON - DAY)
    assert rules.active_memberships([today_only, ended], ON) == [today_only]
