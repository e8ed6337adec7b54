"""Training pages: programs, the learner's modules, certificates and their public check,
self-registration, compliance with exports, in-person sessions, professional development.

Learner pages serve a signed-in staff user or an external learner whose email link put
their learner id in the session; they are marked login_not_required and check the owner.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.core import exports
from haven.core.errors import HavenError
from haven.core.net import client_key
from haven.training import rules, selectors, services
from haven.training.forms import (
    ContactForm,
    DevelopmentForm,
    ModuleForm,
    ProgramForm,
    RegistrationForm,
    SessionForm,
    SignInForm,
    VerifyForm,
    parse_questions,
)
from haven.training.http import stream_file
from haven.training.models import (
    Audience,
    Completion,
    EmployerContact,
    Enrolment,
    Learner,
    Module,
    ModuleKind,
    ModuleProgress,
    Program,
    TrainingSession,
)

SESSION_KEY = "training_learner"
PUBLIC_LIMIT = 20  # public form posts per address per hour


def _rate_limited(request: HttpRequest, bucket: str, limit: int = PUBLIC_LIMIT) -> bool:
    key = f"training:{bucket}:{client_key(request)}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > limit


def _require_trainer(request: HttpRequest) -> None:
    if not services.is_trainer(request.user):
        raise PermissionDenied


def _current_learner(request: HttpRequest) -> Learner | None:
    if request.user.is_authenticated:
        return services.learner_for_user(request.user)
    pk = request.session.get(SESSION_KEY)
    return Learner.objects.filter(pk=pk, user__isnull=True).first() if pk else None


def _enrolment_or_404(request: HttpRequest, public_id) -> Enrolment:
    learner = _current_learner(request)
    enrolment = (
        Enrolment.objects.select_related("program", "learner")
        .filter(public_id=public_id, learner=learner)
        .first()
        if learner
        else None
    )
    if enrolment is None:
        raise Http404
    return enrolment


def _module_or_404(enrolment: Enrolment, module_id) -> Module:
    module = enrolment.program.modules.filter(public_id=module_id).first()
    if module is None:
        raise Http404
    return module


# --- Programs --------------------------------------------------------------------


@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    learner = services.learner_for_user(request.user)
    enrolments = learner.enrolments.select_related("program").order_by("-enrolled_at")
    completions = learner.completions.select_related("program").order_by("-completed_on")
    return render(
        request,
        "training/program_list.html",
        {
            "programs": selectors.programs_list(),
            "enrolments": enrolments,
            "completions": completions,
            "trainer": services.is_trainer(request.user),
            "compliance": selectors.can_see_compliance(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    _require_trainer(request)
    form = ProgramForm(request.POST or None, initial={"citation": rules.CITATION})
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                actor=request.user, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Program created. Now add its modules."))
            return redirect("training:program_detail", public_id=program.public_id)
    return render(request, "training/program_form.html", {"form": form})


def _program_or_404(public_id) -> Program:
    program = Program.objects.filter(public_id=public_id).first()
    if program is None:
        raise Http404
    return program


@require_GET
def program_detail(request: HttpRequest, public_id) -> HttpResponse:
    program = _program_or_404(public_id)
    learner = services.learner_for_user(request.user)
    enrolment = learner.enrolments.filter(program=program, completed_at__isnull=True).first()
    return render(
        request,
        "training/program_detail.html",
        {
            "program": program,
            "modules": program.modules.all(),
            "enrolment": enrolment,
            "trainer": services.is_trainer(request.user),
            "module_form": ModuleForm(),
            "audience_kinds": ", ".join(program.agency_kinds),
        },
    )


@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, public_id) -> HttpResponse:
    _require_trainer(request)
    program = _program_or_404(public_id)
    form = ModuleForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["kind"] == ModuleKind.VIDEO:
                    services.module_add_video(
                        actor=request.user,
                        program=program,
                        title=data["title"],
                        body=data["body"],
                        video=data["video"],
                        captions=data["captions"],
                        request=request,
                    )
                elif data["kind"] == ModuleKind.READING:
                    services.module_add_reading(
                        actor=request.user,
                        program=program,
                        title=data["title"],
                        body=data["body"],
                        request=request,
                    )
                else:
                    services.module_add_quiz(
                        actor=request.user,
                        program=program,
                        title=data["title"],
                        body=data["body"],
                        questions=parse_questions(data["questions"]),
                        request=request,
                    )
            except HavenError as error:
                form.add_haven_error(error)
            else:
                messages.success(request, _("Module added."))
                return redirect("training:program_detail", public_id=program.public_id)
    return render(
        request, "training/module_form.html", {"form": form, "program": program}, status=status
    )


@require_POST
def enrol_self(request: HttpRequest, public_id) -> HttpResponse:
    program = _program_or_404(public_id)
    learner = services.learner_for_user(request.user)
    try:
        enrolment = services.enrol(
            actor=request.user, learner=learner, program=program, request=request
        )
    except HavenError as error:
        messages.error(request, error.message)
        return redirect("training:program_detail", public_id=program.public_id)
    return redirect("training:enrolment", public_id=enrolment.public_id)


# --- Learning ----------------------------------------------------------------------


def _progress_map(enrolment: Enrolment) -> dict[int, ModuleProgress]:
    return {p.module_id: p for p in ModuleProgress.objects.filter(enrolment=enrolment)}


@login_not_required
@require_GET
def enrolment_detail(request: HttpRequest, public_id) -> HttpResponse:
    if not request.user.is_authenticated and not request.session.get(SESSION_KEY):
        return redirect(f"{reverse('account_login')}?next={request.path}")
    enrolment = _enrolment_or_404(request, public_id)
    progress = _progress_map(enrolment)
    modules = [
        {"module": m, "done": bool(progress.get(m.pk) and progress[m.pk].completed_at)}
        for m in enrolment.program.modules.all()
    ]
    completion = Completion.objects.filter(enrolment=enrolment).first()
    return render(
        request,
        "training/enrolment.html",
        {"enrolment": enrolment, "modules": modules, "completion": completion},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def module_page(request: HttpRequest, public_id, module_id) -> HttpResponse:
    if not request.user.is_authenticated and not request.session.get(SESSION_KEY):
        return redirect(f"{reverse('account_login')}?next={request.path}")
    enrolment = _enrolment_or_404(request, public_id)
    module = _module_or_404(enrolment, module_id)
    error, attempt, answers, status = None, None, {}, 200
    if request.method == "POST":
        try:
            if module.kind == ModuleKind.READING:
                services.reading_done(enrolment=enrolment, module=module, request=request)
                return redirect("training:enrolment", public_id=enrolment.public_id)
            if module.kind == ModuleKind.QUIZ:
                answers = {
                    k.removeprefix("q-"): v for k, v in request.POST.items() if k.startswith("q-")
                }
                attempt = services.quiz_submit(
                    enrolment=enrolment, module=module, answers=answers, request=request
                )
            else:
                raise HavenError(_("A video is marked watched by playing it through."))
        except HavenError as exc:
            error, status = exc, 400
    progress = ModuleProgress.objects.filter(enrolment=enrolment, module=module).first()
    questions = list(module.questions.prefetch_related("choices")) if module.kind == "quiz" else []
    chosen = attempt.answers if attempt else answers
    for q in questions:
        q.chosen = chosen.get(str(q.pk), "")
    enrolment.refresh_from_db()
    return render(
        request,
        "training/module.html",
        {
            "enrolment": enrolment,
            "module": module,
            "progress": progress,
            "questions": questions,
            "attempt": attempt,
            "error": error,
            "completion": Completion.objects.filter(enrolment=enrolment).first(),
        },
        status=status,
    )


@login_not_required
@require_POST
def module_progress(request: HttpRequest, public_id, module_id) -> JsonResponse:
    enrolment = _enrolment_or_404(request, public_id)
    module = _module_or_404(enrolment, module_id)
    if len(request.body) > 16 * 1024:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        segments = json.loads(request.body or b"{}").get("segments", [])
        if not isinstance(segments, list):
            raise HavenError("segments must be a list")
        progress = services.progress_report(enrolment=enrolment, module=module, segments=segments)
    except (ValueError, AttributeError):
        return JsonResponse({"error": 'Send JSON: {"segments": [[start, end], ...]}'}, status=400)
    except HavenError as error:
        return JsonResponse({"error": error.message}, status=error.status)
    return JsonResponse(
        {
            "watched": progress.completed_at is not None,
            "covered": round(rules.covered_seconds(progress.segments), 1),
            "duration": module.duration_seconds,
        }
    )


def _module_for_media(request: HttpRequest, module_id) -> Module:
    """A module's media: for a training administrator, or a learner enrolled in it."""
    module = Module.objects.select_related("program").filter(public_id=module_id).first()
    if module is None or module.kind != ModuleKind.VIDEO:
        raise Http404
    if services.is_trainer(request.user):
        return module
    learner = _current_learner(request)
    if learner is None or not learner.enrolments.filter(program=module.program_id).exists():
        raise Http404
    return module


