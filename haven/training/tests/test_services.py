import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.core.errors import HavenError
from haven.training import selectors, services
from haven.training.media import CAPTIONS, tiny_video
from haven.training.models import Audience, Completion, Enrolment, Module, ModuleKind
from haven.training.tests.conftest import correct_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _register(program, employer, email="rosa@inn.test", name="Rosa Diaz", **kw):
    _reg, token = services.registration_request(
        full_name=name, email=email, employer=employer, program=program, **kw
    )
    return services.registration_confirm(token=token)


def test_only_a_training_administrator_creates_programs(cast):
    with pytest.raises(HavenError):
        services.program_create(
            actor=cast.coordinator, title="x", audience=Audience.LODGING, citation="§"
        )


def test_program_applies_to_the_audience_agency_kinds(cast, lodging_program):
    assert lodging_program.agency_kinds == ["lodging"]
    assert AuditEvent.objects.filter(action=Action.TRAINING_PROGRAM_CREATED).exists()


def test_completion_needs_every_required_module_and_a_passed_quiz(cast, hotels, lodging_program):
    learner, enrolment = _register(lodging_program, hotels[0])
    reading, quiz = lodging_program.modules.all()
    services.reading_done(enrolment=enrolment, module=reading)
    attempt = services.quiz_submit(enrolment=enrolment, module=quiz, answers=wrong_answers(quiz))
    assert not attempt.passed
    assert not Completion.objects.filter(learner=learner).exists()
    services.quiz_submit(enrolment=enrolment, module=quiz, answers=correct_answers(quiz))
    completion = Completion.objects.get(learner=learner)
    assert completion.next_due_on == services.rules.refresher_due(completion.completed_on)
    assert len(completion.verification_code) == 12


def test_a_passed_quiz_alone_is_not_completion(cast, hotels, lodging_program):
    learner, enrolment = _register(lodging_program, hotels[0])
    quiz = lodging_program.modules.get(kind=ModuleKind.QUIZ)
    services.quiz_submit(enrolment=enrolment, module=quiz, answers=correct_answers(quiz))
    assert not Completion.objects.filter(learner=learner).exists()


def test_a_quiz_answered_after_the_deadline_is_refused_and_nothing_is_recorded(
    cast, hotels, lodging_program
):
    _learner, enrolment = _register(lodging_program, hotels[0])
    Enrolment.objects.filter(pk=enrolment.pk).update(due_on=datetime.date(2025, 1, 31))
    enrolment.refresh_from_db()
    quiz = lodging_program.modules.get(kind=ModuleKind.QUIZ)
    with pytest.raises(HavenError, match="deadline for this program was January 31, 2025"):
        services.quiz_submit(enrolment=enrolment, module=quiz, answers=correct_answers(quiz))
    assert not enrolment.attempts.exists()


def test_registering_twice_gives_the_same_enrolment(cast, hotels, lodging_program):
    learner, first = _register(lodging_program, hotels[0])
    again, second = _register(lodging_program, hotels[0], email="ROSA@inn.test")
    assert (again, second) == (learner, first)
    assert Enrolment.objects.filter(learner=learner).count() == 1


def test_a_staff_user_enrolling_twice_is_told_so(cast, lodging_program):
    learner = services.learner_for_user(cast.detective)
    services.enrol(actor=cast.detective, learner=learner, program=lodging_program)
    with pytest.raises(HavenError, match="already enrolled"):
        services.enrol(actor=cast.detective, learner=learner, program=lodging_program)


def test_a_registration_link_works_once(cast, hotels, lodging_program):
    _reg, token = services.registration_request(
        full_name="A B", email="ab@inn.test", employer=hotels[0], program=lodging_program
    )
    services.registration_confirm(token=token)
    with pytest.raises(HavenError, match="expired or was already used"):
        services.registration_confirm(token=token)
    with pytest.raises(HavenError):
        services.registration_confirm(token="forged")


