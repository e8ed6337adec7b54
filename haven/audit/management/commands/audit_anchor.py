"""Write the audit chain's head (sequence, hash, key id, time) outside the database.

Before writing, the rows since the latest anchor are verified (the whole chain when
there is none yet), and the anchor names the last row verified: an anchor must never
vouch for a chain that is already broken. (Rows before the latest anchor are fixed by
it; `audit_verify` rechecks them all.)
Run it on a schedule (hourly, say) and after `audit_key rotate`.
"""

from django.core.management.base import BaseCommand, CommandError

from haven.audit.anchors import AnchorError, anchor_dir, latest_anchor, read_anchors, write_anchor
from haven.audit.keyring import AuditKeyError
from haven.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Write the audit chain head to the anchor directory (never overwriting an anchor)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            metavar="DIR",
            help="Directory to write the anchor to (default HAVEN_AUDIT_ANCHOR_DIR).",
        )

    def handle(self, *args, **options):
        directory = anchor_dir(options["to"])
        try:
            if directory is None:
                raise AnchorError(
                    "No anchor destination: give --to DIR or set HAVEN_AUDIT_ANCHOR_DIR."
                )
            since = latest_anchor(directory)
            anchors = read_anchors(directory) if since else []
            report = verify_chain(anchors=anchors, since=since)
            if not report.ok:
                raise CommandError(
                    f"No anchor written: the audit chain is broken at row {report.broken_id}: "
                    f"{report.reason}. Run `manage.py audit_verify` and follow 'When "
                    "verification fails' in the security notes."
                )
            # The last row verified, not whatever was written since the check began.
            anchor = write_anchor(directory, upto=report.last_id or 0)
        except (AnchorError, AuditKeyError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Anchored row {anchor.sequence} (key {anchor.key_id or 'none: legacy SHA-256'}) "
            f"in {directory / anchor.name}."
        )
