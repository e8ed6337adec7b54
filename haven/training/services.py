"""Every write to training records: keyword-only, an actor, one transaction, the audit row.

External learners have no staff account: their writes pass `actor=None` and the audit
row names the learner as its object.
"""

import datetime
import hashlib
import secrets
import tempfile
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.disciplines import Discipline
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.directory.models import Agency
from haven.training import rules
from haven.training.models import (
    Attendance,
    Choice,
    Completion,
    CompletionSource,
    DevelopmentActivity,
    EmployerContact,
    Enrolment,
    Learner,
    Module,
    ModuleKind,
    ModuleProgress,
    Program,
    ProgramKind,
    Question,
    QuizAttempt,
    Registration,
    TrainingSession,
)

MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_CAPTION_BYTES = 512 * 1024
REGISTRATION_LINK_HOURS = 24
# Unambiguous letters and digits for certificate codes (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def is_trainer(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.discipline == Discipline.TRAINING_ADMIN
    )


def require_trainer(user) -> None:
    if not is_trainer(user):
        raise HavenError("Only a training administrator can do this.", status=403, code="forbidden")


# --- Programs and modules -----------------------------------------------------------


def program_create(
    *,
    actor,
    title: str,
    audience: str,
    citation: str,
    kind: str = ProgramKind.INITIAL,
    statutory_basis: str = "",
    refresher_years: int = rules.REFRESHER_YEARS,
    passing_score: int = 80,
    agency_kinds: list[str] | None = None,
    description: str = "",
    request=None,
) -> Program:
    require_trainer(actor)
    if not citation.strip():
        raise HavenError("Cite the statute the program answers to.", field="citation")
    program = Program(
        title=title.strip(),
        audience=audience,
        kind=kind,
        citation=citation.strip(),
        statutory_basis=statutory_basis.strip(),
        refresher_years=refresher_years,
        passing_score=passing_score,
        agency_kinds=list(
            agency_kinds if agency_kinds is not None else rules.AUDIENCE_AGENCY_KINDS[audience]
        ),
        description=description.strip(),
    )
    full_clean_or_refuse(program)
    with transaction.atomic():
        program.save()
        audit_record(
            actor=actor,
            action=Action.TRAINING_PROGRAM_CREATED,
            target=program,
            request=request,
            new={"audience": audience, "kind": kind, "citation": program.citation},
        )
    return program


def _next_position(program: Program) -> int:
    last = program.modules.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _add_module(actor, module: Module, request) -> Module:
    full_clean_or_refuse(module, exclude=["video", "captions"])
    module.save()
    audit_record(
        actor=actor,
        action=Action.TRAINING_MODULE_ADDED,
        target=module,
        request=request,
        new={"program": str(module.program.public_id), "kind": module.kind},
    )
    return module


def module_add_reading(
    *, actor, program: Program, title: str, body: str, required: bool = True, request=None
) -> Module:
    require_trainer(actor)
    if not body.strip():
        raise HavenError("Write the reading's text.", field="body")
    module = Module(
        program=program,
        position=_next_position(program),
        title=title.strip(),
        kind=ModuleKind.READING,
        body=body.strip(),
        required=required,
    )
    with transaction.atomic():
        return _add_module(actor, module, request)


def _read_upload(upload, limit: int, what: str) -> bytes:
    if upload is None:
        raise HavenError(f"Choose the {what} file.", field=what)
    if upload.size > limit:
        raise HavenError(f"The {what} file is too large.", field=what)
    upload.seek(0)
    return upload.read()


def probe_duration(path: str) -> float | None:
    """The video stream's duration in seconds (read with PyAV), or None if it has no video."""
    import av

    try:
        with av.open(path, mode="r") as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            if container.duration:
                return container.duration / av.time_base
            if stream.duration and stream.time_base:
                return float(stream.duration * stream.time_base)
            return None
    except (av.FFmpegError, OSError, ValueError):
        return None


