"""API authentication: personal bearer tokens, or the browser session."""

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from haven.api.models import ApiToken, Scope
from haven.api.tokens import token_is_expired, token_lookup


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        # The scheme is case-insensitive (RFC 9110 section 11.1): "bearer" is "Bearer".
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower():
            raise exceptions.AuthenticationFailed(
                "Send the token as: Authorization: Bearer <token>.", code="malformed_header"
            )
        raw = parts[1]
        token = token_lookup(raw)
        if token is None:
            if token_is_expired(raw):
                raise exceptions.AuthenticationFailed(
                    "This token has expired. Create a new one in Haven (My API tokens).",
                    code="token_expired",
                )
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it is unknown, revoked, or its account is disabled. "
                "Check that you copied the whole token, or create a new one in Haven "
                "(My API tokens).",
                code="token_invalid",
            )
        # At most one write a minute per token.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ActiveSessionAuthentication(authentication.SessionAuthentication):
    """The browser session (with CSRF on writes), for the site's own htmx calls."""


class TokenScopeAllows(permissions.BasePermission):
    """A read-only token reads: GET, HEAD and OPTIONS. Anything else is 403."""

    message = (
        "This token is read only, so it cannot change anything. Create a read and write "
        "token in Haven (My API tokens) for this client."
    )
    code = "token_read_only"

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken) or request.method in permissions.SAFE_METHODS:
            return True
        return token.scope == Scope.READ_WRITE
