"""Recording master keys.

recordings_key new PATH   write a new key file (mode 600) for HAVEN_RECORDING_KEY_FILE
recordings_key rotate     make a new current key in HAVEN_RECORDING_KEY_FILE and re-wrap
                          every recording's data key with it; the video is not rewritten.
                          The old key stays in the file until --retire-old, so a rotation
                          cut short leaves every recording readable.
"""

from django.core.management.base import BaseCommand, CommandError

from haven.core import sealed
from haven.interviews.keys import key_file, master_keys, sealed_file_rewrappers
from haven.interviews.services import master_key_rotate


class Command(BaseCommand):
    help = "Create or rotate the recordings' master key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser("new")
        new.add_argument("path")
        rotate = sub.add_parser("rotate")
        rotate.add_argument(
            "--retire-old",
            action="store_true",
            help="Drop the old keys from the file once everything is re-wrapped.",
        )

    def handle(self, *args, action, **options):
        try:
            if action == "new":
                keys = sealed.MasterKeys.parse(sealed.new_key_file_text())
                sealed.write_key_file(options["path"], keys)
                self.stdout.write(f"Wrote master key {keys.current} to {options['path']}.")
                return
            rotated = master_keys().with_new_current()
            sealed.write_key_file(key_file(), rotated)
            counts = [f"{master_key_rotate(keys=rotated)} recordings"]
            for label, rewrap in sealed_file_rewrappers().items():
                counts.append(f"{rewrap(keys=rotated)} {label}")
            if options["retire_old"]:
                sealed.write_key_file(key_file(), rotated.only_current())
            self.stdout.write(
                f"Current master key {rotated.current}; {', '.join(counts)} re-wrapped."
            )
        except sealed.SealedError as error:
            raise CommandError(str(error)) from None
