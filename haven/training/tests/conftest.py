import datetime

import pytest

from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create
from haven.training import services
from haven.training.models import Audience


@pytest.fixture
def hotels(cast):
    district = District.objects.get(slug="new-haven")

    def make(name):
        return agency_create(
            actor=cast.security_officer, name=name, kind=AgencyKind.LODGING, district=district
        )

    return make("Harbor Inn"), make("Elm Motel")


@pytest.fixture
def school(cast):
    return agency_create(
        actor=cast.security_officer,
        name="New Haven Public Schools",
        kind=AgencyKind.SCHOOL_DISTRICT,
        district=District.objects.get(slug="new-haven"),
    )


@pytest.fixture
def lodging_program(cast):
    program = services.program_create(
        actor=cast.trainer,
        title="Recognising trafficking at hotels",
        audience=Audience.LODGING,
        citation="Gen. Stat. § 17a-106g",
        passing_score=50,
    )
    services.module_add_reading(
        actor=cast.trainer, program=program, title="Signs", body="Watch for these signs."
    )
    services.module_add_quiz(
        actor=cast.trainer,
        program=program,
        title="Check",
        questions=[
            services.QuestionIn(
                "A sign?", [("Cash only, many keys", True), ("Wi-Fi", False)], "Why"
            ),
            services.QuestionIn("Report to?", [("Police or DCF", True), ("Nobody", False)]),
        ],
    )
    return program


def correct_answers(module):
    return {
        str(q.pk): str(next(c for c in q.choices.all() if c.is_correct).public_id)
        for q in module.questions.all()
    }


def wrong_answers(module):
    return {
        str(q.pk): str(next(c for c in q.choices.all() if not c.is_correct).public_id)
        for q in module.questions.all()
    }


TODAY = datetime.date(2026, 3, 1)
