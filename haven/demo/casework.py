"""Demo case work at scale: forensic interviews, service referrals, counselling sessions and
medical exams for the bulk-loaded cases (`seed_case_work`, after `seed_cases`).

Without them every figure that follows a case past intake (time to interview, time to first
service, the NCA report's interview, exam and counselling counts) is zero in the demo, and
the benchmarks time those queries over empty tables. The mix, per case, drawn from a
generator seeded by the seed and the case's id (so the same case always gets the same work,
whatever else was loaded):

- a completed forensic interview for about two cases in three whose child is 3 to 17,
  mostly within a week of receipt, some within a month, a few later; marked as having no
  recording ("synthetic demo interview"), so they do not wait for an upload;
- victim advocacy for about seven in ten, from the CAC, within two weeks;
- a mental-health assessment for about a third, then treatment for about two thirds of
  those, with attended sessions;
- a medical evaluation for about a quarter, with its exam.

Referrals older than three months are completed; newer ones are engaged. Like
`seed_cases`, rows are written in bulk (no per-row audit: one summary row).
"""

import datetime
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.cases.models import Case
from haven.demo.cases import DEMO_TODAY, TZ, _age, _ids_after, _Table
from haven.demo.seed import demo_email
from haven.directory.models import Agency, AgencyKind
from haven.interviews.models import Interview, Room
from haven.services.models import MedicalExam, ServiceReferral, ServiceSession

BATCH = 5_000
NO_RECORDING = "Synthetic demo interview: no recording exists."


def _wait(rng: random.Random) -> int:
    """Days from receipt: most within a week, some within a month, a few later."""
    roll = rng.random()
    if roll < 0.6:
        return rng.randint(0, 7)
    if roll < 0.9:
        return rng.randint(8, 30)
    if roll < 0.98:
        return rng.randint(31, 90)
    return rng.randint(91, 180)


class _Context:
    def __init__(self):
        rooms = {}
        for room_id, cac_id in Room.objects.order_by("id").values_list("id", "cac_id"):
            rooms.setdefault(cac_id, room_id)
        self.rooms = rooms
        home_interviewer = User.objects.get(email=demo_email("forensic_interviewer"))
        self.interviewer = {}
        self.actor = {}
        for cac in Agency.objects.filter(kind=AgencyKind.CAC):
            staff = User.objects.filter(agency=cac, is_active=True)
            fi = staff.filter(discipline="forensic_interviewer").order_by("id").first()
            coordinator = staff.filter(discipline="coordinator").order_by("id").first()
            self.interviewer[cac.pk] = (fi or home_interviewer).pk
            self.actor[cac.pk] = (coordinator or fi or home_interviewer).pk
        self.home_actor = home_interviewer.pk
        self.provider = {}
        for kind in (AgencyKind.MENTAL_HEALTH, AgencyKind.HOSPITAL):
            by_district = {}
            for agency_id, district_id in (
                Agency.objects.filter(kind=kind).order_by("id").values_list("id", "district_id")
            ):
                by_district.setdefault(district_id, agency_id)
            self.provider[kind] = by_district
        self.district_of = dict(
            Agency.objects.filter(kind=AgencyKind.CAC).values_list("id", "district_id")
        )


