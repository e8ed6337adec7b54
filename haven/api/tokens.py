"""Token issue and revocation (services) and lookup (for authentication)."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from haven.access.rules import Capability, require_capability
from haven.api.models import ApiToken
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.core.errors import HavenError

TOKEN_PREFIX = "hvn_"
MAX_DAYS = 365


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, actor, user, name: str, days: int, request=None) -> tuple[ApiToken, str]:
    """Issue a token for `user`. Returns the row and the raw token, which is never stored."""
    if actor is not None:  # None only from `manage.py api_token create`, run by an operator
        require_capability(actor, Capability.ISSUE_API_TOKENS)
    if not user.is_active:
        raise HavenError("That account is disabled; enable it before issuing a token.")
    name = name.strip()
    if not name:
        raise HavenError("Name the token after what will use it.", field="name")
    if not 1 <= days <= MAX_DAYS:
        raise HavenError(f"A token lasts between 1 and {MAX_DAYS} days.", field="days")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=raw[:12],
            token_hash=hash_token(raw),
            created_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action=Action.TOKEN_CREATED,
            target=token,
            request=request,
            new={"user": user.email, "name": token.name, "expires_at": token.expires_at},
        )
    return token, raw


def token_revoke(*, actor, token: ApiToken, request=None) -> ApiToken:
    if actor is not None:
        require_capability(actor, Capability.ISSUE_API_TOKENS)
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
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at <= timezone.now():
        return None
    return token


def token_is_expired(raw: str) -> bool:
    token = ApiToken.objects.filter(token_hash=hash_token(raw)).only("expires_at").first()
    return token is not None and token.expires_at <= timezone.now()
