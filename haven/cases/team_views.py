"""The case team and the security officer's access controls: small POST views that call
one service each and go back to the case page (or show it again with the refusal)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.access.models import Level, Section
from haven.access.rules import Capability, has_capability, section_level
from haven.cases import selectors, services
from haven.cases.access import can_view_case
from haven.cases.forms import AssignmentEndForm, AssignmentForm, DenyForm, RestrictForm
from haven.cases.models import Case
from haven.cases.views import access_context, render_case_page
from haven.core.errors import HavenError


def _require_assigner(request: HttpRequest) -> None:
    if section_level(request.user, Section.GENERAL) < Level.EDIT:
        raise PermissionDenied


@require_POST
def assignment_add(request: HttpRequest, public_id) -> HttpResponse:
    case = selectors.get_visible_case(request.user, public_id, page=True)
    _require_assigner(request)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.case_assign(
                actor=request.user, case=case, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Added to the case team. They have been emailed."))
            return redirect("cases:case_detail", public_id=case.public_id)
    return render_case_page(request, case, status=400, assignment_form=form)


@require_POST
def assignment_end(request: HttpRequest, public_id, assignment_id) -> HttpResponse:
    case = selectors.get_visible_case(request.user, public_id, page=True)
    _require_assigner(request)
    assignment = next((a for a in case.assignments.all() if a.public_id == assignment_id), None)
    if assignment is None:
        raise Http404
    form = AssignmentEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the last day on the case team as a date."))
    else:
        try:
            services.assignment_end(
                actor=request.user, assignment=assignment, request=request, **form.cleaned_data
            )
        except HavenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Assignment ended."))
    return redirect("cases:case_detail", public_id=case.public_id)


# --- the security officer's access controls ---------------------------------------------


def _officer_case(request: HttpRequest, public_id) -> Case:
    if not has_capability(request.user, Capability.RESTRICT_CASES):
        raise PermissionDenied
    try:
        return selectors.case_for_officer(request.user, public_id)
    except Case.DoesNotExist:
        raise Http404 from None


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    """To the case page if the officer may still read the case; otherwise to its access
    page, which names the case by number only."""
    if can_view_case(request.user, case):
        return redirect(f"{case_url(case)}#access")
    return redirect("cases:access", public_id=case.public_id)


def case_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("cases:case_detail", kwargs={"public_id": case.public_id})


def _refused(request: HttpRequest, case: Case, **forms) -> HttpResponse:
    if can_view_case(request.user, case):
        case = selectors.get_visible_case(request.user, case.public_id, page=True)
        return render_case_page(request, case, status=400, **forms)
    return _access_page(request, case, status=400, **forms)


def _access_page(request: HttpRequest, case: Case, *, status: int = 200, **forms):
    context = {"case": case, "readable": can_view_case(request.user, case)}
    context.update(access_context(case, **forms))
    return render(request, "cases/case_access.html", context, status=status)


@require_GET
def access(request: HttpRequest, public_id) -> HttpResponse:
    """The access controls alone: how the officer reaches a case restricted to others."""
    return _access_page(request, _officer_case(request, public_id))


@require_POST
def restrict(request: HttpRequest, public_id) -> HttpResponse:
    case = _officer_case(request, public_id)
    form = RestrictForm(request.POST)
    if form.is_valid():
        try:
            services.case_restrict(
                actor=request.user,
                case=case,
                allowed=list(form.cleaned_data["users"]),
                request=request,
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("The case is restricted to the people you chose."))
            return _back(request, case)
    return _refused(request, case, restrict_form=form)


@require_POST
def restriction_lift(request: HttpRequest, public_id) -> HttpResponse:
    case = _officer_case(request, public_id)
    try:
        services.case_restriction_lift(actor=request.user, case=case, request=request)
    except HavenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Restriction lifted."))
    return _back(request, case)


@require_POST
def deny(request: HttpRequest, public_id) -> HttpResponse:
    case = _officer_case(request, public_id)
    form = DenyForm(request.POST)
    if form.is_valid():
        try:
            services.case_deny(
                actor=request.user, case=case, user=form.cleaned_data["user"], request=request
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(
                request,
                _("%(name)s may no longer see this case.")
                % {"name": form.cleaned_data["user"].full_name},
            )
            return _back(request, case)
    return _refused(request, case, deny_form=form)


@require_POST
def denial_lift(request: HttpRequest, public_id, user_id) -> HttpResponse:
    case = _officer_case(request, public_id)
    denial = case.denials.filter(user__public_id=user_id).select_related("user").first()
    if denial is None:
        raise Http404
    services.case_denial_lift(actor=request.user, case=case, user=denial.user, request=request)
    messages.success(request, _("Denial lifted."))
    return _back(request, case)