@login_not_required
@require_GET
def module_video(request: HttpRequest, module_id) -> HttpResponse:
    module = _module_for_media(request, module_id)
    return stream_file(
        module.video,
        size=module.video_size,
        content_type=module.video_content_type,
        range_header=request.headers.get("Range", ""),
        name=f"training-{module.public_id}.{module.video.name.rsplit('.', 1)[-1]}",
    )


@login_not_required
@require_GET
def module_captions(request: HttpRequest, module_id) -> HttpResponse:
    module = _module_for_media(request, module_id)
    with module.captions.open("rb") as handle:
        return HttpResponse(handle.read(), content_type="text/vtt; charset=utf-8")


# --- Certificates and their public check ---------------------------------------------


def _completion_visible(request: HttpRequest, completion: Completion) -> bool:
    learner = _current_learner(request)
    if learner and completion.learner_id == learner.pk:
        return True
    return selectors.learners_visible_to(request.user).filter(pk=completion.learner_id).exists()


@login_not_required
@require_GET
def certificate_pdf(request: HttpRequest, public_id) -> HttpResponse:
    from haven.core.pdf import html_to_pdf

    completion = (
        Completion.objects.select_related("learner", "program", "learner__employer")
        .filter(public_id=public_id)
        .first()
    )
    if completion is None or not _completion_visible(request, completion):
        raise Http404
    html = render_to_string(
        "training/certificate_pdf.html",
        {
            "completion": completion,
            "verify_url": request.build_absolute_uri(reverse("training:verify")),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{completion.verification_code}.pdf"'
    )
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: name, program, date and validity, and nothing else. The code is posted, not
    put in the address, and checks are rate-limited per address."""
    form = VerifyForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST":
        if _rate_limited(request, "verify"):
            form.add_error(None, _("Too many checks from this address: try again in an hour."))
            status = 429
        elif form.is_valid():
            completion = selectors.completion_by_code(form.cleaned_data["code"])
            if completion is None:
                form.add_error(
                    "code",
                    _("No certificate has this code. Check it against the certificate."),
                )
                status = 404
            else:
                result = selectors.verification(completion, on=timezone.localdate())
    return render(request, "training/verify.html", {"form": form, "result": result}, status=status)


# --- Self-registration -------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request, "register", limit=10):
            form.add_error(None, _("Too many registrations from this address: try again later."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                _registration, token = services.registration_request(request=request, **data)
            except HavenError as error:
                form.add_haven_error(error)
                status = 400
            else:
                link = request.build_absolute_uri(
                    reverse("training:register_confirm", args=[token])
                )
                send_mail(
                    _("Confirm your email to start your training"),
                    _(
                        "Hello %(name)s,\n\nFollow this link within 24 hours to confirm your "
                        "email and start “%(program)s”:\n\n%(link)s\n\nIf you did not ask for "
                        "this, ignore this message.\n"
                    )
                    % {"name": data["full_name"], "program": data["program"].title, "link": link},
                    None,
                    [data["email"]],
                )
                return render(request, "training/register_sent.html", {"email": data["email"]})
        else:
            status = 400
    return render(request, "training/register.html", {"form": form}, status=status)


@login_not_required
@require_GET
def register_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        learner, enrolment = services.registration_confirm(token=token[:100], request=request)
    except HavenError as error:
        return render(request, "training/register_expired.html", {"error": error}, status=400)
    if not request.user.is_authenticated:
        request.session.cycle_key()
        request.session[SESSION_KEY] = learner.pk
    return redirect("training:enrolment", public_id=enrolment.public_id)


# --- Compliance and learners --------------------------------------------------------


def _compliance(request: HttpRequest):
    if not selectors.can_see_compliance(request.user):
        raise PermissionDenied
    audience = request.GET.get("audience", "")
    if audience not in Audience.values:
        audience = ""
    return audience, *selectors.compliance(request.user, on=timezone.localdate(), audience=audience)


@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    audience, rows, standings = _compliance(request)
    return render(
        request,
        "training/compliance.html",
        {
            "rows": rows,
            "standings": sorted(standings, key=lambda s: (s.next_due is None, s.next_due)),
            "audience": audience,
            "audiences": Audience.choices,
            "today": timezone.localdate(),
        },
    )


EXPORT_HEADER = [
    "Organisation",
    "Learner",
    "Email",
    "Audience",
    "Last completed",
    "Next due",
    "Standing",
]


def _export_rows(standings):
    for s in sorted(standings, key=lambda s: (s.learner.employer.name, s.learner.full_name)):
        yield [
            s.learner.employer.name,
            s.learner.full_name,
            s.learner.email,
            s.audience_label,
            s.last_completed.isoformat() if s.last_completed else "",
            s.next_due.isoformat() if s.next_due else "",
            s.standing.replace("_", " "),
        ]


@require_GET
def compliance_csv(request: HttpRequest) -> HttpResponse:
    _audience, _rows, standings = _compliance(request)
    rows = [EXPORT_HEADER, *_export_rows(standings)]
    return exports.csv_response(rows, "haven-training-compliance.csv")


@require_GET
def compliance_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl.styles import Font

    _audience, _rows, standings = _compliance(request)
    book = exports.Workbook()
    sheet = book.sheet("Compliance")
    for cell in sheet.append(EXPORT_HEADER):
        cell.font = Font(bold=True)
    for line in _export_rows(standings):
        sheet.append(line)
    return book.response("haven-training-compliance.xlsx")


@require_GET
def learner_detail(request: HttpRequest, public_id) -> HttpResponse:
    learner = selectors.learners_visible_to(request.user).filter(public_id=public_id).first()
    if learner is None:
        raise Http404
    enrolments, completions = selectors.learner_history(learner)
    standings = selectors.learner_standings(
        Learner.objects.filter(pk=learner.pk), on=timezone.localdate()
    )
    return render(
        request,
        "training/learner.html",
        {
            "learner": learner,
            "enrolments": enrolments,
            "completions": completions,
            "standings": standings,
        },
    )


# --- In-person sessions ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest) -> HttpResponse:
    _require_trainer(request)
    form = SessionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                session = services.session_schedule(
                    actor=request.user, request=request, **form.cleaned_data
                )
            except HavenError as error:
                form.add_haven_error(error)
            else:
                messages.success(request, _("Session scheduled."))
                return redirect("training:session_detail", public_id=session.public_id)
    sessions = TrainingSession.objects.select_related("program", "trainer")[:100]
    return render(
        request, "training/sessions.html", {"form": form, "sessions": sessions}, status=status
    )


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, public_id) -> HttpResponse:
    session = (
        TrainingSession.objects.select_related("program", "trainer")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise Http404
    if not services.is_trainer(request.user) and request.user != session.trainer:
        raise PermissionDenied
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            learner = Learner.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            try:
                if learner is None:
                    raise HavenError(
                        _("No learner has this email: they register first."), field="email"
                    )
                services.session_sign_in(
                    actor=request.user, session=session, learner=learner, request=request
                )
            except HavenError as error:
                form.add_haven_error(error)
            else:
                messages.success(request, _("Signed in: %(name)s") % {"name": learner.full_name})
                return redirect("training:session_detail", public_id=session.public_id)
    attendance = session.attendance.select_related("learner", "learner__employer")
    return render(
        request,
        "training/session_detail.html",
        {"session": session, "attendance": attendance, "form": form},
        status=status,
    )


# --- MDT professional development ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def development(request: HttpRequest) -> HttpResponse:
    form = DevelopmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.development_record(
                    actor=request.user, request=request, **form.cleaned_data
                )
            except HavenError as error:
                form.add_haven_error(error)
            else:
                messages.success(request, _("Hours recorded."))
                return redirect("training:development")
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    totals, activities = selectors.development_hours(request.user, year=year)
    return render(
        request,
        "training/development.html",
        {"form": form, "totals": totals, "activities": activities, "year": year},
        status=status,
    )


# --- Employers' designated contacts ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    """The training administrator designates, for an employer, the staff member who sees
    that employer's staff's training records (and revokes them)."""
    from haven.accounts.models import User

    _require_trainer(request)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            user = (
                User.objects.select_related("agency")
                .filter(email__iexact=form.cleaned_data["email"])
                .first()
            )
            try:
                if user is None:
                    raise HavenError(
                        _(
                            "No Haven staff account has this email: check it, or ask the "
                            "security officer to create the account first."
                        ),
                        field="email",
                    )
                contact = services.employer_contact_designate(
                    actor=request.user,
                    agency=form.cleaned_data["employer"],
                    user=user,
                    request=request,
                )
            except HavenError as error:
                if error.field == "user":
                    error.field = "email"
                form.add_haven_error(error)
            else:
                messages.success(
                    request,
                    _("%(name)s now sees the training records of staff at %(agency)s.")
                    % {"name": contact.user.full_name, "agency": contact.agency.name},
                )
                return redirect("training:contacts")
    designated = EmployerContact.objects.select_related("agency", "user").order_by(
        "agency__name", "user__full_name"
    )
    return render(
        request,
        "training/contacts.html",
        {"form": form, "contacts": designated},
        status=status,
    )


@require_POST
def contact_revoke(request: HttpRequest, public_id) -> HttpResponse:
    _require_trainer(request)
    contact = (
        EmployerContact.objects.select_related("agency", "user").filter(public_id=public_id).first()
    )
    if contact is None:
        raise Http404
    services.employer_contact_revoke(actor=request.user, contact=contact, request=request)
    messages.success(
        request,
        _("%(name)s no longer sees the training records of staff at %(agency)s.")
        % {"name": contact.user.full_name, "agency": contact.agency.name},
    )
    return redirect("training:contacts")
