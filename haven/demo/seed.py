"""Build the demo data through the real services, deterministically from a seed."""

import datetime
import random

from django.db import transaction

from haven.accounts.models import User
from haven.accounts.services import user_create
from haven.demo.data import (
    DEMO_EMAIL_DOMAIN,
    DEMO_LIAISON_EMAIL,
    DEMO_LIAISON_NAME,
    DEMO_PASSWORD,
    DEMO_USERS,
    FIRST_NAMES,
    LAST_NAMES,
    NAMED_CACS,
)
from haven.directory.models import Agency, AgencyKind, CredentialKind, District
from haven.directory.services import agency_create, credential_add, personnel_create

HOME_DISTRICT = "New Haven"


def demo_email(discipline: str) -> str:
    return f"{discipline.replace('_', '.')}@{DEMO_EMAIL_DOMAIN}"


def _agencies_for(actor, district: District, rng: random.Random) -> dict[str, Agency]:
    seat = district.court_seats[0].split(" or ")[0]
    specs = {
        "cac": (
            NAMED_CACS.get(district.name, f"{district.name} Child Advocacy Center (demo)"),
            AgencyKind.CAC,
        ),
        "dcf": (f"DCF {district.name} Area Office (demo)", AgencyKind.DCF_OFFICE),
        "police": (f"{seat} Police Department (demo)", AgencyKind.MUNICIPAL_POLICE),
        "states_attorney": (
            f"Office of the State's Attorney, {district.name} J.D.",
            AgencyKind.STATES_ATTORNEY,
        ),
        "hospital": (f"{seat} Regional Hospital (demo)", AgencyKind.HOSPITAL),
        "mental_health": (f"{seat} Child Guidance Clinic (demo)", AgencyKind.MENTAL_HEALTH),
        "youth_services": (f"{seat} Youth Services Bureau (demo)", AgencyKind.YOUTH_SERVICES),
        "school": (f"{seat} Public Schools (demo)", AgencyKind.SCHOOL_DISTRICT),
        "lodging": (f"{seat} Harbor Inn (demo)", AgencyKind.LODGING),
        "court": (f"Superior Court, {district.name} J.D.", AgencyKind.COURT),
        "public_defender": (f"Public Defender, {district.name} J.D.", AgencyKind.PUBLIC_DEFENDER),
        # The other workplaces of the § 17a-106h training audiences.
        "law_firm": (f"{seat} Criminal Defense Associates (demo)", AgencyKind.LAW_FIRM),
        "urgent_care": (f"{seat} Walk-in Urgent Care (demo)", AgencyKind.URGENT_CARE),
        "college": (f"{seat} State Community College campus (demo)", AgencyKind.HIGHER_EDUCATION),
    }
    made = {}
    for key, (name, kind) in specs.items():
        existing = Agency.objects.filter(name__iexact=name, kind=kind).first()
        made[key] = existing or agency_create(
            actor=actor,
            name=name,
            kind=kind,
            district=district,
            town=seat,
            phone=f"(203) 555-{rng.randint(1000, 9999)}",
        )
    return made


@transaction.atomic
def seed_demo(*, seed: int = 2026, today: datetime.date | None = None) -> dict:
    """Create districts' agencies, personnel, credentials and one user per discipline."""
    rng = random.Random(seed)
    today = today or datetime.date(2026, 11, 1)
    if User.objects.filter(email=demo_email("security_officer")).exists():
        return {"created": False}

    districts = list(District.objects.order_by("name"))
    if len(districts) != 13:
        raise RuntimeError("Expected the 13 judicial districts from the directory migration.")
    home = next(d for d in districts if d.name == HOME_DISTRICT)

    # The security officer is the first account; every later record is created by them.
    officer = User.objects.create_user(
        email=demo_email("security_officer"),
        password=DEMO_PASSWORD,
        full_name=DEMO_USERS[0][1],
        discipline="security_officer",
    )
    by_district = {d.name: _agencies_for(officer, d, rng) for d in districts}
    home_agencies = by_district[HOME_DISTRICT]
    officer.agency = home_agencies["cac"]
    officer.save(update_fields=["agency"])

    users = [officer]
    for discipline, full_name, agency_key in DEMO_USERS[1:]:
        agency = home_agencies[agency_key]
        personnel = personnel_create(
            actor=officer, agency=agency, full_name=full_name, email=demo_email(discipline)
        )
        users.append(
            user_create(
                actor=officer,
                email=demo_email(discipline),
                full_name=full_name,
                discipline=discipline,
                agency=agency,
                personnel=personnel,
                password=DEMO_PASSWORD,
            )
        )
        if discipline == "forensic_interviewer":
            credential_add(
                actor=officer,
                personnel=personnel,
                kind=CredentialKind.FI_FOUNDATIONAL,
                issued_on=datetime.date(2019, 3, 12),
                issuer="CornerHouse (demo)",
            )
            credential_add(
                actor=officer,
                personnel=personnel,
                kind=CredentialKind.FI_PEER_REVIEW,
                issued_on=today - datetime.timedelta(days=60),
                expires_on=today + datetime.timedelta(days=122),
                issuer=home_agencies["cac"].name,
            )

    # A few more personnel per CAC, some with lapsed credentials, for realistic lists.
    for district in districts:
        cac = by_district[district.name]["cac"]
        for _ in range(2):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            person = personnel_create(
                actor=officer, agency=cac, full_name=name, title="Forensic interviewer"
            )
            issued = today - datetime.timedelta(days=rng.randint(200, 2000))
            credential_add(
                actor=officer,
                personnel=person,
                kind=CredentialKind.FI_FOUNDATIONAL,
                issued_on=issued,
                issuer="CornerHouse (demo)",
            )
            review = today - datetime.timedelta(days=rng.randint(30, 300))
            credential_add(
                actor=officer,
                personnel=person,
                kind=CredentialKind.FI_PEER_REVIEW,
                issued_on=review,
                expires_on=review + datetime.timedelta(days=182),
                issuer=cac.name,
            )
    from haven.demo.interviews import seed_interview_rooms
    from haven.demo.teams import seed_teams

    liaison = user_create(
        actor=officer,
        email=DEMO_LIAISON_EMAIL,
        full_name=DEMO_LIAISON_NAME,
        discipline="dcf",
        agency=home_agencies["dcf"],
        password=DEMO_PASSWORD,
        is_statewide_liaison=True,
    )
    users.append(liaison)
    teams = seed_teams(
        officer=officer,
        by_district=by_district,
        demo_users={u.discipline: u for u in users if u != liaison},
        names=(FIRST_NAMES, LAST_NAMES),
        rng=rng,
        password=DEMO_PASSWORD,
        today=today,
    )
    seed_interview_rooms()
    from haven.demo.training import seed_training

    seed_training(today=today)
    return {"created": True, "users": users, "home": home, "teams": teams}
