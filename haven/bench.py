"""`make bench`: Haven's benchmarks, printed as a table (DESIGN.md section 6).

Runs against a fresh SQLite database in a temporary folder unless
HAVEN_BENCH_DATABASE_URL names another (for example PostgreSQL). Figures are
medians of repeated runs on this machine; compare ratios, not absolute times.
Later issues add their rows (recording upload, NCA report) to BENCHMARKS. The reports'
rows (haven/insights/bench.py) seed the bench database up to HAVEN_BENCH_INSIGHTS_CASES
cases (default 10,000) and time them there.

Cases (issue 4): for each size in HAVEN_BENCH_CASES (default "10000,100000"; add
1000000 for the design check, which takes 10-15 minutes more on 2 cores, most of it
loading), a child process seeds a fresh SQLite database with `seed_demo --cases N` and
times the case list (first 50, rendered without a COUNT), name search (a common last
name and a full name) and case detail, through haven.cases.selectors, for the demo
detective (a few hundred visible cases) and the New Haven coordinator (every New Haven
case). The table shows each size and the ratio largest:smallest; the design target is
under 2x from 10,000 to 1,000,000 cases.
"""

import json
import os
import shutil
import statistics
import subprocess
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
    start = time.perf_counter()
    fn()  # warm up
    if time.perf_counter() - start > 0.5:  # slow: a few samples are enough
        repeat = 3
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _setup():
    from haven.demo.seed import demo_email, seed_demo

    call_command("migrate", verbosity=0)
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
    from haven.api.tokens import Scope, token_create_by_operator

    # The bench is run by the server's operator, so it issues as the operator.
    _token, raw = token_create_by_operator(user=officer, name="bench", days=1, scope=Scope.READ)
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

CASE_SIZES = os.environ.get("HAVEN_BENCH_CASES", "10000,100000")
COMMON_LAST_NAME = "Smith"  # the most common surname of haven.demo.cases


def case_measures(size: int) -> dict:
    """In a fresh database: seed `size` cases, then time the case reads. -> JSON-able."""
    from haven.demo.cases import seed_cases

    _setup()
    seeded = seed_cases(size, seed=2026)
    return {"seed_seconds": seeded["seconds"]} | time_case_reads()


def time_case_reads() -> dict:
    """Time the case reads on the database as it is (`--time-existing` uses it directly)."""
    from haven.accounts.models import User
    from haven.cases import selectors
    from haven.demo.seed import demo_email

    users = {
        "detective": User.objects.get(email=demo_email("law_enforcement")),
        "coordinator": User.objects.get(email=demo_email("coordinator")),
    }
    results = {"visible": {}, "times": {}}
    for label, user in users.items():
        visible = selectors.case_list(user)
        results["visible"][label] = visible.count()
        newest = visible.select_related("child").first()
        full_name = f"{newest.child.first_name} {newest.child.last_name}"

        def page(user=user):  # what the list page shows, without a COUNT
            return [
                (
                    c.number,
                    c.child.full_name,
                    c.cac.name,
                    c.team.name if c.team else "",
                    c.received_on.isoformat(),
                    c.get_status_display(),
                )
                for c in selectors.case_list(user)[:50]
            ]

        times = results["times"]
        times[f"case list, first 50 ({label})"] = median_ms(page)
        times[f"search '{COMMON_LAST_NAME}' ({label})"] = median_ms(
            lambda user=user: selectors.case_search(user, COMMON_LAST_NAME)
        )
        times[f"search full name ({label})"] = median_ms(
            lambda user=user, q=full_name: selectors.case_search(user, q)
        )
        times[f"case detail ({label})"] = median_ms(
            lambda user=user, pid=newest.public_id: selectors.get_visible_case(user, pid, page=True)
        )
    # The duplicate check intake runs before creating a child: a child already in the
    # database (typed again) and a common name.
    from haven.people.selectors import likely_matches

    child = selectors.case_list(users["coordinator"]).select_related("child").first().child
    times["duplicate check, a child already known"] = median_ms(
        lambda: likely_matches(
            first_name=child.first_name,
            last_name=child.last_name,
            date_of_birth=child.date_of_birth,
        )
    )
    times[f"duplicate check, 'John {COMMON_LAST_NAME}'"] = median_ms(
        lambda: likely_matches(first_name="John", last_name=COMMON_LAST_NAME)
    )
    return results


