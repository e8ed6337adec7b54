"""Fixtures for the teams tests, built on the shared `cast` through the real services.

new_haven_team     "New Haven MDT", New Haven district, hosted by cast.cac (established 2024-01-01)
hartford_team      "Hartford MDT", Hartford district, hosted by another CAC (hartford_cac)
sao_new_haven      the prosecutor's office (State's attorney, New Haven district)
sao_hartford       a State's attorney's office of the Hartford district
dcf_office         the DCF worker's office
ysb                a youth services bureau in New Haven
state_police       a State police troop
hospital           a hospital (fits the medical seat; no agency rule there)
interviewer_without_credential / interviewer_with(issued_on=, expires_on=)
liaison            DCF's statewide trafficking liaison (a DCF account with the flag)
seat_member(...)   membership_add by the host CAC's coordinator
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.accounts.services import user_create
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create, credential_add, personnel_create
from haven.teams.services import membership_add, team_create

ESTABLISHED = datetime.date(2024, 1, 1)
PASSWORD = "correct horse battery staple 42"
TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture
def new_haven(db) -> District:
    return District.objects.get(slug="new-haven")


@pytest.fixture
def hartford(db) -> District:
    return District.objects.get(slug="hartford")


@pytest.fixture
def new_haven_team(cast, new_haven):
    return team_create(
        actor=cast.coordinator,
        name="New Haven MDT",
        district=new_haven,
        host_cac=cast.cac,
        established_on=ESTABLISHED,
    )


@pytest.fixture
def hartford_cac(cast, hartford):
    return agency_create(
        actor=cast.security_officer,
        name="Hartford CAC",
        kind=AgencyKind.CAC,
        district=hartford,
        town="Hartford",
    )


@pytest.fixture
def hartford_coordinator(cast, hartford_cac) -> User:
    return user_create(
        actor=cast.security_officer,
        email="hana@hartfordcac.test",
        full_name="Hana Brandt",
        discipline=Discipline.COORDINATOR,
        agency=hartford_cac,
        password=PASSWORD,
    )


@pytest.fixture
def hartford_team(hartford_coordinator, hartford, hartford_cac):
    return team_create(
        actor=hartford_coordinator,
        name="Hartford MDT",
        district=hartford,
        host_cac=hartford_cac,
        established_on=ESTABLISHED,
    )


@pytest.fixture
def sao_new_haven(cast):
    return cast.prosecutor.agency


@pytest.fixture
def sao_hartford(cast, hartford):
    return agency_create(
        actor=cast.security_officer,
        name="SAO Hartford",
        kind=AgencyKind.STATES_ATTORNEY,
        district=hartford,
    )


@pytest.fixture
def dcf_office(cast):
    return cast.dcf_worker.agency


@pytest.fixture
def ysb(cast, new_haven):
    return agency_create(
        actor=cast.security_officer,
        name="New Haven Youth Service Bureau",
        kind=AgencyKind.YOUTH_SERVICES,
        district=new_haven,
    )


@pytest.fixture
def state_police(cast, new_haven):
    return agency_create(
        actor=cast.security_officer,
        name="State Police Troop I",
        kind=AgencyKind.STATE_POLICE,
        district=new_haven,
    )


@pytest.fixture
def hospital(cast, new_haven):
    return agency_create(
        actor=cast.security_officer,
        name="Yale New Haven Hospital",
        kind=AgencyKind.HOSPITAL,
        district=new_haven,
    )


@pytest.fixture
def agencies(cast, sao_new_haven, sao_hartford, dcf_office, ysb, state_police, hospital):
    """Every agency of the fixtures by a short name, for parametrised seat rules."""
    return {
        "sao_new_haven": sao_new_haven,
        "sao_hartford": sao_hartford,
        "dcf_office": dcf_office,
        "ysb": ysb,
        "municipal_police": cast.police,
        "municipal_police_elsewhere": cast.police_elsewhere,
        "state_police": state_police,
        "hospital": hospital,
        "cac": cast.cac,
    }


@pytest.fixture
def person(cast):
    """person(agency, name) -> a directory person (no Haven account)."""

    def _person(agency, full_name):
        return personnel_create(actor=cast.security_officer, agency=agency, full_name=full_name)

    return _person


@pytest.fixture
def interviewer_without_credential(cast, person):
    return person(cast.cac, "Quinn Abara")


@pytest.fixture
def interviewer_with(cast, person):
    """interviewer_with(issued_on=, expires_on=None) -> a directory person holding that
    fi_foundational credential."""

    def _interviewer(*, issued_on, expires_on=None, name="Rosa Lind"):
        someone = person(cast.cac, name)
        credential_add(
            actor=cast.security_officer,
            personnel=someone,
            kind="fi_foundational",
            issued_on=issued_on,
            expires_on=expires_on,
        )
        return someone

    return _interviewer


@pytest.fixture
def make_user(cast):
    """make_user(email, name, discipline, agency, **extra) -> a Haven account."""

    def _make(email, full_name, discipline, agency, **extra):
        return user_create(
            actor=cast.security_officer,
            email=email,
            full_name=full_name,
            discipline=discipline,
            agency=agency,
            password=PASSWORD,
            **extra,
        )

    return _make


@pytest.fixture
def liaison(make_user, dcf_office) -> User:
    """DCF's statewide trafficking liaison."""
    user = make_user("lena@dcf.test", "Lena Statewide", Discipline.DCF, dcf_office)
    user.is_statewide_liaison = True
    user.save(update_fields=["is_statewide_liaison"])
    return user


@pytest.fixture
def seat_member(cast):
    """seat_member(team, seat, who, starts_on, ends_on=None, is_primary=True, actor=None):
    seat a Haven user or a directory person through membership_add."""

    def _seat(team, seat, who, starts_on, ends_on=None, *, is_primary=True, actor=None):
        person_kwargs = {"user": who} if isinstance(who, User) else {"personnel": who}
        return membership_add(
            actor=actor or cast.coordinator,
            team=team,
            seat=seat,
            starts_on=starts_on,
            ends_on=ends_on,
            is_primary=is_primary,
            **person_kwargs,
        )

    return _seat


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded protocol files land in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def upload():
    """upload(content, name="protocol.pdf", content_type="application/pdf") -> an uploaded file."""

    def _upload(content: bytes, name: str = "protocol.pdf", content_type="application/pdf"):
        return SimpleUploadedFile(name, content, content_type=content_type)

    return _upload