def module_add_video(
    *,
    actor,
    program: Program,
    title: str,
    video,
    captions,
    captions_language: str = "en",
    body: str = "",
    required: bool = True,
    request=None,
) -> Module:
    """A video module. Captions are required (accessibility) and must be WebVTT; the video
    must be video by its content (MP4 or WebM with a video stream), whatever its name."""
    require_trainer(actor)
    caption_bytes = _read_upload(captions, MAX_CAPTION_BYTES, "captions")
    problem = rules.webvtt_problem(caption_bytes)
    if problem:
        raise HavenError(problem, field="captions")
    if video is None:
        raise HavenError("Choose the video file.", field="video")
    if video.size > MAX_VIDEO_BYTES:
        raise HavenError("The video file is too large (500 MB at most).", field="video")
    video.seek(0)
    content_type = rules.sniff_video(video.read(64))
    if content_type is None:
        raise HavenError("The file is not a video: upload an MP4 or WebM video.", field="video")
    video.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".video") as tmp:
        for chunk in video.chunks():
            tmp.write(chunk)
        tmp.flush()
        duration = probe_duration(tmp.name)
    if not duration:
        raise HavenError(
            "The file does not hold a playable video stream: upload an MP4 or WebM video.",
            field="video",
        )
    from django.core.files.base import ContentFile

    module = Module(
        program=program,
        position=_next_position(program),
        title=title.strip(),
        kind=ModuleKind.VIDEO,
        body=body.strip(),
        required=required,
        video_content_type=content_type,
        video_size=video.size,
        duration_seconds=duration,
        captions_language=captions_language or "en",
    )
    video.seek(0)
    ext = "mp4" if content_type == "video/mp4" else "webm"
    module.video.save(f"{module.public_id}.{ext}", video, save=False)
    module.captions.save(f"{module.public_id}.vtt", ContentFile(caption_bytes), save=False)
    with transaction.atomic():
        return _add_module(actor, module, request)


@dataclass(frozen=True)
class QuestionIn:
    text: str
    choices: list[tuple[str, bool]]
    explanation: str = ""


def module_add_quiz(
    *,
    actor,
    program: Program,
    title: str,
    questions: list[QuestionIn],
    body: str = "",
    request=None,
) -> Module:
    require_trainer(actor)
    if not questions:
        raise HavenError("A quiz needs at least one question.", field="questions")
    for q in questions:
        if not q.text.strip() or len(q.choices) < 2:
            raise HavenError("Each question needs its text and at least two choices.")
        if not any(correct for _, correct in q.choices):
            raise HavenError(f"Mark the correct answer to “{q.text[:60]}”.")
    module = Module(
        program=program,
        position=_next_position(program),
        title=title.strip(),
        kind=ModuleKind.QUIZ,
        body=body.strip(),
        required=True,
    )
    with transaction.atomic():
        _add_module(actor, module, request)
        for position, q in enumerate(questions, start=1):
            question = Question.objects.create(
                module=module, position=position, text=q.text.strip(), explanation=q.explanation
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=text, is_correct=correct)
                for text, correct in q.choices
            )
    return module


# --- Learners, registration, enrolment ------------------------------------------------


