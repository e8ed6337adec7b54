"""Shared test fixtures: a small named cast of users, built through the real services.

security officer  Sam (New Haven CAC)     coordinator  Carmen (New Haven CAC)
detective         Luis (New Haven police) detective from another town: Harriet (Hartford)
DCF worker        Dana                    therapist    Noah (mental health)
interviewer       Frances                 prosecutor   Paula
... and one user for each remaining discipline, plus a disabled account.
"""

import datetime
from dataclasses import dataclass

import pytest

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.accounts.services import user_create, user_disable
from haven.directory.models import Agency, AgencyKind, District
from haven.directory.services import agency_create, credential_add, personnel_create
from haven.testing.browser_fixtures import (  # noqa: F401  (browser tests in every app)
    browser,
    chromium_path,
    new_context,
    server,
)
from haven.testing.browser_summary import (  # noqa: F401  (the summary line's hooks)
    pytest_collectreport,
    pytest_deselected,
    pytest_runtest_logreport,
    pytest_terminal_summary,
)

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    security_officer: User
    coordinator: User
    intake: User
    detective: User
    detective_elsewhere: User
    dcf_worker: User
    prosecutor: User
    doctor: User
    therapist: User
    interviewer: User
    advocate: User
    youth_worker: User
    expert: User
    trainer: User
    disabled: User
    cac: Agency
    police: Agency
    police_elsewhere: Agency

    def by_discipline(self) -> dict[str, User]:
        """One active user per discipline."""
        people = [
            self.security_officer,
            self.coordinator,
            self.intake,
            self.detective,
            self.dcf_worker,
            self.prosecutor,
            self.doctor,
            self.therapist,
            self.interviewer,
            self.advocate,
            self.youth_worker,
            self.expert,
            self.trainer,
        ]
        return {u.discipline: u for u in people}


def make_cast() -> Cast:
    officer = User.objects.create_user(
        email="sam@cac.test",
        password=PASSWORD,
        full_name="Sam Okafor",
        discipline=Discipline.SECURITY_OFFICER,
    )
    new_haven = District.objects.get(slug="new-haven")
    hartford = District.objects.get(slug="hartford")
    cac = agency_create(
        actor=officer,
        name="New Haven CAC",
        kind=AgencyKind.CAC,
        district=new_haven,
        town="New Haven",
    )
    police = agency_create(
        actor=officer,
        name="New Haven Police",
        kind=AgencyKind.MUNICIPAL_POLICE,
        district=new_haven,
        town="New Haven",
    )
    police_elsewhere = agency_create(
        actor=officer,
        name="Hartford Police",
        kind=AgencyKind.MUNICIPAL_POLICE,
        district=hartford,
        town="Hartford",
    )
    dcf = agency_create(
        actor=officer, name="DCF New Haven", kind=AgencyKind.DCF_OFFICE, district=new_haven
    )
    sao = agency_create(
        actor=officer, name="SAO New Haven", kind=AgencyKind.STATES_ATTORNEY, district=new_haven
    )
    officer.agency = cac
    officer.save(update_fields=["agency"])

    def make(email, name, discipline, agency):
        return user_create(
            actor=officer,
            email=email,
            full_name=name,
            discipline=discipline,
            agency=agency,
            password=PASSWORD,
        )

    interviewer_person = personnel_create(actor=officer, agency=cac, full_name="Frances Moreau")
    credential_add(
        actor=officer,
        personnel=interviewer_person,
        kind="fi_foundational",
        issued_on=datetime.date(2022, 1, 10),
    )
    interviewer = user_create(
        actor=officer,
        email="frances@cac.test",
        full_name="Frances Moreau",
        discipline=Discipline.FORENSIC_INTERVIEWER,
        agency=cac,
        personnel=interviewer_person,
        password=PASSWORD,
    )
    disabled = make("gone@cac.test", "Gina Former", Discipline.INTAKE, cac)
    disabled = user_disable(actor=officer, user=disabled)
    return Cast(
        security_officer=officer,
        coordinator=make("carmen@cac.test", "Carmen Reyes", Discipline.COORDINATOR, cac),
        intake=make("ivy@cac.test", "Ivy Chen", Discipline.INTAKE, cac),
        detective=make("luis@nhpd.test", "Luis Ortega", Discipline.LAW_ENFORCEMENT, police),
        detective_elsewhere=make(
            "harriet@hpd.test", "Harriet Vance", Discipline.LAW_ENFORCEMENT, police_elsewhere
        ),
        dcf_worker=make("dana@dcf.test", "Dana Whitaker", Discipline.DCF, dcf),
        prosecutor=make("paula@sao.test", "Paula Grant", Discipline.STATES_ATTORNEY, sao),
        doctor=make("maya@hospital.test", "Maya Brooks", Discipline.MEDICAL, cac),
        therapist=make("noah@clinic.test", "Noah Lindqvist", Discipline.MENTAL_HEALTH, cac),
        interviewer=interviewer,
        advocate=make("vanessa@cac.test", "Vanessa Hall", Discipline.VICTIM_ADVOCATE, cac),
        youth_worker=make("yusuf@ysb.test", "Yusuf Karim", Discipline.YOUTH_SERVICES, cac),
        expert=make("olivia@cac.test", "Olivia Stanton", Discipline.OTHER_EXPERT, cac),
        trainer=make("terrence@dcf.test", "Terrence Boyd", Discipline.TRAINING_ADMIN, dcf),
        disabled=disabled,
        cac=cac,
        police=police,
        police_elsewhere=police_elsewhere,
    )


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""
    from django.test import Client

    def _client(user):
        c = Client()
        c.force_login(user)
        return c

    return _client
