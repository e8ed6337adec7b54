"""Pages of the services app, under /cases/<case>/services/. A view: find the case (404
if hidden), check the role (a refusal page), validate, call one service, go back. Every
read of a record of the child is audited."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.audit.services import audit_access
from haven.cases.selectors import get_visible_case
from haven.core.errors import HavenError
from haven.directory.models import Agency
from haven.services import forms, rules, selectors, services
from haven.services.models import ServiceType

GET_POST = require_http_methods(["GET", "POST"])


def _back(case, anchor: str) -> str:
    return reverse("cases:case_detail", kwargs={"public_id": case.public_id}) + f"#{anchor}"


def _refused(request, case, message: str, anchor: str, status: int = 403) -> HttpResponse:
    return render(
        request,
        "services/refused.html",
        {"case": case, "message": message, "back": _back(case, anchor)},
        status=status,
    )


def _page(request, case, form, *, title, anchor, submit, intro="", back=None):
    if request.method == "GET":
        # The form's heading names the child: opening it is a read of the case.
        audit_access(
            actor=request.user, target=case, case_id=case.public_id, request=request, what=title
        )
    return render(
        request,
        "services/form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "back": back or _back(case, anchor),
        },
        status=400 if request.method == "POST" else 200,
    )


def _pick(items, public_id):
    if not public_id:
        return None
    return next((i for i in items if str(i.public_id) == public_id), None)


def _may_edit(levels, section) -> bool:
    return levels.get(section, Level.NONE) >= Level.EDIT


def _referral_url(case, referral) -> str:
    return reverse(
        "services:referral_detail",
        kwargs={"case_id": case.public_id, "referral_id": referral.public_id},
    )


# --- referrals ----------------------------------------------------------------------------


@GET_POST
def referral_create(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    levels = case_section_levels(request.user, case)
    types = [t for t in ServiceType.values if rules.may_refer(levels, t)]
    if not types:
        return _refused(request, case, _("Your role may not make referrals."), "services")
    providers = [case.cac] + list(
        Agency.objects.filter(is_active=True).exclude(pk=case.cac_id).order_by("name")
    )
    form = forms.ReferralForm(
        request.POST if request.method == "POST" else None,
        providers=providers,
        service_types=types,
        initial={"referred_on": timezone.localdate(), "provider": str(case.cac.public_id)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["provider"] = _pick(providers, data["provider"])
        try:
            referral = services.referral_make(
                actor=request.user, case=case, request=request, **data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Referral made."))
            return redirect(_referral_url(case, referral))
    child = case.child
    intro = _(
        "The child's age on the referral date decides DCF services for minor victims of "
        "trafficking (Gen. Stat. §§ 17a-106a(e); 17a-106f(a))."
    )
    if rules.age_is_estimated(child):
        intro += " " + _("The child's age is an estimate (%(age)s).") % {"age": child.estimated_age}
    return _page(
        request,
        case,
        form,
        title=_("Make a referral"),
        anchor="services",
        submit=_("Make the referral"),
        intro=intro,
    )


def _referral_or_404(request, case_id, referral_id):
    case = get_visible_case(request.user, case_id)
    referral = selectors.referral_on_case(case, referral_id)
    levels = case_section_levels(request.user, case)
    if not rules.may_view_service(levels, referral.service_type):
        # The referral's section is closed to this role: as if it did not exist.
        raise Http404
    return case, referral, levels


def _referral_page(request, case, referral, levels, *, transition=None, reminder=None, status=200):
    audit_access(
        actor=request.user,
        target=referral,
        case_id=case.public_id,
        request=request,
        what="service referral",
    )
    data = selectors.referral_page(case, referral)
    for s in data["sessions"]:
        s.note_visible = rules.may_read_note(
            request.user, levels, referral.service_type, s.note_shared
        )
    can_change = rules.may_refer(levels, referral.service_type)
    verbs = rules.verbs_allowed(referral.status)
    if can_change and verbs and transition is None:
        transition = forms.TransitionForm(verbs=verbs, initial={"on": timezone.localdate()})
    people = selectors.reminder_candidates(case) if can_change else []
    if can_change and reminder is None:
        reminder = forms.ReminderForm(people=people)
    return render(
        request,
        "services/referral_detail.html",
        {
            "case": case,
            "referral": referral,
            **data,
            "can_change": can_change,
            "can_log": rules.may_log_session(levels, referral.service_type),
            # A refused change keeps its form (and message) even when no verb is left.
            "transition_form": transition
            if can_change and (verbs or (transition is not None and transition.is_bound))
            else None,
            "reminder_form": reminder if can_change else None,
            "estimated_age": rules.age_is_estimated(case.child),
            "back": _back(case, "services"),
        },
        status=status,
    )


@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, case_id, referral_id) -> HttpResponse:
    case, referral, levels = _referral_or_404(request, case_id, referral_id)
    return _referral_page(request, case, referral, levels)


@require_POST
def referral_transition(request: HttpRequest, case_id, referral_id) -> HttpResponse:
    case, referral, levels = _referral_or_404(request, case_id, referral_id)
    if not rules.may_refer(levels, referral.service_type):
        return _refused(request, case, _("Your role may not change this referral."), "services")
    form = forms.TransitionForm(request.POST, verbs=list(rules.TRANSITIONS))
    if form.is_valid():
        try:
            services.referral_transition(
                actor=request.user, referral=referral, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Referral updated."))
            return redirect(_referral_url(case, referral))
    form.fields["verb"].choices = [
        c for c in form.fields["verb"].choices if c[0] in rules.verbs_allowed(referral.status)
    ]
    return _referral_page(request, case, referral, levels, transition=form, status=400)


@require_POST
def reminder_create(request: HttpRequest, case_id, referral_id) -> HttpResponse:
    case, referral, levels = _referral_or_404(request, case_id, referral_id)
    if not rules.may_refer(levels, referral.service_type):
        return _refused(request, case, _("Your role may not send reminders."), "services")
    people = selectors.reminder_candidates(case)
    form = forms.ReminderForm(request.POST, people=people)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["recipient"] = _pick(people, data["recipient"])
        try:
            services.reminder_request(
                actor=request.user, referral=referral, request=request, **data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Reminder queued."))
            return redirect(_referral_url(case, referral))
    return _referral_page(request, case, referral, levels, reminder=form, status=400)


@GET_POST
def session_create(request: HttpRequest, case_id, referral_id) -> HttpResponse:
    case, referral, levels = _referral_or_404(request, case_id, referral_id)
    if not rules.may_log_session(levels, referral.service_type):
        return _refused(
            request, case, _("Your role may not record sessions of this service."), "services"
        )
    form = forms.SessionForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate(), "provider_name": request.user.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_log(
                actor=request.user, referral=referral, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Session recorded."))
            return redirect(_referral_url(case, referral))
    return _page(
        request,
        case,
        form,
        title=_("Record a session or contact"),
        anchor="services",
        submit=_("Record it"),
        back=_referral_url(case, referral),
        intro=_("%(service)s referral of %(day)s")
        % {
            "service": referral.get_service_type_display(),
            "day": f"{referral.referred_on:%Y-%m-%d}",
        },
    )


# --- medical, mental health, advocacy -----------------------------------------------------


def _section_form(request, case_id, section, anchor, refusal):
    case = get_visible_case(request.user, case_id)
    levels = case_section_levels(request.user, case)
    if not _may_edit(levels, section):
        return case, _refused(request, case, refusal, anchor)
    return case, None


@GET_POST
def exam_create(request: HttpRequest, case_id) -> HttpResponse:
    case, refused = _section_form(
        request, case_id, Section.MEDICAL, "medical", _("Your role may not record medical exams.")
    )
    if refused:
        return refused
    form = forms.ExamForm(
        request.POST if request.method == "POST" else None,
        initial={"examined_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.medical_exam_record(
                actor=request.user, case=case, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Medical exam recorded."))
            return redirect(_back(case, "medical"))
    return _page(
        request,
        case,
        form,
        title=_("Record a medical exam"),
        anchor="medical",
        submit=_("Record the exam"),
    )


@GET_POST
def assessment_create(request: HttpRequest, case_id) -> HttpResponse:
    case, refused = _section_form(
        request,
        case_id,
        Section.MENTAL_HEALTH,
        "mental-health",
        _("Your role may not record mental-health assessments."),
    )
    if refused:
        return refused
    instruments = list(selectors.instruments_for(case))
    form = forms.AssessmentForm(
        request.POST if request.method == "POST" else None,
        instruments=instruments,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["instrument"] = _pick(instruments, data["instrument"])
        try:
            services.assessment_record(actor=request.user, case=case, request=request, **data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect(_back(case, "mental-health"))
    return _page(
        request,
        case,
        form,
        title=_("Record an assessment"),
        anchor="mental-health",
        submit=_("Record the score"),
    )


@GET_POST
def advocacy_create(request: HttpRequest, case_id) -> HttpResponse:
    case, refused = _section_form(
        request, case_id, Section.ADVOCACY, "advocacy", _("Your role may not record advocacy.")
    )
    if refused:
        return refused
    people = selectors.case_people(case)
    form = forms.AdvocacyForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["with_person"] = _pick(people, data["with_person"])
        try:
            services.advocacy_record(actor=request.user, case=case, request=request, **data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Advocacy recorded."))
            return redirect(_back(case, "advocacy"))
    return _page(
        request, case, form, title=_("Record advocacy"), anchor="advocacy", submit=_("Record it")
    )


@GET_POST
def compensation_create(request: HttpRequest, case_id) -> HttpResponse:
    case, refused = _section_form(
        request,
        case_id,
        Section.ADVOCACY,
        "advocacy",
        _("Your role may not record compensation applications."),
    )
    if refused:
        return refused
    form = forms.CompensationForm(
        request.POST if request.method == "POST" else None,
        initial={"applied_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.compensation_record(
                actor=request.user, case=case, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Compensation application recorded."))
            return redirect(_back(case, "advocacy"))
    return _page(
        request,
        case,
        form,
        title=_("Record a compensation application"),
        anchor="advocacy",
        submit=_("Record it"),
    )
