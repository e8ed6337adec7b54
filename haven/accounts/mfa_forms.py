"""allauth's second-step forms, with Haven's lock (settings.MFA_FORMS points here).

Each wrong code is counted and audited (haven.accounts.services.second_step_failed);
while the account's second step is locked no code is checked at all, so the right code
does not get through either. allauth's own per-user rate limit for codes is off
(ACCOUNT_RATE_LIMITS["login_failed"] is None): this lock replaces it, with an audit trail
and a release on the staff page.
"""

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from haven.accounts import services
from haven.accounts.lockout import second_step_locked_until, unlock_time_text


def _locked_error(until) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "The second step of sign-in is locked on this account after too many wrong "
            "codes, until %(until)s. Try again then, or ask your CAC's security officer "
            "to release it sooner."
        )
        % {"until": unlock_time_text(until)},
        code="second_step_locked",
    )


def _wrong_error(left: int) -> forms.ValidationError:
    minutes = int(settings.HAVEN_LOCKOUT_COOLOFF.total_seconds() // 60)
    return forms.ValidationError(
        ngettext(
            "That code was not accepted. Enter the code your authenticator app shows now, "
            "or one of your unused recovery codes. %(left)d more wrong code locks this "
            "step for %(minutes)d minutes.",
            "That code was not accepted. Enter the code your authenticator app shows now, "
            "or one of your unused recovery codes. %(left)d more wrong codes lock this "
            "step for %(minutes)d minutes.",
            left,
        )
        % {"left": left, "minutes": minutes},
        code="incorrect_code",
    )


class _LockedSecondStep:
    reauthentication = False

    def _refuse_if_locked(self) -> None:
        until = second_step_locked_until(self.user)
        if until is not None:
            services.second_step_refused(
                user=self.user, request=context.request, reauthentication=self.reauthentication
            )
            raise _locked_error(until)

    def clean_code(self) -> str:
        self._refuse_if_locked()
        try:
            return super().clean_code()
        except forms.ValidationError:
            row = services.second_step_failed(
                user=self.user, request=context.request, reauthentication=self.reauthentication
            )
            if row.locked_until is not None and row.locked_until > timezone.now():
                raise _locked_error(row.locked_until) from None
            raise _wrong_error(settings.AXES_FAILURE_LIMIT - row.failures) from None

    def save(self) -> None:
        super().save()
        services.second_step_passed(user=self.user)


class SecondStepForm(_LockedSecondStep, AuthenticateForm):
    """The code asked for at sign-in, after the password."""


class SecondStepReauthenticateForm(_LockedSecondStep, ReauthenticateForm):
    """The code asked for again before a sensitive change, by a signed-in user."""

    reauthentication = True


class SecondStepWebAuthnForm(AuthenticateWebAuthnForm):
    """A security key at sign-in: refused while the account's second step is locked."""

    def clean_credential(self):
        until = second_step_locked_until(self.user)
        if until is not None:
            services.second_step_refused(user=self.user, request=context.request)
            # A form-wide error: the credential field is hidden, and its errors are not shown.
            self.add_error(None, _locked_error(until))
            return None
        return super().clean_credential()
