"""django-axes, tuned to Haven's rule: N failures for one username from one address
within a window lock that username at that address for the cool-off.

Axes counts failures per username and address until a success, a release or the
cool-off (HAVEN_LOCKOUT_COOLOFF, 15 minutes, never 0). This handler forgets an
unlocked username's failures when the last one is older than the window
(HAVEN_LOCKOUT_WINDOW, 15 minutes), so five failures spread over a week do not lock
anyone out, while five within fifteen minutes do. A security officer may release a
lock early from the staff page.

The second sign-in step (a code from an authenticator app, or a recovery code) has the
same numbers, counted per account: whoever reaches it already knows the password, so
five wrong codes within the window lock the account's second step for the cool-off,
from every address (SecondStepLock, written by haven.accounts.services).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from haven.accounts.models import SecondStepLock


def username_from_request(request, credentials) -> str:
    raw = (credentials or {}).get("login") or (credentials or {}).get("email")
    if raw is None and request is not None:
        raw = request.POST.get("login", "")
    return str(raw or "").strip().lower()


class WindowedLockoutHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        username = username_from_request(request, credentials)
        if username:
            stale_before = timezone.now() - settings.HAVEN_LOCKOUT_WINDOW
            AccessAttempt.objects.filter(
                username=username,
                attempt_time__lt=stale_before,
                failures_since_start__lt=settings.AXES_FAILURE_LIMIT,
            ).delete()
        return super().user_login_failed(sender, credentials, request, **kwargs)


def locked_attempts():
    """Attempts that currently lock their username out (at the attempt's address)."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def is_locked(email: str) -> bool:
    """Whether sign-in for this email is locked from at least one address."""
    return locked_attempts().filter(username=email.strip().lower()).exists()


def second_step_locks():
    """Second-step locks in force now."""
    return SecondStepLock.objects.filter(locked_until__gt=timezone.now())


def second_step_locked_until(user):
    """When the account's second step unlocks, or None if it is not locked."""
    return second_step_locks().filter(user=user).values_list("locked_until", flat=True).first()


def unlock_time_text(until) -> str:
    """'4:47 PM on Friday, December 4' in Connecticut's time, for messages to people."""
    local = timezone.localtime(until)
    return f"{local:%-I:%M %p} on {local:%A, %B %-d}"
