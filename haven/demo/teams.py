"""Demo multidisciplinary teams: the confirmed ones from shared/reference/ct.json and a
plausible team for every other judicial district (marked demo), seated through the
real services, with a few deliberate empty seats."""

import datetime
import random

from django.utils.text import slugify

from haven.accounts.models import User
from haven.accounts.services import user_create
from haven.directory.models import Agency, CredentialKind
from haven.directory.services import credential_add, personnel_create
from haven.teams.models import Seat, TeamStatus
from haven.teams.services import membership_add, team_create

# Confirmed on public pages (ct.json children_advocacy_network.confirmed).
CONFIRMED_TEAMS = {
    "New Haven": "New Haven MDT",
    "Ansonia-Milford": "Ansonia/Milford MDT",
    "Fairfield": "MDT of Greater Bridgeport",
    "Stamford-Norwalk": "Multidisciplinary Team of Greater Norwalk",
}

# Deliberate vacancies, so the gap banner and the statewide view have something to show.
NEVER_FILLED = {
    "Waterbury": Seat.MEDICAL,
    "Tolland": Seat.VICTIM_ADVOCATE,
    "Windham": Seat.YOUTH_SERVICES,
}
ENDED = {"Danbury": (Seat.STATES_ATTORNEY, datetime.date(2026, 9, 30))}

SEAT_AGENCY = {
    Seat.STATES_ATTORNEY: "states_attorney",
    Seat.DCF: "dcf",
    Seat.LAW_ENFORCEMENT: "police",
    Seat.MEDICAL: "hospital",
    Seat.MENTAL_HEALTH: "mental_health",
    Seat.FORENSIC_INTERVIEWER: "cac",
    Seat.VICTIM_ADVOCATE: "cac",
    Seat.YOUTH_SERVICES: "youth_services",
}
SEAT_TITLES = {
    Seat.STATES_ATTORNEY: "Senior Assistant State's Attorney",
    Seat.DCF: "DCF Investigations Supervisor",
    Seat.LAW_ENFORCEMENT: "Detective Sergeant",
    Seat.MEDICAL: "Child abuse pediatrician",
    Seat.MENTAL_HEALTH: "Clinical director",
    Seat.FORENSIC_INTERVIEWER: "Forensic interviewer",
    Seat.VICTIM_ADVOCATE: "Victim advocate",
    Seat.YOUTH_SERVICES: "Youth services director",
}
DEMO_SEAT_USERS = {
    Seat.STATES_ATTORNEY: "states_attorney",
    Seat.DCF: "dcf",
    Seat.LAW_ENFORCEMENT: "law_enforcement",
    Seat.MEDICAL: "medical",
    Seat.MENTAL_HEALTH: "mental_health",
    Seat.FORENSIC_INTERVIEWER: "forensic_interviewer",
    Seat.VICTIM_ADVOCATE: "victim_advocate",
    Seat.YOUTH_SERVICES: "youth_services",
}


def district_coordinator_email(district_name: str) -> str:
    from haven.demo.data import DEMO_EMAIL_DOMAIN

    return f"coordinator.{slugify(district_name)}@{DEMO_EMAIL_DOMAIN}"


