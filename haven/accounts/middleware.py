"""Session lifetime and the MFA requirement, checked on every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from haven.audit.models import Action, Kind
from haven.audit.services import audit_record

LAST_SEEN = "haven_last_seen"
STARTED = "haven_started"
MFA_OK = "haven_mfa_ok"
# Requests that report on the session must not extend it.
PASSIVE_PATHS = ("/accounts/session/status/",)


def session_seconds_left(request: HttpRequest, now: float | None = None) -> int:
    now = now or time.time()
    last = request.session.get(LAST_SEEN, now)
    started = request.session.get(STARTED, now)
    idle_left = settings.HAVEN_SESSION_IDLE_SECONDS - (now - last)
    absolute_left = settings.SESSION_COOKIE_AGE - (now - started)
    return max(0, int(min(idle_left, absolute_left)))


def _expired_response(request: HttpRequest) -> HttpResponse:
    login = reverse("account_login") + "?expired=1"
    if request.path_info.startswith("/api/"):
        from haven.api.problems import problem_response

        return problem_response(
            401, "Session expired", "Your session expired. Sign in again.", code="session_expired"
        )
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login
        return response
    return HttpResponseRedirect(login)


class SessionTimeoutMiddleware:
    """Idle timeout (15 minutes) and absolute lifetime (12 hours) for signed-in sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            request.session.setdefault(STARTED, now)
            if session_seconds_left(request, now) <= 0:
                audit_record(
                    actor=user,
                    action=Action.SESSION_EXPIRED,
                    kind=Kind.AUTH,
                    target=user,
                    request=request,
                )
                logout(request)
                return _expired_response(request)
            if request.path_info not in PASSIVE_PATHS:
                # Write at most every 15 s, not on every request.
                if now - request.session.get(LAST_SEEN, 0) > 15:
                    request.session[LAST_SEEN] = now
        return self.get_response(request)


def _user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


class MfaRequiredMiddleware:
    """With HAVEN_REQUIRE_MFA on, a user without a second factor enrols before anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.HAVEN_REQUIRE_MFA:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(MFA_OK)
            and not request.path_info.startswith(self.ALLOWED_PREFIXES)
        ):
            if _user_has_mfa(user):
                request.session[MFA_OK] = True
            elif request.path_info.startswith("/api/"):
                from haven.api.problems import problem_response

                return problem_response(
                    403,
                    "Second factor required",
                    "Add an authenticator app in Haven before using the API with your session.",
                    code="mfa_required",
                )
            else:
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