def seed_case_work(
    *,
    first_case_id: int,
    last_case_id: int,
    seed: int = 2026,
    today: datetime.date | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> dict:
    """Case work for the cases with ids in this range that have none yet. -> counts."""
    today = today or DEMO_TODAY
    started = time.perf_counter()
    ctx = _Context()
    tables = {m: _Table(m) for m in (Interview, ServiceReferral, ServiceSession, MedicalExam)}
    ids = {m: _ids_after(m) for m in tables}
    stats = defaultdict(int)
    now = timezone.now()
    busy = set(Interview.objects.values_list("case_id", flat=True).distinct()) | set(
        ServiceReferral.objects.values_list("case_id", flat=True).distinct()
    )
    cases = (
        Case.objects.filter(id__gte=first_case_id, id__lte=last_case_id)
        .order_by("id")
        .values_list("id", "cac_id", "received_on", "child__date_of_birth")
    )

    def take(model) -> int:
        value = ids[model]
        ids[model] += 1
        return value

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            for model, table in tables.items():
                table.write(cursor)
                stats[model._meta.model_name] += len(table.rows)
                table.rows = []

    def refer(rng, case_id, kind, on, provider, actor) -> int | None:
        if on > today:
            return None
        referral_id = take(ServiceReferral)
        done = (today - on).days > 90
        ended = min(on + datetime.timedelta(days=rng.randint(30, 90)), today) if done else None
        tables[ServiceReferral].add(
            id=referral_id,
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            case_id=case_id,
            service_type=kind,
            provider_id=provider,
            referred_by_id=actor,
            referred_on=on,
            status="completed" if done else "engaged",
            scheduled_on=on,
            engaged_on=on,
            ended_on=ended,
            created_at=now,
        )
        return referral_id

    for case_id, cac_id, received_on, dob in cases.iterator(chunk_size=BATCH):
        if case_id in busy:
            continue
        rng = random.Random(f"haven-demo-casework:{seed}:{case_id}")
        actor = ctx.actor.get(cac_id, ctx.home_actor)
        district = ctx.district_of.get(cac_id)
        age = _age(dob, received_on) if dob is not None else None
        room = ctx.rooms.get(cac_id)
        if room and age is not None and 3 <= age <= 17 and rng.random() < 0.66:
            day = received_on + datetime.timedelta(days=_wait(rng))
            if day < today:
                starts = datetime.datetime.combine(
                    day, datetime.time(rng.randint(9, 15), rng.choice((0, 30))), tzinfo=TZ
                )
                ends = starts + datetime.timedelta(minutes=rng.randint(25, 75))
                tables[Interview].add(
                    id=take(Interview),
                    public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    case_id=case_id,
                    room_id=room,
                    interviewer_id=ctx.interviewer.get(cac_id, ctx.home_actor),
                    starts_at=starts,
                    ends_at=ends,
                    protocol="childfirst",
                    child_age=age,
                    status="completed",
                    started_at=starts,
                    ended_at=ends,
                    disclosure=rng.choice(("full", "full", "partial", "none")),
                    no_recording_reason=NO_RECORDING,
                    created_by_id=actor,
                    created_at=now,
                )
        if rng.random() < 0.7:
            on = received_on + datetime.timedelta(days=rng.randint(0, 14))
            refer(rng, case_id, "advocacy", on, cac_id, actor)
        if rng.random() < 0.33:
            clinic = ctx.provider[AgencyKind.MENTAL_HEALTH].get(district, cac_id)
            on = received_on + datetime.timedelta(days=_wait(rng))
            if refer(rng, case_id, "mh_assessment", on, clinic, actor) and (rng.random() < 0.66):
                on += datetime.timedelta(days=rng.randint(7, 30))
                treatment = refer(rng, case_id, "mh_treatment", on, clinic, actor)
                for week in range(rng.randint(1, 6) if treatment else 0):
                    held = on + datetime.timedelta(days=7 * (week + 1))
                    if held >= today:
                        break
                    tables[ServiceSession].add(
                        id=take(ServiceSession),
                        public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        referral_id=treatment,
                        kind="session",
                        held_on=held,
                        duration_minutes=50,
                        attendance="attended",
                        recorded_by_id=actor,
                        created_at=now,
                    )
        if rng.random() < 0.25:
            hospital = ctx.provider[AgencyKind.HOSPITAL].get(district, cac_id)
            on = received_on + datetime.timedelta(days=rng.randint(0, 21))
            evaluation = refer(rng, case_id, "medical_evaluation", on, hospital, actor)
            examined = on + datetime.timedelta(days=rng.randint(0, 7))
            if evaluation and examined <= today:
                tables[MedicalExam].add(
                    id=take(MedicalExam),
                    public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    case_id=case_id,
                    referral_id=evaluation,
                    examined_on=examined,
                    examiner="Demo examiner",
                    acuity=rng.choice(("acute", "non_acute", "non_acute")),
                    recorded_by_id=actor,
                    created_at=now,
                )
        stats["cases"] += 1
        if len(tables[ServiceReferral].rows) >= BATCH:
            flush()
            log(f"  case work: {stats['cases']:,} cases ({time.perf_counter() - started:.0f} s)")
    flush()
    _reset_sequences()
    summary = {
        "cases": stats["cases"],
        "interviews": stats["interview"],
        "service_referrals": stats["servicereferral"],
        "sessions": stats["servicesession"],
        "medical_exams": stats["medicalexam"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    if stats["cases"]:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        audit_record(
            actor=User.objects.get(email=demo_email("security_officer")),
            action=Action.SERVICE_REFERRED,
            object_type="demo.bulk_case_work",
            object_id=f"seed-{seed}-{first_case_id}-{last_case_id}",
            object_label="Synthetic demo case work (bulk load, not audited row by row)",
            new={"seed": seed, **summary},
        )
    return summary


def _reset_sequences() -> None:
    """As seed_cases: move PostgreSQL's id sequences past the ids written here."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(
        no_style(), [Interview, ServiceReferral, ServiceSession, MedicalExam]
    )
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
