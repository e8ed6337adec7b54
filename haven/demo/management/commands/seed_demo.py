from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.disciplines import Discipline
from haven.demo.data import DEMO_LIAISON_EMAIL, DEMO_LIAISON_NAME, DEMO_PASSWORD, DEMO_USERS
from haven.demo.seed import demo_email, seed_demo


class Command(BaseCommand):
    help = "Load deterministic synthetic Connecticut demo data (refused in production)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            help="Also bulk-load this many synthetic cases (default 0: none). "
            "Each run adds them again; 1,000,000 takes some minutes on SQLite.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load cases only when this run created the demo data (what `make run` uses, "
            "so that running it again starts the same site).",
        )

    def handle(self, *args, seed: int, cases: int = 0, if_empty: bool = False, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo is refused in production: demo accounts have a published password."
            )
        result = seed_demo(seed=seed)
        if result["created"]:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        if cases < 0:
            raise CommandError("--cases must be zero or more.")
        if cases and (result["created"] or not if_empty):
            self._seed_cases(cases, seed)
        print_logins(self.stdout)

    def _seed_cases(self, cases: int, seed: int) -> None:
        from haven.cases.models import Case
        from haven.demo.cases import seed_cases
        from haven.demo.casework import seed_case_work

        self.stdout.write(f"Loading {cases:,} synthetic cases (seed {seed})...")
        first = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        summary = seed_cases(cases, seed=seed, log=self.stdout.write)
        last = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
        # Interviews, services and exams on those cases, in bulk (haven/demo/casework.py).
        work = seed_case_work(
            first_case_id=first, last_case_id=last, seed=seed, log=self.stdout.write
        )
        # Records above the case core, on a few demo cases, through the real services.
        from haven.demo.investigations import seed_investigations
        from haven.demo.reviews import seed_reviews
        from haven.demo.services import seed_services
        from haven.documents.demo import seed_documents
        from haven.insights.demo import seed_insights
        from haven.screening.demo import seed_screening

        seed_investigations()
        seed_services()
        seed_reviews()
        seed_documents()
        seed_screening()
        seed_insights()
        rate = summary["cases"] / max(summary["seconds"], 0.001)
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary['cases']:,} cases, {summary['referrals']:,} referrals, "
                f"{summary['people']:,} people in {summary['seconds']:.1f} s "
                f"({rate:,.0f} cases/s); case work: {work['interviews']:,} interviews, "
                f"{work['service_referrals']:,} service referrals, "
                f"{work['medical_exams']:,} medical exams in {work['seconds']:.1f} s."
            )
        )


def print_logins(out) -> None:
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for discipline, full_name, _agency in DEMO_USERS:
        label = Discipline(discipline).label
        out.write(f"  {demo_email(discipline):45} {label} ({full_name})")
    out.write(f"  {DEMO_LIAISON_EMAIL:45} DCF statewide trafficking liaison ({DEMO_LIAISON_NAME})")
    out.write("  and a coordinator for each other CAC: coordinator.<district>@demo.haven.test")
