"""Access-table rows for the training routes (haven/core/tests/test_access_table.py).

The table's learner is the detective (law enforcement): enrolled in the table's program,
with a completion from an in-person session. Learner pages are the learner's own (others
404); the training administrator manages programs and sees every learner's record.
"""

from haven.testing.access_table import row


def learner_only(ok: int, anon: int = 302) -> dict[str, int]:
    return row(anon, 404, law_enforcement=ok)


def trainer_only(ok: int) -> dict[str, int]:
    return row(302, 403, training_admin=ok)


def media(ok: int) -> dict[str, int]:
    return row(404, 404, law_enforcement=ok, training_admin=ok)


def api_learner(ok: int, trainer: int = 200) -> dict[str, int]:
    """An enrolment through the API: the learner's own; the training administrator reads
    it but does not act on it; everyone else finds nothing."""
    return row(401, 404, law_enforcement=ok, training_admin=trainer)


def fixtures(cast, base):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from haven.training import services
    from haven.training.media import CAPTIONS, tiny_video
    from haven.training.models import Audience

    program = services.program_create(
        actor=cast.trainer,
        title="Law enforcement: trafficking of minors",
        audience=Audience.LAW_ENFORCEMENT,
        citation="Gen. Stat. § 17a-106f(b)",
    )
    reading = services.module_add_reading(
        actor=cast.trainer, program=program, title="Laws and protocols", body="Text."
    )
    video = services.module_add_video(
        actor=cast.trainer,
        program=program,
        title="Recognising victims",
        video=SimpleUploadedFile("v.mp4", tiny_video()),
        captions=SimpleUploadedFile("c.vtt", CAPTIONS.encode()),
    )
    quiz = services.module_add_quiz(
        actor=cast.trainer,
        program=program,
        title="Check",
        questions=[services.QuestionIn("Report to?", [("Police or DCF", True), ("No one", False)])],
    )
    learner = services.learner_for_user(cast.detective)
    session = services.session_schedule(
        actor=cast.trainer,
        program=program,
        starts_at=timezone.now(),
        location="Academy",
        capacity=30,
    )
    services.session_sign_in(actor=cast.trainer, session=session, learner=learner)
    enrolment = services.enrol(actor=cast.detective, learner=learner, program=program)
    other = services.program_create(
        actor=cast.trainer,
        title="Emergency rooms: recognising trafficking",
        audience=Audience.EMERGENCY_ROOM,
        citation="Gen. Stat. § 17a-106h",
    )
    from haven.training.models import EmployerContact

    # A contact whose revocation changes no persona's view (the disabled account).
    contact = EmployerContact.objects.create(agency=cast.cac, user=cast.disabled)
    return {
        "tr_contact": contact.public_id,
        "tr_program": program.public_id,
        "tr_other_program": other.public_id,
        "tr_reading": reading.public_id,
        "tr_video": video.public_id,
        "tr_quiz": quiz.public_id,
        "tr_enrolment": enrolment.public_id,
        "tr_completion": learner.completions.get().public_id,
        "tr_learner": learner.public_id,
        "tr_session": session.public_id,
    }


def _learn(f, module=""):
    base = f"/training/learn/{f['tr_enrolment']}/"
    return base + (f"modules/{f[module]}/" if module else "")


