"""Edit pages of the investigation sections. The case page shows them (panels.py); each
form has its own page. A view: find the case (404 if hidden), check who may write (a
refusal page naming the statute), validate, call one service, go back to the case."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.audit.services import audit_access
from haven.cases.access import cases_visible_to
from haven.cases.models import Case
from haven.cases.selectors import get_visible_case
from haven.core.errors import HavenError
from haven.investigations import forms, selectors, services
from haven.investigations.models import (
    Charge,
    ChildProtectionInvestigation,
    LawEnforcementInvestigation,
    ProsecutionMatter,
)

GET_POST = require_http_methods(["GET", "POST"])


def _back(case: Case, anchor: str) -> str:
    return reverse("cases:case_detail", kwargs={"public_id": case.public_id}) + f"#{anchor}"


def _refused(request, case: Case, error: HavenError, anchor: str) -> HttpResponse:
    if error.status == 404:
        raise Http404
    return render(
        request,
        "investigations/refused.html",
        {"case": case, "error": error, "back": _back(case, anchor)},
        status=error.status,
    )


def _page(request, case, form, *, title, anchor, submit, intro="", status=200, extra=None):
    if request.method == "GET" and not getattr(request, "_haven_read_audited", False):
        # The form's heading names the child: opening it is a read of the case.
        audit_access(
            actor=request.user, target=case, case_id=case.public_id, request=request, what=title
        )
    context = {
        "case": case,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit,
        "back": _back(case, anchor),
    }
    return render(request, "investigations/form.html", context | (extra or {}), status=status)


def _saved(request, case, anchor, message) -> HttpResponse:
    messages.success(request, message)
    return redirect(_back(case, anchor))


def _pick(choices, public_id):
    """The object among `choices` with this public id, or None for a blank choice."""
    if not public_id:
        return None
    return next((c for c in choices if str(c.public_id) == public_id), None)


def _read(request, record, case, what: str) -> None:
    request._haven_read_audited = True  # the form page (_page) need not audit it again
    audit_access(
        actor=request.user, target=record, case_id=case.public_id, request=request, what=what
    )


# --- law enforcement ---------------------------------------------------------------------

LE = "law-enforcement"
LE_INTRO = _(
    "Criminal investigative work of the team is undertaken by its law-enforcement members "
    "(Gen. Stat. § 17a-106f)."
)


def _le_form_page(request, case, investigation: LawEnforcementInvestigation | None):
    try:
        services.require_criminal_worker(request.user, case)
    except HavenError as error:
        return _refused(request, case, error, LE)
    officers = list(selectors.eligible_officers(case))
    if investigation is not None:
        initial = {
            f: getattr(investigation, f)
            for f in ("report_number", "opened_on", "status", "outcome")
            + ("outcome_on", "closed_on", "narrative")
        } | {"officer": str(investigation.officer.public_id)}
    else:
        initial = {"officer": str(request.user.public_id)}
    form = forms.LawEnforcementForm(
        request.POST if request.method == "POST" else None, officers=officers, initial=initial
    )
    title = _("Law-enforcement investigation")
    if request.method == "GET" and investigation is not None:
        _read(request, investigation, case, "law-enforcement investigation form")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["officer"] = _pick(officers, data["officer"])
        try:
            if investigation is None:
                services.le_investigation_open(
                    actor=request.user, case=case, request=request, **data
                )
            else:
                services.le_investigation_update(
                    actor=request.user, investigation=investigation, request=request, **data
                )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return _saved(request, case, LE, _("Law-enforcement investigation saved."))
    return _page(
        request,
        case,
        form,
        title=title,
        anchor=LE,
        submit=_("Save the investigation"),
        intro=LE_INTRO,
        status=400 if request.method == "POST" else 200,
    )


@GET_POST
def le_create(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    return _le_form_page(request, case, None)


@GET_POST
def le_edit(request: HttpRequest, case_id, investigation_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    investigation = LawEnforcementInvestigation.objects.filter(
        case=case, public_id=investigation_id
    ).first()
    if investigation is None:
        raise Http404
    return _le_form_page(request, case, investigation)


# --- child protection --------------------------------------------------------------------

CP = "child-protection"
CP_INTRO = _(
    "Child protection investigative work of the team is undertaken by its DCF members "
    "(Gen. Stat. § 17a-106f)."
)


def _cp_or_refusal(request, case):
    try:
        services.require_dcf_worker(request.user, case)
    except HavenError as error:
        return None, _refused(request, case, error, CP)
    return ChildProtectionInvestigation.objects.filter(case=case).first(), None


@GET_POST
def cp_edit(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    investigation, refusal = _cp_or_refusal(request, case)
    if refusal:
        return refusal
    workers = list(selectors.eligible_dcf_workers(case))
    initial = {"worker": str(request.user.public_id)}
    if investigation is not None:
        initial = {
            f: getattr(investigation, f)
            for f in ("careline_report_number", "careline_reported_on", "status", "finding")
            + ("finding_on", "safety_decisions")
        } | {"worker": str(investigation.worker.public_id) if investigation.worker else ""}
        if request.method == "GET":
            _read(request, investigation, case, "child-protection investigation form")
    form = forms.ChildProtectionForm(
        request.POST if request.method == "POST" else None, workers=workers, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["worker"] = _pick(workers, data["worker"])
        try:
            services.cp_investigation_save(actor=request.user, case=case, request=request, **data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return _saved(request, case, CP, _("Child-protection investigation saved."))
    return _page(
        request,
        case,
        form,
        title=_("Child-protection investigation"),
        anchor=CP,
        submit=_("Save the investigation"),
        intro=CP_INTRO,
        status=400 if request.method == "POST" else 200,
    )


def _cp_child_form(request, case_id, form_class, *, title, submit, save, done, **form_kwargs):
    case = get_visible_case(request.user, case_id)
    investigation, refusal = _cp_or_refusal(request, case)
    if refusal:
        return refusal
    if investigation is None:
        error = HavenError(_("Record DCF's investigation (the Careline report) first."))
        return _refused(request, case, error, CP)
    kwargs = {k: v(case) for k, v in form_kwargs.items()}
    form = form_class(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(request, investigation, form.cleaned_data, **kwargs)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return _saved(request, case, CP, done)
    return _page(
        request,
        case,
        form,
        title=title,
        anchor=CP,
        submit=submit,
        intro=CP_INTRO,
        status=400 if request.method == "POST" else 200,
    )


@GET_POST
def hearing_add(request: HttpRequest, case_id) -> HttpResponse:
    def save(request, investigation, data):
        services.hearing_record(
            actor=request.user, investigation=investigation, request=request, **data
        )

    return _cp_child_form(
        request,
        case_id,
        forms.HearingForm,
        title=_("Record a juvenile court hearing"),
        submit=_("Record the hearing"),
        save=save,
        done=_("Hearing recorded."),
    )


@GET_POST
def reliance_add(request: HttpRequest, case_id) -> HttpResponse:
    def save(request, investigation, data, investigations):
        item = _pick(investigations, data.pop("item"))
        services.reliance_record(
            actor=request.user,
            investigation=investigation,
            item_id=item.public_id if item else None,
            request=request,
            **data,
        )

    return _cp_child_form(
        request,
        case_id,
        forms.RelianceForm,
        title=_("Record team information DCF relied on"),
        submit=_("Record it"),
        save=save,
        done=_("Recorded: DCF relied on this team information."),
        investigations=selectors.le_investigations,
    )


# --- prosecution ------------------------------------------------------------------------

PROS = "prosecution"


def _prosecutor_or_refusal(request, case):
    try:
        services.require_prosecutor(request.user, case)
    except HavenError as error:
        return _refused(request, case, error, PROS)
    return None


def _matter(case, matter_id) -> ProsecutionMatter:
    matter = ProsecutionMatter.objects.filter(public_id=matter_id, links__case=case).first()
    if matter is None:
        raise Http404
    return matter


def _prosecution_page(request, case, matter: ProsecutionMatter | None):
    refusal = _prosecutor_or_refusal(request, case)
    if refusal:
        return refusal
    offenders = list(selectors.alleged_offenders(case))
    initial = {}
    if matter is not None:
        initial = {
            f: getattr(matter, f)
            for f in ("docket_number", "decision", "decision_on", "declined_reason", "appeal")
        }
        offender = matter.alleged_offender
        initial["alleged_offender"] = str(offender.public_id) if offender else ""
        if offender is not None and offender not in offenders:
            offenders.append(offender)
        if request.method == "GET":
            _read(request, matter, case, "prosecution form")
    form = forms.ProsecutionForm(
        request.POST if request.method == "POST" else None, offenders=offenders, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["alleged_offender"] = _pick(offenders, data["alleged_offender"])
        try:
            if matter is None:
                services.prosecution_open(actor=request.user, case=case, request=request, **data)
            else:
                services.prosecution_update(
                    actor=request.user, case=case, matter=matter, request=request, **data
                )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return _saved(request, case, PROS, _("Prosecution saved."))
    return _page(
        request,
        case,
        form,
        title=_("Prosecution"),
        anchor=PROS,
        submit=_("Save the prosecution"),
        status=400 if request.method == "POST" else 200,
    )


@GET_POST
def prosecution_create(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    return _prosecution_page(request, case, None)


@GET_POST
def prosecution_edit(request: HttpRequest, case_id, matter_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    return _prosecution_page(request, case, _matter(case, matter_id))


def _matter_form(request, case_id, matter_id, form_class, *, title, submit, save, done, **kw):
    case = get_visible_case(request.user, case_id)
    matter = _matter(case, matter_id)
    refusal = _prosecutor_or_refusal(request, case)
    if refusal:
        return refusal
    form = form_class(request.POST if request.method == "POST" else None, **kw)
    if request.method == "POST" and form.is_valid():
        try:
            save(case, matter, form.cleaned_data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return _saved(request, case, PROS, done)
    return _page(
        request,
        case,
        form,
        title=title,
        anchor=PROS,
        submit=submit,
        status=400 if request.method == "POST" else 200,
        extra={"matter": matter},
    )


@GET_POST
def charge_add(request: HttpRequest, case_id, matter_id) -> HttpResponse:
    def save(case, matter, data):
        services.charge_file(actor=request.user, case=case, matter=matter, request=request, **data)

    return _matter_form(
        request,
        case_id,
        matter_id,
        forms.ChargeForm,
        title=_("Add a charge"),
        submit=_("Add the charge"),
        save=save,
        done=_("Charge recorded."),
    )


@GET_POST
def charge_dispose(request: HttpRequest, case_id, matter_id, charge_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    charge = Charge.objects.filter(
        public_id=charge_id, matter__public_id=matter_id, matter__links__case=case
    ).first()
    if charge is None:
        raise Http404

    def save(case, matter, data):
        services.charge_dispose(
            actor=request.user, case=case, charge=charge, request=request, **data
        )

    initial = {"disposition": charge.disposition, "disposed_on": charge.disposed_on}
    initial["sentence"] = charge.sentence
    return _matter_form(
        request,
        case_id,
        matter_id,
        forms.DispositionForm,
        title=_("Disposition of § %(statute)s %(description)s")
        % {"statute": charge.statute, "description": charge.description},
        submit=_("Record the disposition"),
        save=save,
        done=_("Disposition recorded."),
        initial=initial,
    )


@GET_POST
def prosecution_link(request: HttpRequest, case_id, matter_id) -> HttpResponse:
    def save(case, matter, data):
        other = cases_visible_to(request.user).filter(number__iexact=data["case_number"].strip())
        other = other.first()
        if other is None:
            raise HavenError(_("No case with that number that you may see."), field="case_number")
        services.prosecution_link_case(
            actor=request.user, case=case, matter=matter, other=other, request=request
        )

    return _matter_form(
        request,
        case_id,
        matter_id,
        forms.LinkCaseForm,
        title=_("Link a co-victim's case"),
        submit=_("Link the case"),
        save=save,
        done=_("Case linked to the prosecution."),
    )


# --- trafficking ------------------------------------------------------------------------

TR = "trafficking"


@GET_POST
def trafficking_edit(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    try:
        services.require_trafficking_editor(request.user, case)
    except HavenError as error:
        return _refused(request, case, error, TR)
    details = selectors.trafficking(case)
    businesses = list(selectors.lodging_businesses())
    initial = {}
    if details is not None:
        initial = {
            f: getattr(details, f)
            for f in ("kind", "setting", "location_notes", "dcf_notified", "dcf_notified_at")
            + ("hotline_contacted", "hotline_contacted_on")
        }
        initial["indicators"] = [i.code for i in details.indicators.all()]
        business = details.lodging_business
        initial["lodging_business"] = str(business.public_id) if business else ""
        if business is not None and business not in businesses:
            businesses.append(business)
        if request.method == "GET":
            _read(request, details, case, "trafficking details form")
    form = forms.TraffickingForm(
        request.POST if request.method == "POST" else None, businesses=businesses, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["lodging_business"] = _pick(businesses, data["lodging_business"])
        try:
            services.trafficking_save(actor=request.user, case=case, request=request, **data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return _saved(request, case, TR, _("Trafficking details saved."))
    return _page(
        request,
        case,
        form,
        title=_("Trafficking details"),
        anchor=TR,
        submit=_("Save the details"),
        intro=_(
            "Minors identified as trafficking victims, and those DCF reasonably believes may "
            "be, may be served by DCF (Gen. Stat. § 17a-106a(e)): notify its trafficking "
            "response team through the Careline, 1-800-842-2288."
        ),
        status=400 if request.method == "POST" else 200,
    )