def learner_for_user(user) -> Learner:
    """The staff user's learner record, made on first use."""
    learner = Learner.objects.filter(user=user).first()
    if learner:
        return learner
    learner, _ = Learner.objects.get_or_create(
        user=user,
        defaults={
            "full_name": user.full_name,
            "email": user.email,
            "employer": user.agency,
            "email_verified_at": timezone.now(),
        },
    )
    return learner


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def registration_request(
    *,
    full_name: str,
    email: str,
    employer: Agency,
    program: Program,
    hired_on: datetime.date | None = None,
    request=None,
) -> tuple[Registration | None, str]:
    """A self-registration. Returns the pending registration and the raw one-time token
    for the emailed link (only its hash is stored). Someone already enrolled gets a fresh
    link to their training instead of a second enrolment."""
    email = email.strip().lower()
    if not full_name.strip() or "@" not in email:
        raise HavenError("Enter your name and your email address.")
    if employer.kind not in program.agency_kinds:
        raise HavenError(
            "This program is not for that employer: choose the program for your workplace.",
            field="program",
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        registration = Registration.objects.create(
            token_hash=_hash(token),
            full_name=full_name.strip(),
            email=email,
            employer=employer,
            program=program,
            hired_on=hired_on,
        )
        audit_record(
            actor=None,
            action=Action.TRAINING_REGISTERED,
            object_type="training.registration",
            object_id=str(registration.public_id),
            object_label=program.title[:200],
            request=request,
            new={"employer": str(employer.public_id), "program": str(program.public_id)},
        )
    return registration, token


def registration_confirm(*, token: str, request=None) -> tuple[Learner, Enrolment]:
    """Follow the emailed link: verify the email, make the learner, enrol them. A link
    works once and for 24 hours. Someone already enrolled is taken to that enrolment."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("employer", "program")
            .filter(token_hash=_hash(token or ""))
            .first()
        )
        age = timezone.now() - registration.created_at if registration else None
        if (
            registration is None
            or registration.used_at is not None
            or age > datetime.timedelta(hours=REGISTRATION_LINK_HOURS)
        ):
            raise HavenError(
                "This link has expired or was already used. Register again to get a new link.",
                status=400,
                code="link_expired",
            )
        registration.used_at = timezone.now()
        registration.save(update_fields=["used_at"])
        learner = Learner.objects.filter(email__iexact=registration.email).first()
        if learner is None:
            learner = Learner.objects.create(
                full_name=registration.full_name,
                email=registration.email,
                employer=registration.employer,
                hired_on=registration.hired_on,
                email_verified_at=timezone.now(),
            )
        elif learner.email_verified_at is None:
            learner.email_verified_at = timezone.now()
            learner.save(update_fields=["email_verified_at"])
        enrolment = _open_enrolment(learner, registration.program)
        if enrolment is None:
            enrolment = _enrol(None, learner, registration.program, request)
    return learner, enrolment


def _open_enrolment(learner: Learner, program: Program) -> Enrolment | None:
    return Enrolment.objects.filter(
        learner=learner, program=program, completed_at__isnull=True
    ).first()


def _enrol(actor, learner: Learner, program: Program, request) -> Enrolment:
    due = rules.initial_due(program.audience, hired_on=learner.hired_on)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(learner=learner, program=program, due_on=due)
    except IntegrityError:
        raise HavenError(
            "You are already enrolled in this program: continue it from your training page.",
            code="already_enrolled",
        ) from None
    audit_record(
        actor=actor,
        action=Action.TRAINING_ENROLLED,
        target=enrolment,
        object_label=f"{learner.full_name} · {program.title}"[:200],
        request=request,
        new={"program": str(program.public_id), "due_on": due},
    )
    return enrolment


def enrol(*, actor, learner: Learner, program: Program, due_on=None, request=None) -> Enrolment:
    """Enrol a learner: themselves (a staff user), or anyone by a training administrator."""
    own = getattr(actor, "is_authenticated", False) and learner.user_id == actor.pk
    if not own and not is_trainer(actor):
        raise HavenError("You can enrol only yourself.", status=403, code="forbidden")
    if not program.is_active:
        raise HavenError("This program is no longer offered.")
    with transaction.atomic():
        enrolment = _enrol(actor, learner, program, request)
        if due_on:
            enrolment.due_on = due_on
            enrolment.save(update_fields=["due_on"])
    return enrolment


def employer_contact_designate(*, actor, agency: Agency, user, request=None) -> EmployerContact:
    """A staff user who works for the employer sees that employer's staff's training."""
    require_trainer(actor)
    if user.agency_id != agency.pk:
        works_for = f" {user.full_name} works for {user.agency.name}." if user.agency_id else ""
        raise HavenError(
            f"An employer's contact must work for that employer.{works_for}", field="user"
        )
    if not user.is_active:
        raise HavenError("This staff account is disabled.", field="user")
    with transaction.atomic():
        contact, created = EmployerContact.objects.get_or_create(agency=agency, user=user)
        if created:
            audit_record(
                actor=actor,
                action=Action.TRAINING_CONTACT_DESIGNATED,
                target=contact,
                object_label=f"{user.email} · {agency.name}"[:200],
                request=request,
            )
    return contact


def employer_contact_revoke(*, actor, contact: EmployerContact, request=None) -> None:
    """The contact no longer sees the employer's staff. Audited under the designation's
    action (no separate action is reserved) with `revoked` in the new values."""
    require_trainer(actor)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.TRAINING_CONTACT_DESIGNATED,
            target=contact,
            object_label=f"{contact.user.email} · {contact.agency.name}"[:200],
            request=request,
            old={"designated": True},
            new={"revoked": True},
        )
        contact.delete()


# --- Progress -----------------------------------------------------------------------


def _check_open(enrolment: Enrolment, *, now) -> None:
    if enrolment.completed_at is not None:
        raise HavenError("This program is already complete.", code="complete")


def progress_report(
    *, enrolment: Enrolment, module: Module, segments: list, now=None
) -> ModuleProgress:
    """The player reports the time ranges it played; the server merges them and decides
    whether the video was played through (rules.video_watched)."""
    now = now or timezone.now()
    if module.kind != ModuleKind.VIDEO or module.program_id != enrolment.program_id:
        raise HavenError("This module has no video.", status=404, code="not_found")
    clean = []
    for pair in segments[:200]:
        try:
            start, end = float(pair[0]), float(pair[1])
        except (TypeError, ValueError, IndexError):
            raise HavenError("Report played segments as [start, end] pairs.") from None
        limit = module.duration_seconds + 1
        if not (0 <= start <= end <= limit):
            raise HavenError("A played segment lies outside the video.")
        clean.append([start, end])
    with transaction.atomic():
        progress, _ = ModuleProgress.objects.select_for_update().get_or_create(
            enrolment=enrolment, module=module
        )
        if progress.completed_at:
            return progress
        progress.first_reported_at = progress.first_reported_at or now
        progress.segments = rules.merge_segments(progress.segments + clean)
        if rules.video_watched(
            progress.segments,
            duration=module.duration_seconds,
            first_reported_at=progress.first_reported_at,
            now=now,
        ):
            progress.completed_at = now
        progress.save()
        if progress.completed_at:
            _complete_if_done(enrolment, request=None)
    return progress


def reading_done(*, enrolment: Enrolment, module: Module, request=None) -> ModuleProgress:
    if module.kind != ModuleKind.READING or module.program_id != enrolment.program_id:
        raise HavenError("This module is not a reading.", status=404, code="not_found")
    with transaction.atomic():
        progress, _ = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
        if not progress.completed_at:
            progress.completed_at = timezone.now()
            progress.save(update_fields=["completed_at"])
            _complete_if_done(enrolment, request=request)
    return progress


def quiz_submit(
    *, enrolment: Enrolment, module: Module, answers: dict[str, str], now=None, request=None
) -> QuizAttempt:
    """Score the quiz. After the enrolment's deadline the answers are refused (the page
    keeps them) and the learner is told to ask their trainer for a new date."""
    now = now or timezone.now()
    if module.kind != ModuleKind.QUIZ or module.program_id != enrolment.program_id:
        raise HavenError("This module is not a quiz.", status=404, code="not_found")
    _check_open(enrolment, now=now)
    if enrolment.due_on and timezone.localdate(now) > enrolment.due_on:
        raise HavenError(
            f"The deadline for this program was {enrolment.due_on:%B %-d, %Y}: the quiz can "
            "no longer be submitted. Your answers are still on this page; ask your training "
            "administrator for a new date.",
            code="deadline_passed",
        )
    questions = list(module.questions.prefetch_related("choices"))
    unanswered = [q for q in questions if not answers.get(str(q.pk))]
    if unanswered:
        raise HavenError("Answer every question before you submit.", field="answers")
    score = rules.quiz_score(questions, answers)
    passed = score >= enrolment.program.passing_score
    with transaction.atomic():
        attempt = QuizAttempt.objects.create(
            enrolment=enrolment,
            module=module,
            answers={k: answers[k] for k in (str(q.pk) for q in questions)},
            score=score,
            passed=passed,
        )
        progress, _ = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
        progress.best_score = max(progress.best_score or 0, score)
        if passed and not progress.completed_at:
            progress.completed_at = now
        progress.save()
        audit_record(
            actor=request.user if request else None,
            action=Action.TRAINING_QUIZ_SUBMITTED,
            target=attempt,
            object_label=module.title[:200],
            request=request,
            new={"score": score, "passed": passed},
        )
        if passed:
            _complete_if_done(enrolment, request=request)
    return attempt


def module_states(enrolment: Enrolment) -> list[rules.ModuleState]:
    done = set(
        ModuleProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).values_list(
            "module_id", flat=True
        )
    )
    return [
        rules.ModuleState(required=m.required, done=m.pk in done)
        for m in enrolment.program.modules.all()
    ]


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))


def _record_completion(
    *, learner: Learner, program: Program, enrolment, source: str, on: datetime.date, request
) -> Completion:
    completion = Completion.objects.create(
        learner=learner,
        program=program,
        enrolment=enrolment,
        source=source,
        completed_on=on,
        next_due_on=rules.refresher_due(on, program.refresher_years),
        verification_code=_new_code(),
    )
    audit_record(
        actor=request.user if request and request.user.is_authenticated else None,
        action=Action.TRAINING_COMPLETED,
        target=completion,
        request=request,
        new={"source": source, "completed_on": on, "next_due_on": completion.next_due_on},
    )
    return completion


def _complete_if_done(enrolment: Enrolment, *, request) -> Completion | None:
    """Completion: every required module done and the quiz passed (rules.program_complete)."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("program", "learner")
        .get(pk=enrolment.pk)
    )
    if enrolment.completed_at or not rules.program_complete(module_states(enrolment)):
        return None
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return _record_completion(
        learner=enrolment.learner,
        program=enrolment.program,
        enrolment=enrolment,
        source=CompletionSource.ONLINE,
        on=timezone.localdate(enrolment.completed_at),
        request=request,
    )


