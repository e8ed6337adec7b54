"""Token issue and revocation (services) and lookup (for authentication).

Nobody creates a token for another person (security issue 18, item 3): a token lets
its holder read as its owner without the owner's second factor. So:

- `token_create`: a person creates their own token, having re-entered their second
  factor in the last five minutes (haven.accounts.reauthentication);
- `token_create_by_operator`: the server's operator (`manage.py api_token create`,
  and test fixtures that need a persona's token) issues one, audited as the operator;
- `token_revoke`: the owner, a security officer (MANAGE_API_TOKENS) or the operator.

Only a SHA-256 hash of a token is stored; the raw token is returned once.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from haven.access.rules import Capability, has_capability
from haven.accounts.reauthentication import require_recent_confirmation
from haven.api.models import ApiToken, Scope
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.core.errors import HavenError

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "TOKEN_PREFIX",
    "Scope",
    "hash_token",
    "refuse_for_another",
    "token_create",
    "token_create_by_operator",
    "token_is_expired",
    "token_lookup",
    "may_revoke",
    "token_revoke",
]

TOKEN_PREFIX = "hvn_"
DEFAULT_DAYS = 90
MAX_DAYS = 365

# A token is honoured only if its owner created it, or the operator (no creator) did.
# Tokens a security officer issued for someone else before issue 18 stop working.
_SELF_OR_OPERATOR = Q(created_by__isnull=True) | Q(created_by=F("user"))


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _issue(*, actor, user, name: str, days: int, scope: str, action: Action, request):
    if not user.is_active:
        raise HavenError("That account is disabled; enable it before issuing a token.")
    name = name.strip()
    if not name:
        raise HavenError("Name the token after what will use it.", field="name")
    if not 1 <= days <= MAX_DAYS:
        raise HavenError(f"A token lasts between 1 and {MAX_DAYS} days.", field="days")
    if scope not in Scope.values:
        raise HavenError("Choose read only, or read and write.", field="scope")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=raw[:12],
            token_hash=hash_token(raw),
            scope=scope,
            created_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action=action,
            target=token,
            request=request,
            new={
                "user": user.email,
                "name": token.name,
                "scope": scope,
                "expires_at": token.expires_at,
            },
        )
    return token, raw


def refuse_for_another():
    raise HavenError(
        "A token is created only by the person it belongs to, for themselves. "
        "Ask them to create it from their own account.",
        status=403,
        code="token_owner_only",
    )


def token_create(
    *, actor, user, name: str, scope: str, days: int = DEFAULT_DAYS, request=None
) -> tuple[ApiToken, str]:
    """`actor` creates a token for themselves. Returns the row and the raw token (never stored).

    Refused (403) for anyone else's account, and unless `request` shows the actor
    re-entered their second factor in the last five minutes.
    """
    if actor is None or actor.pk != user.pk:
        refuse_for_another()
    require_recent_confirmation(request)
    return _issue(
        actor=actor,
        user=user,
        name=name,
        days=days,
        scope=scope,
        action=Action.TOKEN_CREATED,
        request=request,
    )


def token_create_by_operator(
    *, user, name: str, scope: str, days: int = DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """The server's operator issues a token for `user` (no actor; audited as the operator).

    Called by `manage.py api_token create`, run on the server, and by test fixtures.
    No web page or API route calls it.
    """
    return _issue(
        actor=None,
        user=user,
        name=name,
        days=days,
        scope=scope,
        action=Action.TOKEN_CREATED_BY_OPERATOR,
        request=None,
    )


def may_revoke(actor, token: ApiToken) -> bool:
    return actor.pk == token.user_id or has_capability(actor, Capability.MANAGE_API_TOKENS)


def token_revoke(*, actor, token: ApiToken, request=None) -> ApiToken:
    """Revoke `token`: by its owner, a security officer, or the operator (`actor=None`)."""
    if actor is not None and not may_revoke(actor, token):
        raise HavenError("Your role does not allow this.", status=403, code="forbidden")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action=Action.TOKEN_REVOKED, target=token, request=request)
    return token


def token_lookup(raw: str) -> ApiToken | None:
    """The live token for `raw`, or None if unknown, revoked, expired or its user is disabled."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(_SELF_OR_OPERATOR, token_hash=hash_token(raw))
        .first()
    )
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at <= timezone.now():
        return None
    return token


def token_is_expired(raw: str) -> bool:
    token = ApiToken.objects.filter(token_hash=hash_token(raw)).only("expires_at").first()
    return token is not None and token.expires_at <= timezone.now()