def seed_teams(
    *,
    officer: User,
    by_district: dict,
    demo_users: dict[str, User],
    names,
    rng: random.Random,
    password: str,
    today: datetime.date,
) -> list:
    teams = []
    for district_name in sorted(by_district):
        agencies: dict[str, Agency] = by_district[district_name]
        cac = agencies["cac"]
        coordinator = demo_users.get("coordinator") if district_name == "New Haven" else None
        if coordinator is None:
            coordinator = user_create(
                actor=officer,
                email=district_coordinator_email(district_name),
                full_name=f"{rng.choice(names[0])} {rng.choice(names[1])}",
                discipline="coordinator",
                agency=cac,
                password=password,
            )
        confirmed = CONFIRMED_TEAMS.get(district_name)
        established = datetime.date(rng.randint(2005, 2019), rng.randint(1, 12), 1)
        team = team_create(
            actor=coordinator,
            name=confirmed or f"{district_name} MDT (demo)",
            district=cac.district,
            host_cac=cac,
            area=", ".join(cac.district.court_seats),
            dcf_designee=f"DCF Regional Administrator, {district_name} (demo)",
            states_attorney_designee=f"State's Attorney, {district_name} J.D. (demo)",
            established_on=established,
            status=TeamStatus.ACTIVE,
            contact_name=coordinator.full_name,
            contact_email=coordinator.email,
            is_demo=confirmed is None,
        )
        for seat, agency_key in SEAT_AGENCY.items():
            if NEVER_FILLED.get(district_name) == seat:
                continue
            starts = today - datetime.timedelta(days=rng.randint(60, 2000))
            ends = None
            if district_name in ENDED and ENDED[district_name][0] == seat:
                ends = ENDED[district_name][1]
            user = demo_users.get(DEMO_SEAT_USERS[seat]) if district_name == "New Haven" else None
            if user is not None:
                membership_add(
                    actor=coordinator,
                    team=team,
                    seat=seat,
                    user=user,
                    starts_on=starts,
                    ends_on=ends,
                )
                continue
            agency = agencies[agency_key]
            person = personnel_create(
                actor=officer,
                agency=agency,
                title=SEAT_TITLES[seat],
                full_name=f"{rng.choice(names[0])} {rng.choice(names[1])}",
            )
            if seat == Seat.FORENSIC_INTERVIEWER:
                credential_add(
                    actor=officer,
                    personnel=person,
                    kind=CredentialKind.FI_FOUNDATIONAL,
                    issued_on=starts - datetime.timedelta(days=rng.randint(30, 900)),
                    issuer="CornerHouse (demo)",
                )
            membership_add(
                actor=coordinator,
                team=team,
                seat=seat,
                personnel=person,
                starts_on=starts,
                ends_on=ends,
            )
        # An alternate in the law-enforcement seat, as most teams have.
        if rng.random() < 0.5:
            alternate = personnel_create(
                actor=officer,
                agency=agencies["police"],
                title="Detective",
                full_name=f"{rng.choice(names[0])} {rng.choice(names[1])}",
            )
            membership_add(
                actor=coordinator,
                team=team,
                seat=Seat.LAW_ENFORCEMENT,
                personnel=alternate,
                is_primary=False,
                starts_on=today - datetime.timedelta(days=rng.randint(30, 400)),
            )
        teams.append(team)
    _seed_protocols(teams, today=today)
    return teams


PROTOCOL_TEXT = """Purpose. This protocol sets out how the team's member agencies coordinate the
investigation of reported child abuse, neglect and trafficking, so that a child is
interviewed once, by a trained forensic interviewer, with the team observing.

1. Referral. Law enforcement and DCF refer qualifying cases to the CAC within 24 hours
   where practicable and no later than 72 hours.
2. Forensic interview. Conducted at the CAC by a credentialed forensic interviewer and
   recorded; team members observe from the observation room.
3. Investigation. Criminal investigative work is done by law enforcement members and
   child-protection investigative work by DCF members (Gen. Stat. § 17a-106f).
4. Case review. Open cases are reviewed at the monthly case review meeting.

(Demo text.)"""


def _seed_protocols(teams, *, today: datetime.date) -> None:
    from haven.teams.services import (
        member_agencies,
        protocol_adopt,
        protocol_draft,
        protocol_signoff,
    )

    by_name = {t.name: t for t in teams}
    new_haven = by_name.get("New Haven MDT")
    if new_haven is not None:
        manager = User.objects.get(email=new_haven.contact_email)
        version = protocol_draft(
            actor=manager, team=new_haven, title="Joint investigation protocol", body=PROTOCOL_TEXT
        )
        signed_on = today - datetime.timedelta(days=40)
        for agency in member_agencies(new_haven, on=signed_on):
            protocol_signoff(actor=manager, version=version, agency=agency, signed_on=signed_on)
        protocol_adopt(actor=manager, version=version, adopted_on=signed_on)
        protocol_draft(
            actor=manager,
            team=new_haven,
            title="Joint investigation protocol",
            body=PROTOCOL_TEXT + "\n5. Trafficking cases are reviewed every two weeks.",
        )
