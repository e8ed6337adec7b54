"""Staff administration (security officer) and the session endpoints."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.access.rules import Capability, has_capability
from haven.accounts import selectors, services
from haven.accounts.disciplines import Discipline
from haven.accounts.forms import StaffForm
from haven.accounts.lockout import is_locked, second_step_locked_until
from haven.accounts.middleware import session_seconds_left
from haven.accounts.models import User
from haven.api import tokens
from haven.api.models import ApiToken
from haven.api.selectors import token_list
from haven.core.errors import HavenError
from haven.core.views import paginate


def _require(request: HttpRequest, capability: Capability) -> None:
    if not has_capability(request.user, capability):
        raise PermissionDenied


def _get_user_or_404(public_id) -> User:
    try:
        return selectors.staff_get(public_id)
    except User.DoesNotExist:
        raise Http404 from None


@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.MANAGE_STAFF)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "discipline", "active")}
    users = selectors.staff_list(
        query=filters["q"], discipline=filters["discipline"], active=filters["active"]
    )
    page, query = paginate(request, users)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "users": page.object_list,
            "page": page,
            "query": query,
            "filters": filters,
            "disciplines": Discipline.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.MANAGE_STAFF)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, request=request, **form.cleaned_data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(
                request,
                _("Account created. %(name)s will receive an email to set a password.")
                % {"name": user.full_name},
            )
            return redirect("accounts:staff_detail", public_id=user.public_id)
    return render(request, "accounts/staff_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.MANAGE_STAFF)
    person = _get_user_or_404(public_id)
    initial = {
        "full_name": person.full_name,
        "discipline": person.discipline,
        "agency": person.agency.public_id if person.agency else None,
        "is_statewide_liaison": person.is_statewide_liaison,
    }
    form = StaffForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=request.user,
                user=person,
                request=request,
                personnel=person.personnel,
                **form.cleaned_data,
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:staff_detail", public_id=person.public_id)
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "person": person,
            "form": form,
            "locked": is_locked(person.email),
            "second_step_until": second_step_locked_until(person),
            # Listed, never created here: nobody creates a token for another person.
            "api_tokens": token_list(viewer=request.user, owner=person),
        },
    )


@require_POST
def staff_set_active(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.MANAGE_STAFF)
    person = _get_user_or_404(public_id)
    try:
        if request.POST.get("active") == "1":
            services.user_enable(actor=request.user, user=person, request=request)
            messages.success(request, _("Account enabled."))
        else:
            services.user_disable(actor=request.user, user=person, request=request)
            messages.success(
                request, _("Account disabled. Its sessions and API tokens no longer work.")
            )
    except HavenError as error:
        messages.error(request, error.message)
    return redirect("accounts:staff_detail", public_id=person.public_id)


@require_POST
def staff_unlock(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.UNLOCK_ACCOUNTS)
    person = _get_user_or_404(public_id)
    cleared = services.user_unlock(actor=request.user, email=person.email, request=request)
    if cleared:
        messages.success(request, _("Sign-in lock released."))
    else:
        messages.info(request, _("This account was not locked."))
    return redirect("accounts:staff_detail", public_id=person.public_id)


@require_POST
def staff_second_step_unlock(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.UNLOCK_ACCOUNTS)
    person = _get_user_or_404(public_id)
    if services.second_step_unlock(actor=request.user, user=person, request=request):
        messages.success(request, _("Second-step lock released."))
    else:
        messages.info(request, _("The second step of this account was not locked."))
    return redirect("accounts:staff_detail", public_id=person.public_id)


@require_POST
def token_revoke(request: HttpRequest, public_id, token_id) -> HttpResponse:
    _require(request, Capability.MANAGE_API_TOKENS)
    person = _get_user_or_404(public_id)
    try:
        token = ApiToken.objects.get(public_id=token_id, user=person)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    tokens.token_revoke(actor=request.user, token=token, request=request)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:staff_detail", public_id=person.public_id)


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long the session has left; reading it does not extend it."""
    return JsonResponse({"seconds_left": session_seconds_left(request)})


@require_POST
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """'Stay signed in': any request extends the idle timer; this one exists to be that request."""
    return JsonResponse({"seconds_left": session_seconds_left(request)})
