"""Reads for the API app's own records (API tokens)."""

from haven.access.rules import Capability, has_capability
from haven.api.models import ApiToken


def token_list(*, viewer, owner=None):
    """The tokens `viewer` may see, newest first, never their secrets (only hashes are stored).

    A security officer (MANAGE_API_TOKENS) sees everyone's, or `owner`'s; anyone else
    sees only their own.
    """
    tokens = ApiToken.objects.select_related("user", "created_by").order_by("-created_at", "-id")
    if not has_capability(viewer, Capability.MANAGE_API_TOKENS):
        return tokens.filter(user=viewer)
    return tokens.filter(user=owner) if owner is not None else tokens
