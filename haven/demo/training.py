"""Demo training: call `seed_training()` after seed_demo.

Programs for each statutory audience (Gen. Stat. §§ 17a-106f(b), 17a-106g, 17a-106h), the
hotel program with a short generated video (PyAV) and WebVTT captions, and learners at
three hotels and a school district: some current, some due soon, some overdue.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.demo.seed import demo_email
from haven.directory.models import Agency, AgencyKind
from haven.training import rules, services
from haven.training.models import Audience, Completion, Learner, Program, ProgramKind

QUIZ = [
    services.QuestionIn(
        "Which of these can be a sign that a guest or student is being trafficked?",
        [("Someone else controls their ID and money", True), ("They ask for directions", False)],
        "Control of documents and money is a common sign of trafficking.",
    ),
    services.QuestionIn(
        "A child may be a victim. Whom do you tell?",
        [("Police (911) or the DCF Careline", True), ("Nobody, to avoid trouble", False)],
        "Report promptly: minors go to DCF, emergencies to police.",
    ),
]
READING = (
    "Human trafficking is the use of force, fraud or coercion to obtain labor or commercial "
    "sex. Any commercial sex involving a person under 18 is trafficking.\n\n"
    "Report suspected trafficking promptly and accurately."
)
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:03.000\nRecognising potential victims of human trafficking.\n\n"
    "00:03.000 --> 00:06.000\nWatch for guests who do not hold their own ID or money.\n\n"
    "00:06.000 --> 00:08.000\nReport concerns to police or the DCF Careline.\n"
)
TITLES = {
    Audience.LAW_ENFORCEMENT: (
        "Trafficking of minors for law enforcement",
        "Gen. Stat. § 17a-106f(b)",
    ),
    Audience.LODGING: (
        "Recognising trafficking in hotels, motels and inns",
        "Gen. Stat. § 17a-106g",
    ),
    Audience.JUDGES: (
        "Human trafficking awareness for Superior Court judges",
        "Gen. Stat. § 17a-106h",
    ),
    Audience.PROSECUTORS: ("Human trafficking awareness for prosecutors", "Gen. Stat. § 17a-106h"),
    Audience.DEFENDERS: (
        "Human trafficking awareness for defense attorneys",
        "Gen. Stat. § 17a-106h",
    ),
    Audience.EMERGENCY_ROOM: ("Human trafficking awareness for ER staff", "Gen. Stat. § 17a-106h"),
    Audience.URGENT_CARE: ("Human trafficking awareness for urgent care", "Gen. Stat. § 17a-106h"),
    Audience.SCHOOL_STAFF: (
        "Human trafficking awareness for school staff",
        "Gen. Stat. § 17a-106h",
    ),
    Audience.HIGHER_EDUCATION: (
        "Human trafficking awareness for college and university staff",
        "Gen. Stat. § 17a-106h",
    ),
}


def _demo_video() -> bytes:
    from haven.training.media import tiny_video

    return tiny_video(8, webm=True)


def seed_training(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    if Program.objects.exists():
        return {"programs": Program.objects.count()}
    trainer = User.objects.get(email=demo_email("training_admin"))
    video = _demo_video()
    programs = {}
    with transaction.atomic():
        for audience, (title, citation) in TITLES.items():
            program = services.program_create(
                actor=trainer,
                title=title,
                audience=audience,
                citation=citation,
                statutory_basis="Initial and refresher training with a video presentation "
                "on recognising and reporting human trafficking.",
            )
            if audience == Audience.LODGING and video:
                services.module_add_video(
                    actor=trainer,
                    program=program,
                    title="Recognising potential victims",
                    video=SimpleUploadedFile("demo.webm", video),
                    captions=SimpleUploadedFile("demo.vtt", CAPTIONS.encode()),
                )
            services.module_add_reading(
                actor=trainer, program=program, title="What trafficking looks like", body=READING
            )
            services.module_add_quiz(actor=trainer, program=program, title="Check", questions=QUIZ)
            programs[audience] = program
            # "an initial educational training program and refresher training program"
            refresher = services.program_create(
                actor=trainer,
                title=f"{title}: refresher",
                audience=audience,
                kind=ProgramKind.REFRESHER,
                citation=citation,
                statutory_basis="Refresher training, every three years.",
            )
            services.module_add_reading(
                actor=trainer, program=refresher, title="What has changed", body=READING
            )
            services.module_add_quiz(
                actor=trainer, program=refresher, title="Check", questions=QUIZ
            )
        hotels = list(Agency.objects.filter(kind=AgencyKind.LODGING).order_by("name")[:3])
        schools = list(Agency.objects.filter(kind=AgencyKind.SCHOOL_DISTRICT).order_by("name")[:1])
        people = 0
        # days since last completion: current, due soon, overdue; None = never trained.
        pattern = [30, 3 * 365 - 40, 3 * 365 + 60, None]
        for agency, audience in [(h, Audience.LODGING) for h in hotels] + [
            (s, Audience.SCHOOL_STAFF) for s in schools
        ]:
            for i, ago in enumerate(pattern):
                people += 1
                learner = Learner.objects.create(
                    full_name=f"Demo Learner {people}",
                    email=f"learner{people}@demo.haven.test",
                    employer=agency,
                    hired_on=today - datetime.timedelta(days=400 if ago else 200 + 30 * i),
                    email_verified_at=timezone.now(),
                )
                if ago is None:
                    services.enrol(actor=trainer, learner=learner, program=programs[audience])
                    continue
                done = today - datetime.timedelta(days=ago)
                Completion.objects.create(
                    learner=learner,
                    program=programs[audience],
                    source="online",
                    completed_on=done,
                    next_due_on=rules.refresher_due(done),
                    verification_code=f"DEMO{people:08d}"[:12],
                )
    return {"programs": len(programs), "learners": people}
