"""Recompute the audit chain and check it against the anchors.

Exits non-zero naming the first row that does not fit and why; a missing key, an
unreadable anchor or an anchor directory that is not there is also a failure.
"""

from django.core.management.base import BaseCommand, CommandError

from haven.audit.anchors import AnchorError, anchor_dir, read_anchors
from haven.audit.keyring import AuditKeyError
from haven.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit log's keyed hash chain and check it against the anchors; "
        "exit non-zero naming the first broken row."
    )
    # Runs even when a system check fails (the audit key check among them): it reports
    # the problem itself, and verifying is what one does when something is wrong.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            metavar="DIR",
            help="Directory of anchors (default HAVEN_AUDIT_ANCHOR_DIR).",
        )

    def handle(self, *args, **options):
        directory = anchor_dir(options["anchors"])
        try:
            anchors = read_anchors(directory)
            report = verify_chain(anchors=anchors)
        except (AnchorError, AuditKeyError) as error:
            raise CommandError(f"Audit chain not verified: {error}") from None
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at row {report.broken_id}: {report.reason}. "
                f"{report.rows_before_break} rows before it verified. Preserve the "
                "database as it is and follow 'When verification fails' in the security notes."
            )
        if directory is None or not anchors:
            where = directory or "no anchor directory (give --anchors or HAVEN_AUDIT_ANCHOR_DIR)"
            self.stderr.write(
                self.style.WARNING(
                    f"No anchors checked ({where}): only the chain's own consistency was verified."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.rows_checked} rows, "
                f"{report.anchors_checked} anchors matched."
            )
        )
