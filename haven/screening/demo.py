"""Demo data for the screening app: `seed_screening()`, called by the demo after its users,
agencies and cases exist. Deterministic, synthetic, idempotent (does nothing when reports
already exist). Everything goes through the services.

- four public reports: one about an apparent minor at a demo lodging business, escalated
  (received 30 hours ago); one about an adult (law enforcement); one anonymous and
  recent; one triaged by the coordinator into a new case through intake;
- one adult encounter by the demo officer with indicators and a short-screen result.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.directory.models import Agency, AgencyKind
from haven.screening import services
from haven.screening.models import Instrument, Report, Route


def _user(discipline: str, *, cac: bool = False) -> User | None:
    users = User.objects.filter(discipline=discipline, is_active=True).select_related("agency")
    if cac:
        users = users.filter(agency__kind=AgencyKind.CAC)
    return users.order_by("pk").first()


def _home_lodging(home) -> Agency | None:
    """The first lodging business (by name) whose reports belong to the demo coordinator's
    district `home`: reports are read in their district, and the demo's staff work there."""
    lodgings = list(Agency.objects.filter(kind=AgencyKind.LODGING).order_by("name"))
    for lodging in lodgings:
        if home is None or services.district_for(lodging.town, lodging) == home:
            return lodging
    return lodgings[0] if lodgings else None


FIRST = (
    "A girl who looked about 15 came to the front desk with an older man who "
    "paid cash for a week and answered every question for her."
)


def seed_screening(*, now: datetime.datetime | None = None) -> dict:
    first = Report.objects.filter(what_seen=FIRST).first()
    if first is not None:  # seeded already: the same summary, read back
        return _summary(first)
    now = now or timezone.now()
    today = timezone.localdate(now)
    coordinator = _user(Discipline.COORDINATOR, cac=True)
    lodging = _home_lodging(coordinator.agency.district if coordinator else None)
    town = lodging.town if lodging else "New Haven"
    with transaction.atomic():
        escalated = services.report_submit(
            what_seen=FIRST,
            apparent_age="under_18",
            lodging=lodging,
            town=town,
            seen_on=today - datetime.timedelta(days=2),
            description="Girl: dark hoodie, no bag. Man: about 40, grey pickup truck.",
        )
        Report.objects.filter(pk=escalated.pk).update(
            received_at=now - datetime.timedelta(hours=30)
        )
        services.reports_escalate(now=now)
        services.report_submit(
            what_seen=(
                "Several adult women are driven to the spa on Elm Street at night and never "
                "seem to leave; the windows are covered."
            ),
            apparent_age="adult",
            town=town,
            place="Elm Street",
            reporter_phone="203-555-0142",
        )
        services.report_submit(
            what_seen=(
                "A teenager at the bus station said she had to earn money for her 'boyfriend'."
            ),
            apparent_age="possibly_under_18",
            town=town,
        )
        to_case = services.report_submit(
            what_seen=(
                "A boy of about 14 is dropped at different motel rooms by the same adult "
                "most evenings."
            ),
            apparent_age="under_18",
            town=town,
            seen_on=today - datetime.timedelta(days=1),
        )
        Report.objects.filter(pk=to_case.pk).update(received_at=now - datetime.timedelta(hours=5))
        to_case.refresh_from_db()
        if coordinator is not None:
            services.report_triage(
                actor=coordinator,
                report=to_case,
                route=Route.DCF,
                create_case=True,
                # Named by the time Careline called back (the report itself had no name).
                child_first_name="Valentina",
                child_last_name="Rivera",
                child_estimated_age=14,
                note="Careline intake called; case opened for the CAC team.",
            )
        officer = _user(Discipline.LAW_ENFORCEMENT)
        encounter = None
        if officer is not None:
            encounter = services.encounter_record(
                actor=officer,
                occurred_on=today,
                first_name="Demo",
                last_name="Encounter",
                stated_age=23,
                town=officer.agency.town if officer.agency else town,
                facts="Met during a motel check; says her phone and ID are kept by her 'manager'.",
                indicators=["controlled", "documents_held", "debt"],
            )
            short = Instrument.objects.filter(code="trafficking-short-screen").first()
            if short is not None:
                answers = {str(i.number): "no" for i in short.items.all()}
                answers.update({"3": "yes", "5": "yes", "6": "yes"})
                services.encounter_add_screening(
                    actor=officer, encounter=encounter, instrument=short, answers=answers
                )
    return _summary(escalated)


def _summary(escalated: Report) -> dict:
    from haven.screening.models import Encounter

    triaged = Report.objects.filter(case__isnull=False).select_related("case").first()
    encounter = Encounter.objects.filter(person__last_name="Encounter").order_by("pk").first()
    return {
        "reports": Report.objects.count(),
        "escalated": escalated.reference,
        "case": triaged.case.number if triaged else "",
        "encounter": str(encounter.public_id) if encounter else "",
    }