# --- In-person sessions -------------------------------------------------------------


def session_schedule(
    *, actor, program: Program, starts_at, location: str, capacity: int, trainer=None, request=None
) -> TrainingSession:
    require_trainer(actor)
    session = TrainingSession(
        program=program,
        trainer=trainer or actor,
        starts_at=starts_at,
        location=location.strip(),
        capacity=capacity,
    )
    full_clean_or_refuse(session)
    with transaction.atomic():
        session.save()
        audit_record(
            actor=actor,
            action=Action.TRAINING_SESSION_SCHEDULED,
            target=session,
            request=request,
            new={"starts_at": starts_at, "capacity": capacity, "location": session.location},
        )
    return session


def session_sign_in(
    *, actor, session: TrainingSession, learner: Learner, request=None
) -> Attendance:
    """The trainer signs a learner in; attending completes the session's program."""
    if not is_trainer(actor) and actor != session.trainer:
        raise HavenError("Only the session's trainer signs people in.", status=403)
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if Attendance.objects.filter(session=session, learner=learner).exists():
            raise HavenError(f"{learner.full_name} is already signed in.")
        if session.attendance.count() >= session.capacity:
            raise HavenError(f"The session is full ({session.capacity} places).")
        attendance = Attendance.objects.create(session=session, learner=learner)
        audit_record(
            actor=actor,
            action=Action.TRAINING_ATTENDANCE,
            target=attendance,
            object_label=f"{learner.full_name} · {session}"[:200],
            request=request,
        )
        enrolment = _open_enrolment(learner, session.program)
        if enrolment:
            enrolment.completed_at = timezone.now()
            enrolment.save(update_fields=["completed_at"])
        _record_completion(
            learner=learner,
            program=session.program,
            enrolment=enrolment,
            source=CompletionSource.IN_PERSON,
            on=timezone.localdate(session.starts_at),
            request=request,
        )
    return attendance


# --- MDT professional development ----------------------------------------------------


def development_record(
    *, actor, title: str, completed_on, hours: Decimal, provider: str = "", user=None, request=None
) -> DevelopmentActivity:
    """A staff member records their own hours; a training administrator anyone's."""
    user = user or actor
    if user != actor:
        require_trainer(actor)
    activity = DevelopmentActivity(
        user=user,
        title=title.strip(),
        provider=provider.strip(),
        completed_on=completed_on,
        hours=hours,
    )
    if completed_on > timezone.localdate():
        raise HavenError("The date is in the future.", field="completed_on")
    full_clean_or_refuse(activity)
    with transaction.atomic():
        activity.save()
        audit_record(
            actor=actor,
            action=Action.TRAINING_DEVELOPMENT,
            target=activity,
            request=request,
            new={"hours": hours, "completed_on": completed_on},
        )
    return activity


def reminder_mark_sent(*, completion: Completion) -> None:
    with transaction.atomic():
        Completion.objects.filter(pk=completion.pk).update(reminder_sent_at=timezone.now())
        audit_record(
            actor=None,
            action=Action.TRAINING_REMINDER_SENT,
            target=completion,
            new={"next_due_on": completion.next_due_on},
        )