def test_registration_for_a_program_that_is_not_for_the_employer_is_refused(
    cast, school, lodging_program
):
    with pytest.raises(HavenError, match="not for that employer"):
        services.registration_request(
            full_name="A", email="a@school.test", employer=school, program=lodging_program
        )


def test_school_staff_enrolment_is_due_six_months_after_hire(cast, school):
    program = services.program_create(
        actor=cast.trainer,
        title="Schools",
        audience=Audience.SCHOOL_STAFF,
        citation="Gen. Stat. § 17a-106h",
    )
    services.module_add_reading(actor=cast.trainer, program=program, title="R", body="Text")
    _learner, enrolment = _register(
        program, school, email="t@school.test", hired_on=datetime.date(2025, 8, 31)
    )
    assert enrolment.due_on == datetime.date(2026, 2, 28)


def _video_module(cast, program):
    return services.module_add_video(
        actor=cast.trainer,
        program=program,
        title="Video",
        video=SimpleUploadedFile("v.mp4", tiny_video(), content_type="video/mp4"),
        captions=SimpleUploadedFile("c.vtt", CAPTIONS.encode(), content_type="text/vtt"),
    )


def test_a_video_module_needs_webvtt_captions(cast, lodging_program, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    srt = SimpleUploadedFile("c.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nHi\n")
    with pytest.raises(HavenError, match="not WebVTT") as error:
        services.module_add_video(
            actor=cast.trainer,
            program=lodging_program,
            title="V",
            video=SimpleUploadedFile("v.mp4", tiny_video()),
            captions=srt,
        )
    assert error.value.field == "captions"
    with pytest.raises(HavenError, match="Choose the captions"):
        services.module_add_video(
            actor=cast.trainer,
            program=lodging_program,
            title="V",
            video=SimpleUploadedFile("v.mp4", tiny_video()),
            captions=None,
        )


def test_a_video_that_is_not_video_is_refused(cast, lodging_program, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(HavenError, match="not a video"):
        services.module_add_video(
            actor=cast.trainer,
            program=lodging_program,
            title="V",
            video=SimpleUploadedFile("v.mp4", b"%PDF-1.4 not a video"),
            captions=SimpleUploadedFile("c.vtt", CAPTIONS.encode()),
        )
    fake = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 500  # the right magic, no video inside
    with pytest.raises(HavenError, match="playable video"):
        services.module_add_video(
            actor=cast.trainer,
            program=lodging_program,
            title="V",
            video=SimpleUploadedFile("v.mp4", fake),
            captions=SimpleUploadedFile("c.vtt", CAPTIONS.encode()),
        )
    assert not Module.objects.filter(kind=ModuleKind.VIDEO).exists()


def test_a_video_counts_as_watched_only_when_played_through(
    cast, hotels, lodging_program, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    module = _video_module(cast, lodging_program)
    assert 2.5 < module.duration_seconds < 3.5
    _learner, enrolment = _register(lodging_program, hotels[0])
    start = timezone.now()
    progress = services.progress_report(
        enrolment=enrolment, module=module, segments=[[0, 1]], now=start
    )
    assert progress.completed_at is None
    # The whole video claimed at once is not enough: the clock must have run too.
    progress = services.progress_report(
        enrolment=enrolment, module=module, segments=[[0, module.duration_seconds]], now=start
    )
    assert progress.completed_at is None
    later = start + datetime.timedelta(seconds=module.duration_seconds)
    progress = services.progress_report(
        enrolment=enrolment, module=module, segments=[[1, module.duration_seconds]], now=later
    )
    assert progress.completed_at is not None
    with pytest.raises(HavenError, match="outside the video"):
        services.progress_report(enrolment=enrolment, module=module, segments=[[0, 999]])


def test_in_person_attendance_completes_the_program_and_respects_capacity(
    cast, hotels, lodging_program
):
    session = services.session_schedule(
        actor=cast.trainer,
        program=lodging_program,
        starts_at=timezone.now(),
        location="Harbor Inn ballroom",
        capacity=1,
    )
    a, _ = _register(lodging_program, hotels[0], email="a@inn.test")
    b, _ = _register(lodging_program, hotels[0], email="b@inn.test")
    services.session_sign_in(actor=cast.trainer, session=session, learner=a)
    assert Completion.objects.get(learner=a).source == "in_person"
    assert not Enrolment.objects.filter(learner=a, completed_at__isnull=True).exists()
    with pytest.raises(HavenError, match="full"):
        services.session_sign_in(actor=cast.trainer, session=session, learner=b)


def test_an_employers_contact_cannot_see_another_employers_learners(cast, hotels, lodging_program):
    harbor, elm = hotels
    rosa, _ = _register(lodging_program, harbor, email="rosa@harbor.test")
    eli, _ = _register(lodging_program, elm, email="eli@elm.test")
    cast.expert.agency = harbor
    cast.expert.save(update_fields=["agency"])
    services.employer_contact_designate(actor=cast.trainer, agency=harbor, user=cast.expert)
    visible = set(selectors.learners_visible_to(cast.expert))
    assert rosa in visible and eli not in visible
    rows, _ = selectors.compliance(cast.expert, on=timezone.localdate())
    assert [r.agency_name for r in rows] == ["Harbor Inn"]
    assert set(selectors.learners_visible_to(cast.coordinator)) == set()


def test_compliance_counts_trained_overdue_and_due_soon(cast, hotels, lodging_program):
    harbor = hotels[0]
    today = timezone.localdate()
    for email, done in (
        ("a@h.test", today - datetime.timedelta(days=30)),
        ("b@h.test", today - datetime.timedelta(days=3 * 365 + 10)),
        ("c@h.test", today - datetime.timedelta(days=3 * 365 - 40)),
    ):
        learner, enrolment = _register(lodging_program, harbor, email=email)
        Completion.objects.create(
            learner=learner,
            program=lodging_program,
            source="online",
            completed_on=done,
            next_due_on=services.rules.refresher_due(done),
            verification_code=email[:1] * 12,
        )
    _register(lodging_program, harbor, email="d@h.test")
    rows, _ = selectors.compliance(cast.trainer, on=today)
    (row,) = rows
    assert dict(row.counts) == {"trained": 1, "overdue": 1, "due_soon": 1, "untrained": 1}


def test_a_forged_certificate_code_finds_nothing(cast):
    assert selectors.completion_by_code("ABCDEFGHJKMN") is None
    assert selectors.completion_by_code("<script>") is None


def test_development_hours_are_totalled_per_year(cast):
    from decimal import Decimal

    services.development_record(
        actor=cast.detective,
        title="Trauma-informed interviewing",
        hours=Decimal("6"),
        completed_on=datetime.date(2025, 3, 1),
    )
    services.development_record(
        actor=cast.detective,
        title="Case review",
        hours=Decimal("2.5"),
        completed_on=datetime.date(2025, 9, 1),
    )
    totals, _ = selectors.development_hours(cast.trainer, year=2025)
    assert totals[0]["hours"] == Decimal("8.5")
    assert selectors.development_hours(cast.coordinator, year=2025)[0] == []


def test_a_reminder_is_emailed_once_before_the_refresher_is_due(cast, hotels, lodging_program):
    from django.core import mail

    from haven.training.tasks import send_refresher_reminders

    learner, _ = _register(lodging_program, hotels[0])
    Completion.objects.create(
        learner=learner,
        program=lodging_program,
        source="online",
        completed_on=datetime.date(2023, 4, 1),
        next_due_on=datetime.date(2026, 4, 1),
        verification_code="ABCDEFGHJKMN",
    )
    assert send_refresher_reminders.call("2026-03-01") == 1
    assert "April 1, 2026" in mail.outbox[-1].body
    assert send_refresher_reminders.call("2026-03-02") == 0
