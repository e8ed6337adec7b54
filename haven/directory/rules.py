"""Directory rules: when a credential counts as current."""

import datetime

from haven.directory.models import Credential, CredentialKind


def credential_is_current(credential: Credential, *, on: datetime.date) -> bool:
    """Issued on or before `on`, and not expired on `on` (no expiry date: does not lapse)."""
    if credential.issued_on > on:
        return False
    return credential.expires_on is None or credential.expires_on >= on


def holds_current_credential(credentials, kind: CredentialKind, *, on: datetime.date) -> bool:
    return any(c.kind == kind and credential_is_current(c, on=on) for c in credentials)
