"""Timings of the insights reports against hand-written SQL over the same rows (issue 11).

`bench_insights(out)` returns rows in `haven.bench`'s shape, (name, median, ratio), for the
database Django is connected to: the NCA half-year report for the demo coordinator's
centre and the coordinator dashboard, each beside a hand-written SQL aggregate of the same
figures (target: within 3x). If the database has fewer than HAVEN_BENCH_INSIGHTS_CASES
cases (default 10,000) it seeds demo cases first. To add it to `make bench`:

    from haven.insights.bench import bench_insights
    BENCHMARKS.append(bench_insights)

or time an existing database (for example the 1,000,000-case one):

    HAVEN_BENCH_DATABASE_URL=sqlite:////path/bench.sqlite3 .venv/bin/python -m haven.insights.bench
"""

import datetime
import os

HALF = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))

# The hand-written aggregates: the same filters and groupings as the report's ORM queries
# (age groups excepted: the SQL has no portable date arithmetic, so it stops at the
# figures that need none, which flatters the SQL side of the ratio).
_COUNTED = """
    FROM cases_case c
    JOIN cases_referral r ON r.id = c.referral_id
    JOIN people_person p ON p.id = c.child_id
    WHERE c.cac_id = %s AND c.received_on >= %s AND c.received_on <= %s
      AND r.reason = 'abuse_allegation'
"""
NCA_SQL = [
    "SELECT COUNT(*) " + _COUNTED,
    "SELECT p.sex, COUNT(*) " + _COUNTED + " GROUP BY p.sex",
    "SELECT p.race, COUNT(*) " + _COUNTED + " GROUP BY p.race",
    "SELECT p.ethnicity, COUNT(*) " + _COUNTED + " GROUP BY p.ethnicity",
    "SELECT o.relationship, COUNT(*) "
    + _COUNTED.replace(
        "WHERE",
        "JOIN cases_party o ON o.referral_id = c.referral_id AND o.role = 'alleged_offender' WHERE",
    )
    + " GROUP BY o.relationship",
    "SELECT a.kind, COUNT(DISTINCT c.id) "
    + _COUNTED.replace(
        "WHERE",
        "JOIN cases_allegation a ON a.referral_id = c.referral_id"
        " AND a.victim_id = c.child_id WHERE",
    )
    + " GROUP BY a.kind",
    # The four service figures: cases of the centre with such a service in the period.
    """SELECT COUNT(DISTINCT m.case_id) FROM services_medicalexam m
       JOIN cases_case c ON c.id = m.case_id
       WHERE c.cac_id = %s AND m.examined_on >= %s AND m.examined_on <= %s""",
    # (The report takes the period's days in Connecticut time; the SQL takes them in UTC,
    # which reads the same rows give or take a few hours at each end.)
    """SELECT COUNT(DISTINCT i.case_id) FROM interviews_interview i
       JOIN cases_case c ON c.id = i.case_id
       WHERE c.cac_id = %s AND i.status = 'completed'
         AND i.starts_at >= %s AND i.starts_at < %s""",
    """SELECT COUNT(DISTINCT r.case_id) FROM services_servicesession s
       JOIN services_servicereferral r ON r.id = s.referral_id
       JOIN cases_case c ON c.id = r.case_id
       WHERE c.cac_id = %s AND s.held_on >= %s AND s.held_on <= %s
         AND r.service_type = 'mh_treatment' AND s.attendance = 'attended'""",
    """SELECT COUNT(DISTINCT r.case_id) FROM services_servicereferral r
       JOIN cases_case c ON c.id = r.case_id
       WHERE c.cac_id = %s AND r.referred_on >= %s AND r.referred_on <= %s
         AND r.service_type IN ('mh_assessment', 'mh_treatment')""",
]


