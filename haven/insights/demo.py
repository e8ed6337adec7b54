"""Demo data for the insights app. The dashboard and the NCA report read what the other
apps' demo seeding made; this adds the § 51-286h narrative of the demo police department,
so the annual trafficking report shows a filled-in example. Call from haven/demo after the
other seeders: `from haven.insights.demo import seed_insights; seed_insights()`."""

import datetime


def seed_insights(*, today: datetime.date | None = None) -> dict:
    from haven.accounts.models import User
    from haven.demo.seed import demo_email
    from haven.insights import rules, services
    from haven.insights.models import TraffickingNarrative

    today = today or datetime.date(2026, 11, 1)
    detective = User.objects.filter(email=demo_email("law_enforcement")).first()
    if detective is None or detective.agency is None:
        return {"narratives": 0}
    year = today.year if today.month > 6 else today.year - 1
    period = rules.twelve_months_ending(datetime.date(year, 6, 30))
    if TraffickingNarrative.objects.filter(
        agency=detective.agency, period_start=period.start, period_end=period.end
    ).exists():
        return {"narratives": 0}
    services.narrative_save(
        actor=detective,
        agency=detective.agency,
        period=period,
        criteria="Cases with a trafficking allegation or indicators recorded at intake (demo).",
        coordination="Joint interviews at the CAC; referrals to DCF's trafficking team (demo).",
        obstacles="Victims reluctant to disclose; short hotel stays (demo).",
    )
    return {"narratives": 1}
