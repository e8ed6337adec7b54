"""The training API: the same services and rules as the pages."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from haven.api.tests.support import assert_problem
from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent
from haven.training import services
from haven.training.models import Audience, Completion, Enrolment, Program
from haven.training.tests.conftest import correct_answers, wrong_answers

pytestmark = pytest.mark.django_db

API = "/api/v1/training"


@pytest.fixture
def api_as(cast):
    def _client(user):
        _, raw = token_create_by_operator(
            user=user, name="training", days=1, scope=Scope.READ_WRITE
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def _register(program, employer, email, name="Rosa Diaz", **kw):
    _reg, token = services.registration_request(
        full_name=name, email=email, employer=employer, program=program, **kw
    )
    return services.registration_confirm(token=token)


def _choices(module, answers):
    """The API's form of the answers: the chosen choices' ids."""
    return list(answers(module).values())


def _le_program(cast):
    program = services.program_create(
        actor=cast.trainer,
        title="Law enforcement: trafficking of minors",
        audience=Audience.LAW_ENFORCEMENT,
        citation="Gen. Stat. § 17a-106f(b)",
        passing_score=50,
    )
    services.module_add_reading(
        actor=cast.trainer, program=program, title="Laws and protocols", body="Text."
    )
    services.module_add_quiz(
        actor=cast.trainer,
        program=program,
        title="Check",
        questions=[
            services.QuestionIn("Report to?", [("Police or DCF", True), ("No one", False)], "Why"),
            services.QuestionIn("A sign?", [("Many keys", True), ("Wi-Fi", False)]),
        ],
    )
    return program


# --- Programs and modules ------------------------------------------------------------


def test_the_training_administrator_creates_a_program_and_adds_reading_and_quiz_modules(
    cast, api_as
):
    trainer = api_as(cast.trainer)
    made = trainer.post(
        f"{API}/programs/",
        {
            "title": "Hotels: recognising trafficking",
            "audience": "lodging",
            "citation": "Gen. Stat. § 17a-106g",
            "passing_score": 75,
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["agency_kinds"] == ["lodging"] and body["passing_score"] == 75
    assert body["modules"] == []
    pid = body["id"]
    reading = trainer.post(
        f"{API}/programs/{pid}/modules/",
        {"kind": "reading", "title": "Signs", "body": "Cash only, many keys."},
        format="json",
    )
    assert reading.status_code == 201, reading.json()
    quiz = trainer.post(
        f"{API}/programs/{pid}/modules/",
        {
            "kind": "quiz",
            "title": "Check",
            "questions": [
                {
                    "text": "Report to?",
                    "explanation": "Police or the DCF Careline.",
                    "choices": [{"text": "Police or DCF", "correct": True}, {"text": "No one"}],
                }
            ],
        },
        format="json",
    )
    assert quiz.status_code == 201, quiz.json()
    assert quiz.json()["questions"][0]["choices"][0]["correct"] is True
    modules = trainer.get(f"{API}/programs/{pid}/modules/").json()
    assert [m["kind"] for m in modules] == ["reading", "quiz"]
    assert AuditEvent.objects.filter(action=Action.TRAINING_PROGRAM_CREATED).count() == 1
    assert AuditEvent.objects.filter(action=Action.TRAINING_MODULE_ADDED).count() == 2


def test_only_the_training_administrator_manages_programs_and_modules(cast, api_as):
    program = _le_program(cast)
    detective = api_as(cast.detective)
    refused = detective.post(
        f"{API}/programs/",
        {"title": "x", "audience": "lodging", "citation": "§"},
        format="json",
    )
    assert_problem(refused, 403, "forbidden")
    refused = detective.post(
        f"{API}/programs/{program.public_id}/modules/",
        {"kind": "reading", "title": "x", "body": "y"},
        format="json",
    )
    assert_problem(refused, 403, "forbidden")
    assert Program.objects.count() == 1 and program.modules.count() == 2


def test_bad_module_input_names_what_to_fix(cast, api_as):
    program = _le_program(cast)
    trainer = api_as(cast.trainer)
    url = f"{API}/programs/{program.public_id}/modules/"
    video = assert_problem(
        trainer.post(url, {"kind": "video", "title": "v"}, format="json"), 400, "invalid"
    )
    assert video["errors"][0]["field"] == "kind"
    no_questions = assert_problem(
        trainer.post(url, {"kind": "quiz", "title": "q"}, format="json"), 400, "invalid"
    )
    assert no_questions["errors"] == [
        {"field": "questions", "message": "A quiz needs its questions."}
    ]
    no_answer = trainer.post(
        url,
        {
            "kind": "quiz",
            "title": "q",
            "questions": [{"text": "Which?", "choices": [{"text": "a"}, {"text": "b"}]}],
        },
        format="json",
    )
    assert "Mark the correct answer" in assert_problem(no_answer, 400)["detail"]
    empty_reading = trainer.post(url, {"kind": "reading", "title": "r"}, format="json")
    assert assert_problem(empty_reading, 400)["errors"][0]["field"] == "body"
    unknown = trainer.post(url, {"kind": "reading", "title": "r", "x": 1}, format="json")
    assert assert_problem(unknown, 400)["errors"][0]["field"] == "x"
    missing = assert_problem(trainer.post(f"{API}/programs/", {}, format="json"), 400)
    assert {e["field"] for e in missing["errors"]} == {"title", "audience", "citation"}
    assert program.modules.count() == 2


def test_a_learner_never_sees_the_quiz_answers(cast, api_as):
    program = _le_program(cast)
    detail = api_as(cast.detective).get(f"{API}/programs/{program.public_id}/").json()
    quiz = detail["modules"][1]
    assert quiz["kind"] == "quiz"
    for question in quiz["questions"]:
        assert question["explanation"] is None
        assert {c["correct"] for c in question["choices"]} == {None}
    trainer_view = api_as(cast.trainer).get(f"{API}/programs/{program.public_id}/").json()
    assert trainer_view["modules"][1]["questions"][0]["explanation"] == "Why"


def test_unknown_program_is_a_404_problem(cast, api_as):
    missing = api_as(cast.detective).get(f"{API}/programs/{Program().public_id}/")
    assert_problem(missing, 404)


def test_anonymous_callers_get_a_401_problem(cast):
    assert_problem(APIClient().get(f"{API}/programs/"), 401)


# --- A learner's own training --------------------------------------------------------


def test_a_learner_enrols_reads_passes_the_quiz_and_gets_a_verifiable_certificate(cast, api_as):
    program = _le_program(cast)
    reading, quiz = program.modules.all()
    me = api_as(cast.detective)
    enrolled = me.post(f"{API}/programs/{program.public_id}/enrol/")
    assert enrolled.status_code == 201, enrolled.json()
    eid = enrolled.json()["id"]
    again = me.post(f"{API}/programs/{program.public_id}/enrol/")
    assert_problem(again, 400, "already_enrolled")
    assert [e["id"] for e in me.get(f"{API}/enrolments/").json()["results"]] == [eid]

    read = me.post(f"{API}/enrolments/{eid}/modules/{reading.public_id}/read/")
    assert read.status_code == 200 and read.json()["completion"] is None
    failed = me.post(
        f"{API}/enrolments/{eid}/modules/{quiz.public_id}/answers/",
        {"choices": _choices(quiz, wrong_answers)},
        format="json",
    )
    assert failed.status_code == 201
    assert failed.json()["score"] == 0 and failed.json()["passed"] is False
    progress = me.get(f"{API}/enrolments/{eid}/").json()
    assert (progress["required_done"], progress["required_total"]) == (1, 2)
    assert [m["done"] for m in progress["modules"]] == [True, False]
    assert progress["modules"][1]["best_score"] == 0

    passed = me.post(
        f"{API}/enrolments/{eid}/modules/{quiz.public_id}/answers/",
        {"choices": _choices(quiz, correct_answers)},
        format="json",
    )
    assert passed.status_code == 201
    result = passed.json()
    assert result["score"] == 100 and result["passed"] and result["passing_score"] == 50
    code = result["completion"]["verification_code"]
    completion = Completion.objects.get()
    assert code == completion.verification_code
    assert result["completion"]["next_due_on"] == completion.next_due_on.isoformat()

    listed = me.get(f"{API}/completions/").json()["results"]
    assert [c["verification_code"] for c in listed] == [code]
    check = me.post(f"{API}/completions/verify/", {"code": code.lower()}, format="json")
    assert check.json() == {
        "name": "Luis Ortega",
        "program": program.title,
        "completed_on": completion.completed_on.isoformat(),
        "valid": True,
        "valid_until": completion.next_due_on.isoformat(),
    }
    late = me.post(
        f"{API}/enrolments/{eid}/modules/{quiz.public_id}/answers/",
        {"choices": _choices(quiz, correct_answers)},
        format="json",
    )
    assert_problem(late, 400, "complete")
    read_again = me.post(f"{API}/enrolments/{eid}/modules/{reading.public_id}/read/")
    assert_problem(read_again, 409, "complete")


def test_a_forged_certificate_code_is_a_404_problem_on_its_field(cast, api_as):
    forged = api_as(cast.coordinator).post(
        f"{API}/completions/verify/", {"code": "ZZZZZZZZZZZZ"}, format="json"
    )
    body = assert_problem(forged, 404, "unknown_code")
    assert body["errors"][0]["field"] == "code"


def test_quiz_answers_after_the_deadline_are_refused_and_nothing_is_kept(cast, api_as):
    program = _le_program(cast)
    quiz = program.modules.get(kind="quiz")
    learner = services.learner_for_user(cast.detective)
    enrolment = services.enrol(
        actor=cast.trainer,
        learner=learner,
        program=program,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    late = api_as(cast.detective).post(
        f"{API}/enrolments/{enrolment.public_id}/modules/{quiz.public_id}/answers/",
        {"choices": _choices(quiz, correct_answers)},
        format="json",
    )
    assert "no longer be submitted" in assert_problem(late, 400, "deadline_passed")["detail"]
    assert not enrolment.attempts.exists()


def test_quiz_answers_must_be_one_choice_per_question_of_that_quiz(cast, api_as):
    program = _le_program(cast)
    reading, quiz = program.modules.all()
    other_quiz = _le_program(cast).modules.get(kind="quiz")
    enrolment = services.enrol(
        actor=cast.detective, learner=services.learner_for_user(cast.detective), program=program
    )
    me = api_as(cast.detective)
    url = f"{API}/enrolments/{enrolment.public_id}/modules/{quiz.public_id}/answers/"
    foreign = me.post(url, {"choices": _choices(other_quiz, correct_answers)}, format="json")
    assert "Not an answer in this quiz" in assert_problem(foreign, 400)["errors"][0]["message"]
    both = [str(c.public_id) for c in quiz.questions.first().choices.all()]
    twice = me.post(url, {"choices": both}, format="json")
    assert "Choose one answer to question 1" in assert_problem(twice, 400)["errors"][0]["message"]
    half = me.post(url, {"choices": both[:1]}, format="json")
    assert assert_problem(half, 400)["detail"] == "Answer every question before you submit."
    not_a_uuid = me.post(url, {"choices": ["abc"]}, format="json")
    assert_problem(not_a_uuid, 400, "invalid")
    reading_as_quiz = me.post(
        f"{API}/enrolments/{enrolment.public_id}/modules/{reading.public_id}/answers/",
        {"choices": []},
        format="json",
    )
    assert_problem(reading_as_quiz, 409, "wrong_module_kind")
    assert not enrolment.attempts.exists()


def test_someone_elses_enrolment_is_hidden_and_the_administrator_reads_but_does_not_act(
    cast, api_as
):
    program = _le_program(cast)
    quiz = program.modules.get(kind="quiz")
    enrolment = services.enrol(
        actor=cast.detective, learner=services.learner_for_user(cast.detective), program=program
    )
    url = f"{API}/enrolments/{enrolment.public_id}/"
    answers = f"{url}modules/{quiz.public_id}/answers/"
    body = {"choices": _choices(quiz, correct_answers)}
    colleague = api_as(cast.coordinator)
    assert_problem(colleague.get(url), 404)
    assert_problem(colleague.post(answers, body, format="json"), 404)
    assert colleague.get(f"{API}/enrolments/").json()["results"] == []
    trainer = api_as(cast.trainer)
    assert trainer.get(url).json()["learner"]["full_name"] == "Luis Ortega"
    assert AuditEvent.objects.filter(
        action=Action.VIEWED, actor=cast.trainer, object_id=str(enrolment.public_id)
    ).exists()
    assert_problem(trainer.post(answers, body, format="json"), 403, "forbidden")
    assert not enrolment.attempts.exists()


# --- Employers' contacts and compliance ----------------------------------------------


def _contact_at(cast, agency):
    cast.expert.agency = agency
    cast.expert.save(update_fields=["agency"])
    services.employer_contact_designate(actor=cast.trainer, agency=agency, user=cast.expert)
    return cast.expert


def test_an_employers_contact_sees_only_their_own_staffs_records(
    cast, api_as, hotels, lodging_program
):
    harbor, elm = hotels
    rosa, rosa_enrolment = _register(lodging_program, harbor, "rosa@harbor.test")
    eli, eli_enrolment = _register(lodging_program, elm, "eli@elm.test", name="Eli Stone")
    for learner in (rosa, eli):
        services.session_sign_in(
            actor=cast.trainer,
            session=services.session_schedule(
                actor=cast.trainer,
                program=lodging_program,
                starts_at=timezone.now(),
                location="Hall",
                capacity=5,
            ),
            learner=learner,
        )
    contact = api_as(_contact_at(cast, harbor))
    names = [
        c["learner"]["full_name"] for c in contact.get(f"{API}/completions/").json()["results"]
    ]
    assert names == ["Rosa Diaz"]
    assert contact.get(f"{API}/enrolments/{rosa_enrolment.public_id}/").status_code == 200
    assert_problem(contact.get(f"{API}/enrolments/{eli_enrolment.public_id}/"), 404)
    rows = contact.get(f"{API}/compliance/").json()["rows"]
    assert [(r["agency_name"], r["trained"]) for r in rows] == [("Harbor Inn", 1)]
    other = contact.get(f"{API}/compliance/", {"agency": str(elm.public_id)}).json()
    assert other["rows"] == []
    trainer = api_as(cast.trainer)
    everyone = trainer.get(f"{API}/completions/").json()["results"]
    assert sorted(c["learner"]["full_name"] for c in everyone) == ["Eli Stone", "Rosa Diaz"]
    one = trainer.get(f"{API}/compliance/", {"agency": str(elm.public_id)}).json()["rows"]
    assert [(r["agency"], r["trained"]) for r in one] == [(str(elm.public_id), 1)]
    assert len(trainer.get(f"{API}/compliance/").json()["rows"]) == 2


def test_compliance_is_for_the_administrator_and_employers_contacts(cast, api_as):
    assert_problem(api_as(cast.coordinator).get(f"{API}/compliance/"), 403, "forbidden")
    bad = api_as(cast.trainer).get(f"{API}/compliance/", {"audience": "pilots"})
    assert assert_problem(bad, 400)["errors"][0]["field"] == "audience"


def test_the_compliance_api_gives_the_same_figures_as_the_compliance_page(
    cast, api_as, hotels, school, lodging_program
):
    harbor, elm = hotels
    today = timezone.localdate()
    for i, (agency, done) in enumerate(
        [
            (harbor, today - datetime.timedelta(days=30)),  # trained
            (harbor, today - datetime.timedelta(days=3 * 365 + 10)),  # overdue
            (elm, today - datetime.timedelta(days=3 * 365 - 40)),  # due within 90 days
            (elm, None),  # not yet trained
        ]
    ):
        learner, _enrolment = _register(lodging_program, agency, f"p{i}@h.test")
        if done:
            Completion.objects.create(
                learner=learner,
                program=lodging_program,
                source="online",
                completed_on=done,
                next_due_on=services.rules.refresher_due(done),
                verification_code=f"CODE{i}AAAAAAA"[:12],
            )
    school_program = services.program_create(
        actor=cast.trainer,
        title="Schools",
        audience=Audience.SCHOOL_STAFF,
        citation="Gen. Stat. § 17a-106h",
    )
    _register(
        school_program,
        school,
        "t@school.test",
        hired_on=today - datetime.timedelta(days=200),  # six months have passed: overdue
    )
    web = Client()
    web.force_login(cast.trainer)
    api = api_as(cast.trainer)
    for audience in ("", "lodging", "school_staff"):
        page_rows = web.get("/training/compliance/", {"audience": audience}).context["rows"]
        api_rows = api.get(f"{API}/compliance/", {"audience": audience}).json()["rows"]
        assert [
            (
                r["agency_name"],
                r["audience"],
                r["trained"],
                r["due_soon"],
                r["overdue"],
                r["untrained"],
            )
            for r in api_rows
        ] == [
            (
                r.agency_name,
                r.audience,
                r.counts.get("trained", 0),
                r.counts.get("due_soon", 0),
                r.counts.get("overdue", 0),
                r.counts.get("untrained", 0),
            )
            for r in page_rows
        ]
    everything = {
        (r["agency_name"], r["audience"]): (r["trained"], r["due_soon"], r["overdue"])
        for r in api.get(f"{API}/compliance/").json()["rows"]
    }
    assert everything == {
        ("Harbor Inn", "lodging"): (1, 0, 1),
        ("Elm Motel", "lodging"): (0, 1, 0),
        ("New Haven Public Schools", "school_staff"): (0, 0, 1),
    }


# --- Query counts: lists do not grow with their rows ---------------------------------


def _many(cast, hotels, program, n):
    harbor = hotels[0]
    start = Completion.objects.count()
    for i in range(start, start + n):
        learner, _enrolment = _register(program, harbor, f"l{i}@h.test", name=f"L {i}")
        services.session_sign_in(
            actor=cast.trainer,
            session=services.session_schedule(
                actor=cast.trainer,
                program=program,
                starts_at=timezone.now(),
                location="Hall",
                capacity=5,
            ),
            learner=learner,
        )


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/completions/",
        f"{API}/compliance/",
        f"{API}/programs/",
    ],
)
def test_lists_take_a_fixed_number_of_queries(
    cast, api_as, hotels, lodging_program, django_assert_max_num_queries, url
):
    trainer = api_as(cast.trainer)
    _many(cast, hotels, lodging_program, 2)
    with django_assert_max_num_queries(12):
        assert trainer.get(url).status_code == 200
    _many(cast, hotels, lodging_program, 8)
    for i in range(6):
        services.program_create(
            actor=cast.trainer, title=f"P{i}", audience=Audience.JUDGES, citation="§"
        )
    with django_assert_max_num_queries(12):
        assert trainer.get(url).status_code == 200


def test_my_enrolments_and_an_enrolments_progress_take_a_fixed_number_of_queries(
    cast, api_as, django_assert_max_num_queries
):
    me = api_as(cast.detective)
    learner = services.learner_for_user(cast.detective)
    programs = [_le_program(cast) for _ in range(6)]
    for program in programs[:2]:
        services.enrol(actor=cast.detective, learner=learner, program=program)
    with django_assert_max_num_queries(10):
        assert len(me.get(f"{API}/enrolments/").json()["results"]) == 2
    for program in programs[2:]:
        services.enrol(actor=cast.detective, learner=learner, program=program)
    with django_assert_max_num_queries(10):
        assert len(me.get(f"{API}/enrolments/").json()["results"]) == 6
    enrolment = Enrolment.objects.filter(learner=learner).first()
    for i in range(6):
        services.module_add_reading(
            actor=cast.trainer, program=enrolment.program, title=f"R{i}", body="Text."
        )
    with django_assert_max_num_queries(14):
        assert len(me.get(f"{API}/enrolments/{enrolment.public_id}/").json()["modules"]) == 8