def _median_ms(fn, repeat: int = 5) -> float:
    import statistics
    import time

    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _dashboard_sql(connection) -> list[str]:
    sqlite = connection.vendor == "sqlite"
    month = "strftime('%%Y-%%m', c.received_on)" if sqlite else "to_char(c.received_on, 'YYYY-MM')"

    def days(end: str) -> str:
        if sqlite:
            return f"CAST(julianday({end}) - julianday(c.received_on) AS INTEGER)"
        return f"({end} - c.received_on)"

    interview_day = (
        "date(i.starts_at)" if sqlite else "(i.starts_at AT TIME ZONE 'America/New_York')::date"
    )
    return [
        f"SELECT {month}, COUNT(*) FROM cases_case c WHERE c.cac_id = %s "  # noqa: S608
        "AND c.received_on >= %s AND c.received_on <= %s GROUP BY 1",
        "SELECT t.name, COUNT(*) FROM cases_case c LEFT JOIN teams_team t ON t.id = c.team_id "
        "WHERE c.cac_id = %s AND c.status = 'open' AND %s <= %s GROUP BY t.name",
        # Each case's first referral of each type in the year, by type and wait in days.
        f"SELECT s.service_type, {days('s.referred_on')}, COUNT(*) "  # noqa: S608
        "FROM services_servicereferral s JOIN cases_case c ON c.id = s.case_id "
        "WHERE c.cac_id = %s AND s.referred_on >= %s AND s.referred_on <= %s "
        "AND NOT EXISTS (SELECT 1 FROM services_servicereferral e WHERE e.case_id = s.case_id "
        "AND e.service_type = s.service_type AND (e.referred_on < s.referred_on "
        "OR (e.referred_on = s.referred_on AND e.id < s.id))) GROUP BY 1, 2",
        # Each case's first completed interview in the year, by wait in days.
        f"SELECT {days(interview_day)}, COUNT(*) "  # noqa: S608
        "FROM interviews_interview i JOIN cases_case c ON c.id = i.case_id "
        "WHERE c.cac_id = %s AND i.status = 'completed' "
        "AND i.starts_at >= %s AND i.starts_at <= %s "
        "AND NOT EXISTS (SELECT 1 FROM interviews_interview e WHERE e.case_id = i.case_id "
        "AND e.status = 'completed' AND (e.starts_at < i.starts_at "
        "OR (e.starts_at = i.starts_at AND e.id < i.id))) GROUP BY 1",
    ]


def _run_sql(statements, params) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def _ensure_cases() -> None:
    from haven.cases.models import Case

    wanted = int(os.environ.get("HAVEN_BENCH_INSIGHTS_CASES", "10000"))
    have = Case.objects.count()
    if have < wanted:
        from haven.demo.cases import seed_cases
        from haven.demo.casework import seed_case_work

        first = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        seed_cases(wanted - have, seed=2026)
        # Interviews, services, sessions and exams, so those figures are not read from
        # empty tables.
        seed_case_work(first_case_id=first, last_case_id=first + wanted, seed=2026)


def bench_insights(out=None) -> list[tuple[str, str, str]]:
    """Rows for haven.bench's table; `out` (the bench's officer) is not needed."""
    from django.db import connection

    from haven.accounts.models import User
    from haven.cases.models import Case
    from haven.demo.seed import demo_email
    from haven.insights import rules, selectors
    from haven.insights.dashboard import coordinator_dashboard

    _ensure_cases()
    coordinator = User.objects.get(email=demo_email("coordinator"))
    centre = coordinator.agency
    period = rules.half_year(2026, 1)
    counted = selectors.nca_cases(Case.objects.filter(cac=centre), period).count()
    nca = _median_ms(lambda: selectors.nca_report(coordinator, centre, period))
    nca_sql = _median_ms(lambda: _run_sql(NCA_SQL, [centre.pk, *HALF]))
    today = datetime.date(2026, 11, 1)
    year_ago = today - datetime.timedelta(days=365)
    dash = _median_ms(lambda: coordinator_dashboard(centre, today=today))
    dash_sql = _median_ms(
        lambda: _run_sql(_dashboard_sql(connection), [centre.pk, year_ago, today])
    )
    total = Case.objects.count()
    return [
        (
            f"NCA half-year, one centre ({counted:,} counted of {total:,} cases)",
            f"{nca:.1f} ms",
            f"{nca / max(nca_sql, 0.001):.2f}x SQL",
        ),
        ("  hand-written SQL, same figures", f"{nca_sql:.1f} ms", ""),
        ("coordinator dashboard", f"{dash:.1f} ms", f"{dash / max(dash_sql, 0.001):.2f}x SQL"),
        ("  hand-written SQL, month/caseload/waits", f"{dash_sql:.1f} ms", ""),
    ]


if __name__ == "__main__":
    import tempfile

    folder = tempfile.mkdtemp(prefix="haven-bench-insights-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "HAVEN_BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ.setdefault("HAVEN_ENV", "test")
    os.environ.setdefault("HAVEN_VAR_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from haven.demo.seed import seed_demo

    call_command("migrate", verbosity=0)
    seed_demo(seed=2026)
    for name, value, ratio in bench_insights():
        print(f"{name:<60} {value:>12} {ratio:>12}")