def bench_cases(_officer) -> list[Row]:
    """Each size in its own process and fresh SQLite database, so sizes do not mix."""
    sizes = [int(s) for s in CASE_SIZES.replace("_", "").split(",") if s.strip()]
    if not sizes:
        return []
    by_size = {}
    for size in sizes:
        folder = tempfile.mkdtemp(prefix=f"haven-bench-cases-{size}-")
        env = dict(
            os.environ,
            HAVEN_BENCH_DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
            HAVEN_VAR_DIR=folder,
        )
        print(f"cases: seeding and timing {size:,} cases...", file=sys.stderr, flush=True)
        try:
            done = subprocess.run(  # noqa: S603 - this interpreter, this module, a number
                [sys.executable, "-m", "haven.bench", "--cases-only", str(size)],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
                check=True,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # 1,000,000 cases is about 3 GB
        by_size[size] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {json.dumps(by_size[size])}", file=sys.stderr, flush=True)
    small, large = min(sizes), max(sizes)
    rows: list[Row] = []
    for size in sizes:
        r = by_size[size]
        rows.append(
            (
                f"seed {size:,} cases (detective sees {r['visible']['detective']:,}, "
                f"coordinator {r['visible']['coordinator']:,})",
                f"{r['seed_seconds']:.0f} s",
                f"{size / max(r['seed_seconds'], 0.001):,.0f} cases/s",
            )
        )
    for name in by_size[small]["times"]:
        for size in sizes:
            value = by_size[size]["times"][name]
            ratio = ""
            if size == large and large != small:
                ratio = f"{value / by_size[small]['times'][name]:.2f}x {large // small}:1"
            rows.append((f"{name}, {size:,} cases", f"{value:.1f} ms", ratio))
    return rows


BENCHMARKS.append(bench_cases)


# --- Recordings (issue 5) ----------------------------------------------------------------
# A HAVEN_BENCH_RECORDING_MB file (default 1024) on the bench's temporary disk: a plain copy,
# then encrypt-and-hash (haven.core.sealed, the core of a recording upload) in a child
# process whose peak RSS is reported, then the time to the first byte of a range request
# in the middle of the sealed file, decrypted as the stream view does it.


def _recording_child(source: str, target: str) -> None:
    import hashlib
    import resource
    import uuid

    from django.core.files.storage import FileSystemStorage

    from haven.core import sealed

    keys = sealed.MasterKeys.parse(sealed.new_key_file_text())
    file_id = uuid.uuid4()
    _key_id, wrapped = sealed.wrap_data_key(keys, sealed.new_data_key(), file_id)
    data_key = sealed.unwrap_data_key(keys, _key_id, wrapped, file_id)
    size = os.path.getsize(source)
    out = sealed.SealedFile(
        storage=FileSystemStorage(location=target),
        prefix="r",
        file_id=file_id,
        data_key=data_key,
        size=size,
    )

    def pieces():
        with open(source, "rb") as handle:
            while piece := handle.read(sealed.DEFAULT_CHUNK_SIZE):
                yield piece

    start = time.perf_counter()
    digest = sealed.seal_stream(out, pieces(), hasher=hashlib.sha256())
    seconds = time.perf_counter() - start
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": rss_kb / 1024,
                "sha256": digest,
                "key": data_key.hex(),
                "file_id": str(file_id),
            }
        )
    )


def bench_recordings(_officer) -> list[Row]:
    import types
    import uuid

    from django.core.files.storage import FileSystemStorage

    from haven.core import sealed
    from haven.interviews.http import stream_response

    megabytes = int(os.environ.get("HAVEN_BENCH_RECORDING_MB", "1024"))
    folder = tempfile.mkdtemp(prefix="recordings-", dir=_tmp)
    source = os.path.join(folder, "source.bin")
    block = os.urandom(sealed.DEFAULT_CHUNK_SIZE)
    with open(source, "wb") as handle:
        for i in range(megabytes):
            handle.write(block[i % 7 :] + block[: i % 7])
    start = time.perf_counter()
    shutil.copyfile(source, os.path.join(folder, "copy.bin"))
    copy_seconds = time.perf_counter() - start
    os.remove(os.path.join(folder, "copy.bin"))
    child = subprocess.run(  # noqa: S603 - this interpreter, this module, our own paths
        [
            sys.executable,
            "-c",
            f"from haven.bench import _recording_child; _recording_child({source!r}, "
            f"{os.path.join(folder, 'sealed')!r})",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    size = megabytes * sealed.DEFAULT_CHUNK_SIZE
    sealed_file = sealed.SealedFile(
        storage=FileSystemStorage(location=os.path.join(folder, "sealed")),
        prefix="r",
        file_id=uuid.UUID(result["file_id"]),
        data_key=bytes.fromhex(result["key"]),
        size=size,
    )
    recording = types.SimpleNamespace(size=size, content_type="video/mp4", public_id=uuid.uuid4())
    middle = size // 2 + 12345

    def first_byte():
        response = stream_response(recording, sealed_file, (middle, min(middle + 65535, size - 1)))
        return next(iter(response.streaming_content))

    ttfb = median_ms(first_byte)
    shutil.rmtree(folder, ignore_errors=True)
    rate = megabytes / result["seconds"]
    return [
        (
            f"recording {megabytes} MiB: plain copy",
            f"{copy_seconds * 1000:.0f} ms",
            f"{megabytes / copy_seconds:.0f} MiB/s",
        ),
        (
            f"recording {megabytes} MiB: encrypt+hash",
            f"{result['seconds'] * 1000:.0f} ms",
            f"{rate:.0f} MiB/s",
        ),
        (
            "recording: encrypt+hash vs copy",
            f"{copy_seconds / result['seconds']:.2f}x",
            "target >= 0.5",
        ),
        ("recording: peak RSS while sealing", f"{result['rss_mb']:.0f} MB", "target < 200"),
        ("recording: TTFB, mid-file range", f"{ttfb:.1f} ms", "target < 50"),
    ]


BENCHMARKS.append(bench_recordings)

# --- Reports (issue 11): the NCA half-year report and the coordinator dashboard beside a
# hand-written SQL aggregate of the same rows; see haven/insights/bench.py.
from haven.insights.bench import bench_insights  # noqa: E402

BENCHMARKS.append(bench_insights)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--cases-only":
        print(json.dumps(case_measures(int(sys.argv[2]))))
        return 0
    if sys.argv[1:] == ["--time-existing"]:  # HAVEN_BENCH_DATABASE_URL already seeded
        print(json.dumps(time_case_reads(), indent=1))
        return 0
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
