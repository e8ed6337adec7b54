"""Has this person just confirmed who they are? allauth's reauthentication, made strict.

allauth records every (re)authentication in the session, with its method and time,
and its reauthenticate pages (password, or second factor) resume a suspended request
afterwards. Its own check accepts any method; for actions that hand out lasting
access (an API token) Haven asks for more:

- a user with a second factor must have re-entered it (method "mfa");
- a user without one qualifies only where MFA is not required (the demo, tests), and
  then by re-entering the password;
- either within ACCOUNT_REAUTHENTICATION_TIMEOUT (five minutes).
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from haven.core.errors import HavenError


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


def _accepted_methods(user) -> frozenset[str] | None:
    """The methods that count for `user`; None if none can (MFA required, none enrolled)."""
    if has_second_factor(user):
        return frozenset({"mfa"})
    if settings.HAVEN_REQUIRE_MFA:
        return None
    return frozenset({"password"})


def recently_confirmed(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return False
    accepted = _accepted_methods(user)
    if not accepted:
        return False
    cutoff = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("reauthenticated") and record.get("method") in accepted and record["at"] > cutoff
        for record in get_authentication_records(request, user)
    )


def require_recent_confirmation(request: HttpRequest | None) -> None:
    """Refuse (403, code reauthentication_required) unless `recently_confirmed`."""
    if request is not None and recently_confirmed(request):
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and _accepted_methods(user) is None:
        message = "Add an authenticator app to your account first; then confirm it here."
    else:
        minutes = account_settings.REAUTHENTICATION_TIMEOUT // 60
        message = (
            f"Confirm it is you (your authenticator code) within the last {minutes} minutes, "
            "in Haven's web pages, and try again."
        )
    raise HavenError(message, status=403, code="reauthentication_required")


def confirmation_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Send the person to confirm (second factor, or password where that is accepted).

    allauth keeps a POST suspended and replays it once they have confirmed.
    """
    if has_second_factor(request.user):
        return suspend_request(request, reverse("mfa_reauthenticate"))
    if settings.HAVEN_REQUIRE_MFA:
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    return suspend_request(request, reverse("account_reauthenticate"))
