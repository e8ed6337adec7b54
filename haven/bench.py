"""`make bench`: Haven's benchmarks, printed as a table (DESIGN.md section 6).

Runs against a fresh SQLite database in a temporary folder unless
HAVEN_BENCH_DATABASE_URL names another (for example PostgreSQL). Figures are
medians of repeated runs on this machine; compare ratios, not absolute times.
Later issues add their rows (case list and search at 10k vs 1M cases, recording
upload, NCA report) to BENCHMARKS.
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

_tmp = tempfile.mkdtemp(prefix="haven-bench-")
os.environ["DATABASE_URL"] = os.environ.get(
    "HAVEN_BENCH_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3"
)
os.environ.setdefault("HAVEN_ENV", "test")
os.environ.setdefault("HAVEN_VAR_DIR", _tmp)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

Row = tuple[str, str, str]


def median_ms(fn: Callable[[], object], repeat: int = 15) -> float:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _setup():
    from haven.demo.seed import demo_email, seed_demo

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed_demo(seed=2026)
    from haven.accounts.models import User

    return User.objects.get(email=demo_email("security_officer"))


def _add_agencies(officer, count: int) -> None:
    from haven.directory.models import Agency, AgencyKind

    # Bulk insert: the benchmark measures reading, not the audited write path.
    start = Agency.objects.count()
    Agency.objects.bulk_create(
        Agency(name=f"Bench agency {start + n}", kind=AgencyKind.OTHER, town="Hartford")
        for n in range(count)
    )


def bench_directory(officer) -> list[Row]:
    from haven.directory.models import Agency

    client = Client()
    client.force_login(officer)
    agency = Agency.objects.filter(kind="cac").first()
    small = median_ms(lambda: client.get("/directory/"))
    detail_small = median_ms(lambda: client.get(f"/directory/agencies/{agency.public_id}/"))
    n_small = Agency.objects.count()
    _add_agencies(officer, 20_000)
    n_large = Agency.objects.count()
    large = median_ms(lambda: client.get("/directory/"))
    detail_large = median_ms(lambda: client.get(f"/directory/agencies/{agency.public_id}/"))
    return [
        (f"directory list, {n_small} agencies", f"{small:.1f} ms", ""),
        (f"directory list, {n_large} agencies", f"{large:.1f} ms", f"{large / small:.2f}x"),
        (f"agency detail, {n_small} agencies", f"{detail_small:.1f} ms", ""),
        (
            f"agency detail, {n_large} agencies",
            f"{detail_large:.1f} ms",
            f"{detail_large / detail_small:.2f}x",
        ),
    ]


def bench_api(officer) -> list[Row]:
    from haven.api.tokens import token_create

    _token, raw = token_create(actor=officer, user=officer, name="bench", days=1)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    me = median_ms(lambda: client.get("/api/v1/me/"))
    agencies = median_ms(lambda: client.get("/api/v1/agencies/"))
    return [
        ("API /me with bearer token", f"{me:.1f} ms", ""),
        ("API /agencies first page (50)", f"{agencies:.1f} ms", ""),
    ]


def bench_audit(officer) -> list[Row]:
    from haven.audit.models import Action, AuditEvent
    from haven.audit.services import audit_record
    from haven.audit.verify import verify_chain

    n = 2000
    start = time.perf_counter()
    for i in range(n):
        audit_record(
            actor=officer, action=Action.VIEWED, object_type="bench", object_id=str(i), new={"i": i}
        )
    per_row = (time.perf_counter() - start) * 1000 / n
    rows = AuditEvent.objects.count()
    start = time.perf_counter()
    report = verify_chain()
    verify_s = time.perf_counter() - start
    assert report.ok, report
    return [
        ("audit write (own transaction)", f"{per_row:.2f} ms/row", f"{1000 / per_row:.0f} rows/s"),
        (
            f"audit_verify over {rows} rows",
            f"{verify_s * 1000:.0f} ms",
            f"{rows / verify_s:.0f} rows/s",
        ),
    ]


BENCHMARKS = [bench_directory, bench_api, bench_audit]


def main() -> int:
    officer = _setup()
    from django.db import connection

    rows: list[Row] = []
    for bench in BENCHMARKS:
        rows.extend(bench(officer))
    width = max(len(r[0]) for r in rows)
    print(f"\nHaven benchmarks ({connection.vendor}, {os.cpu_count()} CPUs)\n")
    print(f"{'benchmark':<{width}}  {'median':>14}  {'ratio / rate':>14}")
    print(f"{'-' * width}  {'-' * 14}  {'-' * 14}")
    for name, value, extra in rows:
        print(f"{name:<{width}}  {value:>14}  {extra:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
