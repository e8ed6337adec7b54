"""Audit rows for sign-in events raised inside Django, allauth and django-axes."""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from haven.audit.models import Action, Kind
from haven.audit.services import audit_record


def _attempted(credentials: dict | None) -> str:
    value = (credentials or {}).get("email") or (credentials or {}).get("username") or ""
    return str(value).strip().lower()[:200]


@receiver(user_logged_in, dispatch_uid="haven_audit_login")
def on_login(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.LOGIN, kind=Kind.AUTH, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="haven_audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT, kind=Kind.AUTH, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="haven_audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=None,
        action=Action.LOGIN_FAILED,
        kind=Kind.AUTH,
        object_type="accounts.login",
        object_label=_attempted(credentials),
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="haven_audit_locked_out")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        actor=None,
        action=Action.LOCKED_OUT,
        kind=Kind.AUTH,
        object_type="accounts.login",
        object_label=(username or "")[:200],
        request=request,
    )


@receiver(authenticator_added, dispatch_uid="haven_audit_mfa_added")
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action=Action.MFA_ENROLLED,
        kind=Kind.AUTH,
        target=user,
        new={"type": authenticator.type},
        request=request,
    )


@receiver(authenticator_removed, dispatch_uid="haven_audit_mfa_removed")
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action=Action.MFA_REMOVED,
        kind=Kind.AUTH,
        target=user,
        old={"type": authenticator.type},
        request=request,
    )


@receiver(password_changed, dispatch_uid="haven_audit_password_changed")
def on_password_changed(sender, request, user, **kwargs):
    audit_record(
        actor=user, action=Action.PASSWORD_CHANGED, kind=Kind.AUTH, target=user, request=request
    )


@receiver(password_reset, dispatch_uid="haven_audit_password_reset")
def on_password_reset(sender, request, user, **kwargs):
    audit_record(
        actor=user, action=Action.PASSWORD_RESET, kind=Kind.AUTH, target=user, request=request
    )
