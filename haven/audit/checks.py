"""Start-up checks for the audit chain: `manage.py check` (and migrate, runserver) stop
with an error naming what to set when the key is missing or unusable.

Whatever starts the application without running checks still cannot write unaudited:
`audit_record` loads the key on every write and fails closed.
"""

import os

from django.conf import settings
from django.core.checks import Error, Warning, register

from haven.audit import keyring


@register("haven")
def audit_key_check(app_configs=None, **kwargs):
    try:
        keyring.audit_keys()
    except keyring.AuditKeyError as error:
        message = str(error)
        hint = (
            "Every change is audited, so without this key Haven cannot record any change."
            if keyring.HOW_TO_SET in message
            else f"To fix: {keyring.HOW_TO_SET}."
        )
        return [Error(message, hint=hint, id="haven.audit.E001")]
    problems = []
    path = keyring.key_file()
    if path is not None and os.name == "posix" and path.stat().st_mode & 0o077:
        problems.append(
            Warning(
                f"The audit key file {path} can be read by other accounts on this machine.",
                hint=f"Make it readable by Haven's account only: chmod 600 {path}",
                id="haven.audit.W001",
            )
        )
    if getattr(settings, "PRODUCTION", False) and not settings.HAVEN_AUDIT_ANCHOR_DIR:
        problems.append(
            Warning(
                "No audit anchor destination: a rewrite of the whole chain by someone "
                "holding the key would go unnoticed.",
                hint="Set HAVEN_AUDIT_ANCHOR_DIR and run `manage.py audit_anchor` on a schedule.",
                id="haven.audit.W002",
            )
        )
    return problems
