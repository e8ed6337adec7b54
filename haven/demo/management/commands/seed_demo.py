from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.disciplines import Discipline
from haven.demo.data import DEMO_LIAISON_EMAIL, DEMO_LIAISON_NAME, DEMO_PASSWORD, DEMO_USERS
from haven.demo.seed import demo_email, seed_demo


class Command(BaseCommand):
    help = "Load deterministic synthetic Connecticut demo data (refused in production)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo is refused in production: demo accounts have a published password."
            )
        result = seed_demo(seed=seed)
        if result["created"]:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        print_logins(self.stdout)


def print_logins(out) -> None:
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for discipline, full_name, _agency in DEMO_USERS:
        label = Discipline(discipline).label
        out.write(f"  {demo_email(discipline):45} {label} ({full_name})")
    out.write(f"  {DEMO_LIAISON_EMAIL:45} DCF statewide trafficking liaison ({DEMO_LIAISON_NAME})")
    out.write("  and a coordinator for each other CAC: coordinator.<district>@demo.haven.test")
