"""Writes to staff accounts. A security officer creates, changes, disables and unlocks them."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from haven.access.rules import Capability, require_capability
from haven.accounts.disciplines import Discipline
from haven.accounts.models import SecondStepLock, User
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record, changed_fields, snapshot
from haven.core.errors import HavenError
from haven.directory.models import Agency, Personnel

_EDITABLE = ["full_name", "discipline", "agency_id", "personnel_id", "is_statewide_liaison"]


def _check_liaison(discipline: str, is_statewide_liaison: bool) -> None:
    if is_statewide_liaison and discipline != Discipline.DCF:
        raise HavenError(
            "Only a DCF account can be the statewide trafficking liaison.",
            field="is_statewide_liaison",
        )


def _check_profile(
    *, email: str | None, full_name: str, discipline: str, agency, personnel, exclude_pk=None
) -> None:
    if email is not None:
        if not email or "@" not in email:
            raise HavenError("Enter the person's work email address.", field="email")
        clash = User.objects.filter(email__iexact=email)
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise HavenError("A staff account with this email already exists.", field="email")
    if not full_name.strip():
        raise HavenError("Enter the person's full name.", field="full_name")
    if discipline not in Discipline.values:
        raise HavenError("Choose a discipline.", field="discipline")
    if personnel is not None and agency is not None and personnel.agency_id != agency.pk:
        raise HavenError("The personnel record belongs to a different agency.", field="personnel")


def user_create(
    *,
    actor,
    email: str,
    full_name: str,
    discipline: str,
    agency: Agency | None = None,
    personnel: Personnel | None = None,
    password: str | None = None,
    is_statewide_liaison: bool = False,
    request=None,
) -> User:
    """Create a staff account. Without a password the person sets one from the emailed link."""
    require_capability(actor, Capability.MANAGE_STAFF)
    email = email.strip().lower()
    _check_profile(
        email=email, full_name=full_name, discipline=discipline, agency=agency, personnel=personnel
    )
    _check_liaison(discipline, is_statewide_liaison)
    user = User(
        email=email,
        full_name=full_name.strip(),
        discipline=discipline,
        agency=agency,
        personnel=personnel,
        is_statewide_liaison=is_statewide_liaison,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise HavenError(" ".join(exc.messages), field="password") from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            actor=actor,
            action=Action.USER_CREATED,
            target=user,
            request=request,
            new={"email": email, **snapshot(user, _EDITABLE)},
        )
    if not password and request is not None:
        transaction.on_commit(lambda: _send_set_password_link(request, user))
    return user


def _send_set_password_link(request, user: User) -> None:
    from allauth.account.forms import ResetPasswordForm
    from allauth.core.context import request_context

    form = ResetPasswordForm(data={"email": user.email})
    # allauth builds the link from its request context, which may be gone by commit time.
    with request_context(request):
        if form.is_valid():
            form.save(request)


def user_update(
    *,
    actor,
    user: User,
    full_name: str,
    discipline: str,
    agency=None,
    personnel=None,
    is_statewide_liaison: bool = False,
    request=None,
) -> User:
    require_capability(actor, Capability.MANAGE_STAFF)
    _check_profile(
        email=None, full_name=full_name, discipline=discipline, agency=agency, personnel=personnel
    )
    _check_liaison(discipline, is_statewide_liaison)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(user, _EDITABLE)
        user.full_name, user.discipline = full_name.strip(), discipline
        user.agency, user.personnel = agency, personnel
        user.is_statewide_liaison = is_statewide_liaison
        user.full_clean(exclude=["password"])
        user.save()
        old, new = changed_fields(user, _EDITABLE, before)
        if new:
            audit_record(
                actor=actor,
                action=Action.USER_UPDATED,
                target=user,
                old=old,
                new=new,
                request=request,
            )
    return user


def user_disable(*, actor, user: User, request=None) -> User:
    """Disable at once: the user's sessions and API tokens stop working on their next request."""
    require_capability(actor, Capability.MANAGE_STAFF)
    if user.pk == actor.pk:
        raise HavenError("You cannot disable your own account; ask another security officer.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return user
        user.is_active = False
        user.disabled_at = timezone.now()
        user.save(update_fields=["is_active", "disabled_at"])
        audit_record(
            actor=actor,
            action=Action.USER_DISABLED,
            target=user,
            old={"is_active": True},
            new={"is_active": False},
            request=request,
        )
    return user


def user_enable(*, actor, user: User, request=None) -> User:
    require_capability(actor, Capability.MANAGE_STAFF)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            return user
        user.is_active = True
        user.disabled_at = None
        user.save(update_fields=["is_active", "disabled_at"])
        audit_record(
            actor=actor,
            action=Action.USER_ENABLED,
            target=user,
            old={"is_active": False},
            new={"is_active": True},
            request=request,
        )
    return user


def user_unlock(*, actor, email: str, request=None) -> int:
    """Release a username locked by failed sign-ins. Returns how many lock records were cleared."""
    require_capability(actor, Capability.UNLOCK_ACCOUNTS)
    username = email.strip().lower()
    with transaction.atomic():
        cleared, _ = AccessAttempt.objects.filter(username=username).delete()
        if cleared:
            audit_record(
                actor=actor,
                action=Action.UNLOCKED,
                object_type="accounts.login",
                object_label=username,
                request=request,
            )
    return cleared


# --- The second sign-in step: wrong codes, the lock they set, its release ----------------


def _step(reauthentication: bool) -> str:
    return "reauthentication" if reauthentication else "sign-in"


def second_step_failed(*, user: User, request=None, reauthentication: bool = False):
    """Count one wrong code for `user` (audited). The limit-th wrong code within the window
    locks the account's second step for the cool-off and emails its owner. Returns the
    account's SecondStepLock row as it now stands."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = SecondStepLock.objects.select_for_update().get_or_create(user=user)
        if row.last_failure_at is None or row.last_failure_at < now - settings.HAVEN_LOCKOUT_WINDOW:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        count = row.failures
        locks = count >= settings.AXES_FAILURE_LIMIT
        if locks:
            row.locked_until = now + settings.HAVEN_LOCKOUT_COOLOFF
            row.failures = 0  # the next count starts after the lock
        row.save()
        # At sign-in nobody is signed in yet: the row names the account, not an actor.
        actor = user if reauthentication else None
        audit_record(
            actor=actor,
            action=Action.MFA_FAILED,
            kind=Kind.AUTH,
            target=user,
            new={"step": _step(reauthentication), "wrong_codes": count},
            request=request,
        )
        if locks:
            audit_record(
                actor=actor,
                action=Action.MFA_LOCKED,
                kind=Kind.AUTH,
                target=user,
                new={"locked_until": row.locked_until},
                request=request,
            )
            from haven.accounts.tasks import send_second_step_locked

            user_id, until = user.pk, row.locked_until.isoformat()
            transaction.on_commit(lambda: send_second_step_locked.enqueue(user_id, until))
    return row


def second_step_refused(*, user: User, request=None, reauthentication: bool = False) -> None:
    """Audit a code offered while the second step is locked (it is not checked)."""
    audit_record(
        actor=user if reauthentication else None,
        action=Action.MFA_FAILED,
        kind=Kind.AUTH,
        target=user,
        new={"step": _step(reauthentication), "refused": "locked"},
        request=request,
    )


def second_step_passed(*, user: User) -> None:
    """A right code: earlier wrong ones no longer count (as a right password does)."""
    SecondStepLock.objects.filter(user=user, failures__gt=0).update(
        failures=0, last_failure_at=None
    )


def second_step_unlock(*, actor, user: User, request=None) -> bool:
    """Release a second-step lock before its cool-off ends. Returns whether one was in force."""
    require_capability(actor, Capability.UNLOCK_ACCOUNTS)
    with transaction.atomic():
        released = SecondStepLock.objects.filter(user=user, locked_until__gt=timezone.now()).update(
            locked_until=None, failures=0, last_failure_at=None
        )
        if released:
            audit_record(
                actor=actor,
                action=Action.MFA_UNLOCKED,
                kind=Kind.AUTH,
                target=user,
                request=request,
            )
    return bool(released)