ROUTES = {
    "training:program_list": ("GET", lambda f: "/training/", row(302, 200)),
    "training:program_create": ("GET", lambda f: "/training/programs/new/", trainer_only(200)),
    "training:program_detail": (
        "GET",
        lambda f: f"/training/programs/{f['tr_program']}/",
        row(302, 200),
    ),
    "training:module_create": (
        "GET",
        lambda f: f"/training/programs/{f['tr_program']}/modules/new/",
        trainer_only(200),
    ),
    # Anyone signed in may enrol themselves (in another program, so that the learner rows
    # below keep one learner).
    "training:enrol": (
        "POST",
        lambda f: f"/training/programs/{f['tr_other_program']}/enrol/",
        row(302, 302),
    ),
    "training:enrolment": ("GET", lambda f: _learn(f), learner_only(200)),
    "training:module": ("GET", lambda f: _learn(f, "tr_reading"), learner_only(200)),
    # The table's empty form body is not the JSON report the player sends: 400.
    "training:module_progress": (
        "POST",
        lambda f: _learn(f, "tr_video") + "progress/",
        learner_only(400, anon=404),
    ),
    "training:module_video": (
        "GET",
        lambda f: f"/training/modules/{f['tr_video']}/video/",
        media(200),
    ),
    "training:module_captions": (
        "GET",
        lambda f: f"/training/modules/{f['tr_video']}/captions.vtt",
        media(200),
    ),
    "training:certificate_pdf": (
        "GET",
        lambda f: f"/training/certificates/{f['tr_completion']}.pdf",
        media(200),
    ),
    # Public pages.
    "training:verify": ("GET", lambda f: "/training/verify/", row(200, 200)),
    "training:register": ("GET", lambda f: "/training/register/", row(200, 200)),
    "training:register_confirm": (
        "GET",
        lambda f: "/training/register/confirm/not-a-real-token/",
        row(400, 400),
    ),
    # No employer contacts in the table's cast: only the training administrator.
    "training:compliance": ("GET", lambda f: "/training/compliance/", trainer_only(200)),
    "training:compliance_csv": ("GET", lambda f: "/training/compliance.csv", trainer_only(200)),
    "training:compliance_xlsx": (
        "GET",
        lambda f: "/training/compliance.xlsx",
        trainer_only(200),
    ),
    "training:learner_detail": (
        "GET",
        lambda f: f"/training/learners/{f['tr_learner']}/",
        row(302, 404, training_admin=200, law_enforcement=200),
    ),
    "training:session_list": ("GET", lambda f: "/training/sessions/", trainer_only(200)),
    "training:session_detail": (
        "GET",
        lambda f: f"/training/sessions/{f['tr_session']}/",
        trainer_only(200),
    ),
    "training:development": ("GET", lambda f: "/training/development/", row(302, 200)),
    "training:contacts": ("GET", lambda f: "/training/contacts/", trainer_only(200)),
    "training:contact_revoke": (
        "POST",
        lambda f: f"/training/contacts/{f['tr_contact']}/revoke/",
        trainer_only(302),
    ),
    # The API (/api/v1/training/...). The table's empty body is a form, not JSON: 415
    # once the caller may act; the detective is the learner.
    "api-training-programs": ("GET", lambda f: "/api/v1/training/programs/", row(401, 200)),
    "api-training-program": (
        "GET",
        lambda f: f"/api/v1/training/programs/{f['tr_program']}/",
        row(401, 200),
    ),
    "api-training-modules": (
        "GET",
        lambda f: f"/api/v1/training/programs/{f['tr_program']}/modules/",
        row(401, 200),
    ),
    # Anyone signed in may enrol themselves (in the other program).
    "api-training-enrol": (
        "POST",
        lambda f: f"/api/v1/training/programs/{f['tr_other_program']}/enrol/",
        row(401, 201),
    ),
    "api-training-enrolments": (
        "GET",
        lambda f: "/api/v1/training/enrolments/",
        row(401, 200),
    ),
    "api-training-enrolment": (
        "GET",
        lambda f: f"/api/v1/training/enrolments/{f['tr_enrolment']}/",
        api_learner(200),
    ),
    "api-training-quiz-answers": (
        "POST",
        lambda f: (
            f"/api/v1/training/enrolments/{f['tr_enrolment']}/modules/{f['tr_quiz']}/answers/"
        ),
        api_learner(415, trainer=403),
    ),
    "api-training-reading-done": (
        "POST",
        lambda f: (
            f"/api/v1/training/enrolments/{f['tr_enrolment']}/modules/{f['tr_reading']}/read/"
        ),
        api_learner(200, trainer=403),
    ),
    "api-training-completions": (
        "GET",
        lambda f: "/api/v1/training/completions/",
        row(401, 200),
    ),
    "api-training-verify": (
        "POST",
        lambda f: "/api/v1/training/completions/verify/",
        row(401, 415),
    ),
    "api-training-compliance": (
        "GET",
        lambda f: "/api/v1/training/compliance/",
        row(401, 403, training_admin=200),
    ),
}
