"""The audit chain's HMAC keyring (haven/audit/keyring.py).

audit_key new PATH   write a new keyring (mode 600) for HAVEN_AUDIT_KEY_FILE; refuses an
                     existing file, whose keys older rows may need
audit_key rotate     put a new current key first in HAVEN_AUDIT_KEY_FILE, keeping every
                     older key (rows written under them verify with them), and record the
                     rotation in the audit log, under the new key
"""

from django.core.management.base import BaseCommand, CommandError

from haven.audit.keyring import AuditKeyError, key_file, rotate_key_file, write_new_key_file
from haven.audit.models import Action
from haven.audit.services import audit_record


class Command(BaseCommand):
    help = "Create or rotate the audit chain's HMAC key."
    # `new` is how production gets its key, so it cannot wait for the key check to pass.
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser("new")
        new.add_argument("path")
        sub.add_parser("rotate")

    def handle(self, *args, action, **options):
        try:
            if action == "new":
                keys = write_new_key_file(options["path"])
                self.stdout.write(
                    f"Wrote audit key {keys.current} to {options['path']}. Point "
                    "HAVEN_AUDIT_KEY_FILE at it and keep a copy with the offline backups."
                )
                return
            old, rotated = rotate_key_file()
            audit_record(
                actor=None,
                action=Action.AUDIT_KEY_ROTATED,
                object_type="audit.key",
                object_id=rotated.current,
                old={"key_id": old},
                new={"key_id": rotated.current},
            )
        except AuditKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Current audit key {rotated.current} in {key_file()}; {len(rotated.keys) - 1} "
            "older keys kept for the rows written under them. Copy the key file to the "
            "offline backup and run `manage.py audit_anchor` now."
        )
