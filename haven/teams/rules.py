"""Statutory rules for multidisciplinary teams (Gen. Stat. § 17a-106f).

Each MDT "shall consist of at least one representative of each" listed seat; the
youth services bureau seat applies "where appropriate" and "other" experts are
optional. Some seats can only be filled by certain people; `seat_misfit` says why
a person does not fit a seat, `team_composition_gaps` which seats are empty.
"""

import datetime
from dataclasses import dataclass

from haven.directory.models import POLICE_KINDS, Agency, AgencyKind, CredentialKind
from haven.directory.rules import holds_current_credential
from haven.teams.models import Membership, Seat, Team

CITATION = "Gen. Stat. § 17a-106f"

REQUIRED_SEATS = (
    Seat.STATES_ATTORNEY,
    Seat.DCF,
    Seat.LAW_ENFORCEMENT,
    Seat.MEDICAL,
    Seat.MENTAL_HEALTH,
    Seat.FORENSIC_INTERVIEWER,
    Seat.VICTIM_ADVOCATE,
)
ADVISORY_SEATS = (Seat.YOUTH_SERVICES,)
OPTIONAL_SEATS = (Seat.OTHER_EXPERT,)
ALL_SEATS = REQUIRED_SEATS + ADVISORY_SEATS + OPTIONAL_SEATS


@dataclass(frozen=True)
class SeatGap:
    seat: Seat
    advisory: bool
    citation: str = CITATION

    @property
    def message(self) -> str:
        if self.advisory:
            return f"No member in the seat: {self.seat.label} (advisory)."
        return f"No active member in the seat: {self.seat.label}."


def seat_misfit(
    *, seat: str, team: Team, agency: Agency, credentials, on: datetime.date
) -> str | None:
    """Why this person cannot sit in `seat` of `team`, or None if they can.

    `credentials` are the person's directory credentials; `on` is the first day of
    the membership.
    """
    seat = Seat(seat)
    if seat == Seat.STATES_ATTORNEY:
        if agency.kind != AgencyKind.STATES_ATTORNEY:
            return "The State's attorney seat is filled from a State's attorney's office."
        if agency.district_id != team.district_id:
            return (
                "The State's attorney seat is filled from the State's attorney's office of the "
                f"team's own judicial district ({team.district.name})."
            )
    elif seat == Seat.LAW_ENFORCEMENT:
        if agency.kind not in POLICE_KINDS:
            return "The law-enforcement seat is filled from a local or State police agency."
    elif seat == Seat.DCF:
        if agency.kind != AgencyKind.DCF_OFFICE:
            return "The DCF seat is filled from the Department of Children and Families."
    elif seat == Seat.YOUTH_SERVICES:
        if agency.kind != AgencyKind.YOUTH_SERVICES:
            return "The youth services seat is filled from a youth services bureau."
    elif seat == Seat.FORENSIC_INTERVIEWER:
        if not holds_current_credential(credentials, CredentialKind.FI_FOUNDATIONAL, on=on):
            return (
                "The forensic-interviewer seat needs a current forensic-interviewer credential "
                f"(foundational training) on {on:%B %-d, %Y}; record it in the directory first."
            )
    return None


def active_memberships(memberships, on: datetime.date) -> list[Membership]:
    return [m for m in memberships if m.is_active_on(on)]


def team_composition_gaps(team: Team, *, on: datetime.date, memberships=None) -> list[SeatGap]:
    """Each required seat with no active member on `on`, then the advisory seat if empty.

    Pass `memberships` (the team's, already fetched) to avoid a query.
    """
    if memberships is None:
        memberships = list(team.memberships.all())
    filled = {m.seat for m in active_memberships(memberships, on)}
    gaps = [SeatGap(seat, advisory=False) for seat in REQUIRED_SEATS if seat not in filled]
    gaps += [SeatGap(seat, advisory=True) for seat in ADVISORY_SEATS if seat not in filled]
    return gaps


@dataclass(frozen=True)
class SeatStatus:
    seat: Seat
    holders: tuple[Membership, ...]
    empty_since: datetime.date | None  # first day of the current vacancy, if known

    @property
    def filled(self) -> bool:
        return bool(self.holders)


def seat_status(team: Team, seat: str, memberships, *, on: datetime.date) -> SeatStatus:
    """Who holds `seat` on `on`; if nobody, since when it has been empty.

    A vacancy starts the day after the last membership in the seat ended; a seat
    never filled has been empty since the team was established (unknown if that
    date is not recorded).
    """
    in_seat = [m for m in memberships if m.seat == seat]
    holders = tuple(
        sorted(
            (m for m in in_seat if m.is_active_on(on)),
            key=lambda m: (not m.is_primary, m.starts_on),
        )
    )
    if holders:
        return SeatStatus(Seat(seat), holders, None)
    ended = [m.ends_on for m in in_seat if m.ends_on is not None and m.ends_on < on]
    since = max(ended) + datetime.timedelta(days=1) if ended else team.established_on
    return SeatStatus(Seat(seat), (), since)


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Two date ranges (end None = open) share at least one day."""
    far = datetime.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)
