"""Demo cases at scale: N synthetic Connecticut cases, bulk-inserted, deterministic per seed.

`seed_cases(n)` runs after `seed_demo()` (it needs the demo districts' agencies, teams and
users). It writes children, caregivers and alleged offenders, referrals, parties,
allegations, cases, case-team assignments and the CaseAgency rows the services would keep,
with `bulk_create` in batches and explicit primary keys, so a million cases load in
minutes on SQLite. Search keys (Person.sort_name, last_phonetic, first_phonetic) are
computed exactly as the people services compute them.

What the services would audit row by row is summarised by ONE audit row for the whole
load. The directory records the load needs (a police department for each town, a few
investigators, clinicians and advocates) are created through the real, audited services.

Shape of the data (every person is invented):
- cases spread over 2019 to the seed's "today", by judicial district roughly by
  population; older cases mostly closed, recent ones mostly open;
- one referral per incident; ~15% bring a co-victim (a sibling), who gets its own case;
  ~5% of referrals concern a child already seen in an earlier referral;
- law enforcement is the police department of the child's town. In New Haven the demo
  detective's department (New Haven PD) takes a few hundred cases, all assigned to the
  detective, so the detective sees a few hundred cases however large the load; the
  other New Haven district cases go to the other towns' departments. The demo DCF worker
  is assigned a few hundred New Haven cases and the demo therapist about a hundred.
"""

import bisect
import datetime
import itertools
import random
import re
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.cases import rules
from haven.cases.models import (
    Allegation,
    AllegationType,
    Assignment,
    AssignmentSection,
    Case,
    CaseAgency,
    CaseStatus,
    Party,
    PartyRole,
    Referral,
    ReferralReason,
    Relationship,
)
from haven.cases.services import case_names_fill
from haven.demo.seed import HOME_DISTRICT, demo_email
from haven.demo.teams import district_coordinator_email
from haven.directory.models import Agency, AgencyKind, Personnel
from haven.directory.services import agency_create, personnel_create
from haven.people.models import Ethnicity, Person, Race, Sex
from haven.people.names import phonetic, short_key, sort_key
from haven.teams.models import Team

DEMO_TODAY = datetime.date(2026, 11, 1)  # the same "today" as seed_demo
FIRST_DAY = datetime.date(2019, 1, 1)
BATCH_CASES = 5_000  # cases per bulk batch; the other tables follow (2-3 rows per case)
TZ = ZoneInfo("America/New_York")

# Judicial districts (Gen. Stat. § 51-344): share of cases (roughly by population) and
# some of their towns, weighted. The first town is the court seat of the demo police.
DISTRICT_SHARE = {
    "Ansonia-Milford": 5,
    "Danbury": 6,
    "Fairfield": 9,
    "Hartford": 18,
    "Litchfield": 5,
    "Middlesex": 5,
    "New Britain": 7,
    "New Haven": 14,
    "New London": 8,
    "Stamford-Norwalk": 9,
    "Tolland": 4,
    "Waterbury": 7,
    "Windham": 3,
}
TOWNS = {
    "Ansonia-Milford": "Ansonia:3 Derby:2 Milford:5 West Haven:6 Shelton:4 Seymour:2 Orange:1",
    "Danbury": "Danbury:8 Bethel:2 Brookfield:2 Newtown:3 Ridgefield:2 New Fairfield:1",
    "Fairfield": "Bridgeport:12 Stratford:4 Fairfield:3 Trumbull:2 Monroe:1 Easton:1",
    "Hartford": (
        "Hartford:10 Manchester:4 East Hartford:4 West Hartford:4 Enfield:3 Bloomfield:2 "
        "Windsor:2 Wethersfield:2 Newington:2 Glastonbury:2 Simsbury:1"
    ),
    "Litchfield": "Litchfield:1 Torrington:5 Winchester:2 New Milford:3 Watertown:2 Plymouth:1",
    "Middlesex": "Middletown:6 Cromwell:2 Portland:1 East Hampton:1 Clinton:1 Old Saybrook:1",
    "New Britain": "New Britain:7 Bristol:5 Southington:3 Berlin:2 Plainville:2",
    "New Haven": (
        "New Haven:0 Meriden:6 Hamden:6 East Haven:3 Wallingford:4 North Haven:2 "
        "Branford:2 Guilford:1 Madison:1 North Branford:1 Woodbridge:1"
    ),
    "New London": "Norwich:4 New London:3 Groton:4 Waterford:2 Montville:2 Ledyard:1 East Lyme:1",
    "Stamford-Norwalk": "Stamford:8 Norwalk:6 Greenwich:3 Darien:1 Westport:1 Wilton:1",
    "Tolland": "Rockville:2 Vernon:3 Tolland:1 Coventry:1 Ellington:1 Mansfield:2 Stafford:1",
    "Waterbury": "Waterbury:9 Naugatuck:3 Wolcott:1 Cheshire:2 Southbury:1 Middlebury:1",
    "Windham": "Putnam:1 Windham:4 Killingly:2 Plainfield:2 Thompson:1 Woodstock:1",
}
DETECTIVE_TOWN = "New Haven"  # the demo detective's department; see the module docstring

# Names, most common first within each list (weights fall off with the position).
LAST_NAMES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas
Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King
Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell
Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey
Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood James Bennett Gray Hughes Price
Sullivan Russell Myers Long Foster Sanders Ross Powell Jenkins Perry Butler Barnes Fisher
Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Wallace Cole West
O'Brien McCarthy Walsh Fitzgerald Brennan Doyle Kowalski Nowak Wisniewski Russo Esposito
Romano Rossi Marino DeLuca Ricci Caruso Ferrari Costa Silva Pereira Santos Oliveira Nguyen
Tran Le Pham Patel Shah Kim Lee Chen Wang Li Dubois Haddad Okafor Mensah Boateng Joseph
Pierre Jean-Baptiste Charles Francois""".split()
HISPANIC_LAST_NAMES = """Rivera Rodriguez Santiago Martinez Gonzalez Hernandez Torres Perez
Lopez Ortiz Cruz Colon Ramos Diaz Vazquez Figueroa Rosario Reyes Medina Morales Castro
Sanchez Ramirez Flores Alvarez Gomez Jimenez Ruiz Mendez Nieves Velez Acevedo Burgos Matos
Quiñones Maldonado Pagán Ayala Feliciano Correa Serrano Castillo Guzmán Peña Báez""".split()
FIRST_F = """Olivia Emma Ava Sophia Isabella Mia Charlotte Amelia Harper Evelyn Abigail Emily
Ella Madison Scarlett Chloe Grace Lily Aubrey Zoey Nora Riley Hannah Layla Brooklyn Leah
Savannah Audrey Claire Skylar Aaliyah Kennedy Imani Jada Nevaeh Destiny Trinity Kayla Jasmine
Brianna Aisha Priya Mei Linh Fatima Ava-Rose Maeve Siobhan Julia Sarah Jessica Ashley
Samantha Taylor Kaitlyn Megan Rachel Lauren""".split()
FIRST_M = """Liam Noah Oliver Elijah James William Benjamin Lucas Henry Alexander Mason Michael
Ethan Daniel Jacob Logan Jackson Levi Sebastian Aiden Matthew Samuel David Joseph Carter
Owen Wyatt John Jack Luke Jayden Dylan Grayson Isaac Anthony Caleb Ryan Nathan Christian
Jaylen Malik Darnell Andre Tyrone Jamal Marcus Kevin Brian Kyle Tyler Connor Sean Patrick
Omar Arjun Minh Wei Jean""".split()
HISPANIC_FIRST_F = """Sofía Valentina Camila Isabella Mariana Gabriela Daniela Lucía Ximena
Natalia Alejandra Yaritza Yesenia Marisol Carmen María Ana Rosa Lourdes Migdalia Jazmín
Adriana Paola Karina Génesis Nayeli""".split()
HISPANIC_FIRST_M = """Mateo Santiago Sebastián Diego Alejandro Ángel Luis José Carlos Juan
Miguel Jesús Javier Adrián Gabriel Emmanuel Jadiel Yariel Héctor Josué Christopher Kevin
Jonathan Wilfredo Ramón Edwin""".split()
MIDDLE_F = "Marie Ann Lynn Rose Grace Elizabeth Jean Louise".split()
MIDDLE_M = "Michael James Lee Alexander Joseph Anthony Luis David".split()

RACES = [
    (Race.WHITE, 44),
    (Race.BLACK, 22),
    (Race.MULTIRACIAL, 8),
    (Race.ASIAN, 3),
    (Race.AMERICAN_INDIAN, 0.5),
    (Race.PACIFIC_ISLANDER, 0.2),
    (Race.OTHER, 9),
    (Race.UNKNOWN, 13),
]
KINDS = [
    (AllegationType.SEXUAL_ABUSE, 50),
    (AllegationType.PHYSICAL_ABUSE, 18),
    (AllegationType.NEGLECT, 8),
    (AllegationType.WITNESS_TO_VIOLENCE, 8),
    (AllegationType.ONLINE_EXPLOITATION, 6),
    (AllegationType.EMOTIONAL_ABUSE, 3),
    (AllegationType.DRUG_ENDANGERED, 3),
    (AllegationType.SEX_TRAFFICKING, 3),
    (AllegationType.LABOR_TRAFFICKING, 0.3),
    (AllegationType.OTHER, 0.7),
]
TRAFFICKING = {AllegationType.SEX_TRAFFICKING, AllegationType.LABOR_TRAFFICKING}
RELATIONSHIPS = [
    (Relationship.PARENT, 24),
    (Relationship.PARENTS_PARTNER, 12),
    (Relationship.STEP_PARENT, 8),
    (Relationship.OTHER_RELATIVE, 18),
    (Relationship.SIBLING, 5),
    (Relationship.FAMILY_FRIEND, 11),
    (Relationship.CAREGIVER, 4),
    (Relationship.FOSTER_PARENT, 1),
    (Relationship.AUTHORITY_FIGURE, 5),
    (Relationship.PEER, 7),
    (Relationship.ONLINE_CONTACT, 3),
    (Relationship.STRANGER, 1.5),
    (Relationship.UNKNOWN, 0.5),
]
FAMILY = {
    Relationship.PARENT,
    Relationship.PARENTS_PARTNER,
    Relationship.STEP_PARENT,
    Relationship.OTHER_RELATIVE,
    Relationship.SIBLING,
    Relationship.CAREGIVER,
    Relationship.FOSTER_PARENT,
}
SOURCE_PEOPLE = ["Parent", "Grandparent", "School counselor", "Pediatrician", "Neighbour", ""]
# Ages of alleged victims at referral: mostly 3-17, some 0-2, a few 18.
CHILD_AGES = list(range(19))
CHILD_AGE_WEIGHTS = [3, 3, 3, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 8, 8, 8, 7, 6, 1.5]

# Per district: how many of each kind of directory person the load spreads cases over.
STAFF = {"dcf": 6, "mental_health": 3, "hospital": 2, "police": 2, "cac": 2}
QUOTAS = {"detective": 300, "dcf_worker": 300, "therapist": 100}


def _weighted(items):
    values = [v for v, _ in items]
    cum = list(itertools.accumulate(w for _, w in items))
    return values, cum


def _zipf(names: list[str]):
    return names, list(itertools.accumulate(1 / (i + 8) for i in range(len(names))))


def _towns(spec: str) -> list[tuple[str, float]]:
    return [(town, float(weight)) for town, weight in re.findall(r"\s*(.+?):(\d+)", spec)]


@dataclass
class DistrictCtx:
    name: str
    cac: Agency
    team: Team
    code: str
    coordinator: User
    towns: tuple[list[str], list[float]]
    police: dict[str, tuple[int, list[int]]]  # town -> (agency id, personnel ids)
    dcf: tuple[int, list[int]]
    mental_health: tuple[int, list[int]]
    hospital: tuple[int, list[int]]
    school: int | None
    interviewers: list[int]
    advocates: list[int]
    recent_children: deque = field(default_factory=lambda: deque(maxlen=5000))


@dataclass
class HomeUsers:
    detective: User
    dcf_worker: User
    therapist: User
    interviewer: User
    advocate: User


def _ids_after(model) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def _staff(actor, agency: Agency, count: int, title: str, rng) -> list[int]:
    """Ids of `count` directory people at the agency, creating the missing ones.

    Only people without a Haven account: a user's own directory record (the DCF office's
    training administrator, say) must not be handed a case section their role cannot
    hold. Names come from a generator of their own, so the cases drawn afterwards from
    `rng` are the same whoever already works at the agency.
    """
    existing = list(
        Personnel.objects.filter(agency=agency, is_active=True, user__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    names = random.Random(f"{agency.name}:{title}")
    while len(existing) < count:
        name = f"{names.choice(FIRST_F + FIRST_M)} {names.choice(LAST_NAMES)}"
        existing.append(
            personnel_create(actor=actor, agency=agency, full_name=name, title=title).pk
        )
    return existing[:count] if count else existing


def _agency(actor, name: str, kind: str, district, town: str) -> Agency:
    found = Agency.objects.filter(name__iexact=name, kind=kind).first()
    return found or agency_create(actor=actor, name=name, kind=kind, district=district, town=town)


def _codes(cacs: list[Agency]) -> dict[int, str]:
    """Case-number prefixes. rules.cac_code can give two CACs the same initials (Waterbury
    and Windham are both 'WCAC'); Case.number is unique, so later ones get a digit."""
    codes, seen = {}, defaultdict(int)
    for cac in sorted(cacs, key=lambda a: a.name):
        code = rules.cac_code(cac.name)
        seen[code] += 1
        codes[cac.pk] = code if seen[code] == 1 else f"{code[:5]}{seen[code]}"
    return codes


def _context(rng) -> tuple[User, dict[str, DistrictCtx], HomeUsers]:
    officer = User.objects.get(email=demo_email("security_officer"))
    teams = list(Team.objects.select_related("host_cac", "district").order_by("district__name"))
    codes = _codes([t.host_cac for t in teams])
    ctxs = {}
    for team in teams:
        district = team.district
        if district.name not in DISTRICT_SHARE:
            continue
        seat = district.court_seats[0].split(" or ")[0]
        dcf = Agency.objects.get(name=f"DCF {district.name} Area Office (demo)")
        clinic = Agency.objects.get(
            name=f"{seat} Child Guidance Clinic (demo)", kind=AgencyKind.MENTAL_HEALTH
        )
        hospital = Agency.objects.get(
            name=f"{seat} Regional Hospital (demo)", kind=AgencyKind.HOSPITAL
        )
        school = Agency.objects.filter(
            name=f"{seat} Public Schools (demo)", kind=AgencyKind.SCHOOL_DISTRICT
        ).first()
        towns = _towns(TOWNS[district.name])
        police = {}
        for town, _weight in towns:
            dept = _agency(
                officer,
                f"{town} Police Department (demo)",
                AgencyKind.MUNICIPAL_POLICE,
                district,
                town,
            )
            police[town] = (dept.pk, _staff(officer, dept, STAFF["police"], "Detective", rng))
        cac = team.host_cac
        cac_staff = _staff(officer, cac, 0, "", rng)
        interviewers = (
            list(
                Personnel.objects.filter(agency=cac, title__icontains="interviewer").values_list(
                    "id", flat=True
                )
            )
            or cac_staff
        )
        advocates = list(
            Personnel.objects.filter(agency=cac, title__icontains="advocate").values_list(
                "id", flat=True
            )
        )
        if not advocates:
            advocates = [
                personnel_create(
                    actor=officer,
                    agency=cac,
                    full_name=f"{rng.choice(FIRST_F)} {rng.choice(LAST_NAMES)}",
                    title="Victim advocate",
                ).pk
            ]
        coordinator_email = (
            demo_email("coordinator")
            if district.name == HOME_DISTRICT
            else district_coordinator_email(district.name)
        )
        ctxs[district.name] = DistrictCtx(
            name=district.name,
            cac=cac,
            team=team,
            code=codes[cac.pk],
            coordinator=User.objects.get(email=coordinator_email),
            towns=_weighted([(t, w) for t, w in towns if w > 0]),
            police=police,
            dcf=(dcf.pk, _staff(officer, dcf, STAFF["dcf"], "DCF investigator", rng)),
            mental_health=(
                clinic.pk,
                _staff(officer, clinic, STAFF["mental_health"], "Clinician", rng),
            ),
            hospital=(
                hospital.pk,
                _staff(officer, hospital, STAFF["hospital"], "Child abuse pediatrician", rng),
            ),
            school=school.pk if school else None,
            interviewers=sorted(interviewers),
            advocates=sorted(advocates),
        )
    home = HomeUsers(
        detective=User.objects.get(email=demo_email("law_enforcement")),
        dcf_worker=User.objects.get(email=demo_email("dcf")),
        therapist=User.objects.get(email=demo_email("mental_health")),
        interviewer=User.objects.get(email=demo_email("forensic_interviewer")),
        advocate=User.objects.get(email=demo_email("victim_advocate")),
    )
    return officer, ctxs, home


class _Table:
    """Rows of one model, written with one multi-row INSERT per batch.

    Model.objects.bulk_create spent two thirds of the load in the SQL compiler (per-value
    preparation) and in Model.__init__; this writes the same columns, in the model's own
    column order, with each value adapted once by the database backend's own adapters.
    Database constraints and triggers apply as for any insert. No signals are sent (as
    with bulk_create) and no per-row audit is written: seed_cases writes one summary row.
    """

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.model = model
        self.names = [f.attname for f in fields]
        self.defaults = {}
        for f in fields:
            if f.has_default() and not callable(f.default):
                self.defaults[f.attname] = f.default
            else:
                self.defaults[f.attname] = None if f.null else ""
        ops = connection.ops
        self.adapt = []
        for i, f in enumerate(fields):
            kind = f.get_internal_type()
            if kind == "DateTimeField":
                self.adapt.append((i, ops.adapt_datetimefield_value))
            elif kind == "DateField":
                self.adapt.append((i, ops.adapt_datefield_value))
            elif kind == "UUIDField" and not connection.features.has_native_uuid_field:
                self.adapt.append((i, lambda v: v.hex if v is not None else None))
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        # Table and column names come from the model's _meta, quoted; values are parameters.
        self.sql = (
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        self.rows: list[list] = []

    def add(self, **values) -> None:
        row = self.defaults | values
        out = [row[name] for name in self.names]
        for i, adapt in self.adapt:
            if out[i] is not None:
                out[i] = adapt(out[i])
        self.rows.append(out)

    def write(self, cursor) -> None:
        if self.rows:
            cursor.executemany(self.sql, self.rows)


class _Ids:
    """Explicit primary keys, so rows can point at each other before they are written."""

    def __init__(self):
        self.next = {m: _ids_after(m) for m in (Person, Referral, Party, Allegation, Case)}
        self.next.update({m: _ids_after(m) for m in (Assignment, CaseAgency)})

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class _Generator:
    def __init__(self, n: int, seed: int, today: datetime.date, log: Callable[[str], None]):
        self.n = n
        self.today = today
        self.log = log
        self.rng = random.Random(seed)
        self.uuids = random.Random(f"haven-demo-cases:{seed}:{_ids_after(Case)}")
        self.officer, self.districts, self.home = _context(self.rng)
        self.ids = _Ids()
        self.sequence = defaultdict(int)
        for cac_id, year, last in (
            Case.objects.values_list("cac_id", "year").annotate(m=Max("sequence")).order_by()
        ):
            self.sequence[(cac_id, year)] = last
        names = list(DISTRICT_SHARE)
        self.district_pick = (names, list(itertools.accumulate(DISTRICT_SHARE.values())))
        self.races = _weighted(RACES)
        self.kinds = _weighted(KINDS)
        self.relationships = _weighted(RELATIONSHIPS)
        self.ages = (CHILD_AGES, list(itertools.accumulate(CHILD_AGE_WEIGHTS)))
        self.names = {
            "last": _zipf(LAST_NAMES),
            "hlast": _zipf(HISPANIC_LAST_NAMES),
            "female": _zipf(FIRST_F),
            "male": _zipf(FIRST_M),
            "hfemale": _zipf(HISPANIC_FIRST_F),
            "hmale": _zipf(HISPANIC_FIRST_M),
        }
        self.phonetic_cache: dict[str, str] = {}
        self.sort_keys: dict[tuple[str, str], tuple[str, str]] = {}
        self.now = timezone.now()
        self.received_at = self.now
        expected_home = n * DISTRICT_SHARE[HOME_DISTRICT] / sum(DISTRICT_SHARE.values())
        self.quota = {
            k: min(q, max(1, round(expected_home * share)))
            for (k, q), share in zip(QUOTAS.items(), (0.2, 0.2, 0.08), strict=True)
        }
        self.chance = {k: min(1.0, q / max(expected_home, 1)) for k, q in self.quota.items()}
        self.used = defaultdict(int)
        self.stats = defaultdict(int)
        self._reset()

    def _reset(self):
        self.rows = {m: _Table(m) for m in (Person, Referral, Party, Allegation, Case)}
        self.rows[Assignment] = _Table(Assignment)
        self.rows[CaseAgency] = _Table(CaseAgency)

    # --- small helpers -------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.uuids.getrandbits(128), version=4)

    def pick(self, table):
        values, cum = table
        return values[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def phon(self, name: str) -> str:
        code = self.phonetic_cache.get(name)
        if code is None:
            code = self.phonetic_cache[name] = phonetic(name)
        return code

    def first_name(self, sex: str, hispanic: bool) -> str:
        female = sex == Sex.FEMALE or (sex != Sex.MALE and self.rng.random() < 0.5)
        key = ("h" if hispanic and self.rng.random() < 0.8 else "") + (
            "female" if female else "male"
        )
        return self.pick(self.names[key])

    def last_name(self, hispanic: bool) -> str:
        return self.pick(self.names["hlast" if hispanic else "last"])

    def person(
        self,
        *,
        first,
        last,
        sex,
        dob,
        town,
        race,
        ethnicity,
        language,
        interpreter,
        estimated_age=None,
        estimated_age_on=None,
    ):
        pk = self.ids.take(Person)
        rng = self.rng
        keys = self.sort_keys.get((first, last))
        if keys is None:
            keys = self.sort_keys[(first, last)] = (
                sort_key(first, last),
                short_key(first, last),
            )
        self.rows[Person].add(
            id=pk,
            public_id=self.uuid(),
            first_name=first,
            middle_name=(
                rng.choice(MIDDLE_F if sex == Sex.FEMALE else MIDDLE_M)
                if rng.random() < 0.3
                else ""
            ),
            last_name=last,
            date_of_birth=dob,
            sex=sex,
            race=race,
            ethnicity=ethnicity,
            primary_language=language,
            interpreter_needed=interpreter,
            town=town,
            sort_name=keys[0],
            short_name=keys[1],
            last_phonetic=self.phon(last),
            first_phonetic=self.phon(first),
            estimated_age=estimated_age,
            estimated_age_on=estimated_age_on,
            created_at=self.received_at,
        )
        return pk

    def dob_for_age(self, age: int, on: datetime.date) -> datetime.date:
        days = age * 365 + self.rng.randint(1, 364) + age // 4
        return on - datetime.timedelta(days=days)

    # --- one referral ----------------------------------------------------------------

    def referral(self, received_at: datetime.datetime, max_cases: int) -> int:
        rng = self.rng
        self.received_at = received_at
        ctx = self.districts[self.pick(self.district_pick)]
        home = ctx.name == HOME_DISTRICT
        received_on = received_at.date()
        # The demo personas carry a current caseload: their share of the last year's
        # referrals is three times their share of older ones (their quotas still cap it).
        # A third of each quota is kept for that last year.
        recent = 3 if (self.today - received_on).days <= 365 else 1
        cap = {k: q if recent > 1 else q * 2 // 3 for k, q in self.quota.items()}
        kind = self.pick(self.kinds)
        trafficking = kind in TRAFFICKING

        hispanic = rng.random() < 0.3
        ethnicity = Ethnicity.HISPANIC if hispanic else Ethnicity.NOT_HISPANIC
        if rng.random() < 0.07:
            ethnicity = Ethnicity.UNKNOWN
        race = self.pick(self.races)
        spanish = hispanic and rng.random() < 0.3
        language = "Spanish" if spanish else "English"
        nhpd = (
            home
            and self.used["detective"] < cap["detective"]
            and rng.random() < self.chance["detective"] * recent
        )
        town = DETECTIVE_TOWN if nhpd else self.pick(ctx.towns)
        family_last = self.last_name(hispanic)

        # The alleged victim: new, or (~5%) a child seen in an earlier referral.
        victims = []  # (person id, age, sex, date of birth)
        caregiver_id = None
        if ctx.recent_children and rng.random() < 0.05:
            child_id, dob, sex, c_town, cg_id = rng.choice(ctx.recent_children)
            age = _age(dob, received_on)
            if age <= 17 and (c_town == DETECTIVE_TOWN) == nhpd:
                victims.append((child_id, age, sex, dob))
                caregiver_id, town = cg_id, c_town
                self.stats["repeat_children"] += 1
        if not victims:
            age = self.pick(self.ages)
            if trafficking:
                age = rng.randint(12, 17)
            elif kind == AllegationType.ONLINE_EXPLOITATION:
                age = rng.randint(10, 17)
            sexual = kind in (AllegationType.SEXUAL_ABUSE, AllegationType.SEX_TRAFFICKING)
            sex = Sex.FEMALE if rng.random() < (0.72 if sexual else 0.5) else Sex.MALE
            if rng.random() < 0.004:
                sex = Sex.UNKNOWN
            victims.append(
                self._child(
                    sex,
                    age,
                    received_on,
                    family_last,
                    hispanic,
                    town,
                    race,
                    ethnicity,
                    language,
                    spanish,
                )
            )
        # ~15% of referrals: a sibling too, who gets a case of their own.
        if max_cases > 1 and rng.random() < 0.15:
            for _ in range(2 if max_cases > 2 and rng.random() < 0.15 else 1):
                age = max(0, min(17, victims[0][1] + rng.choice((-4, -3, -2, -1, 1, 2, 3))))
                sex = Sex.FEMALE if rng.random() < 0.5 else Sex.MALE
                victims.append(
                    self._child(
                        sex,
                        age,
                        received_on,
                        family_last,
                        hispanic,
                        town,
                        race,
                        ethnicity,
                        language,
                        spanish,
                    )
                )

        if caregiver_id is None:
            age = rng.randint(max(victims[0][1] + 16, 20), max(victims[0][1] + 40, 24))
            sex = Sex.FEMALE if rng.random() < 0.8 else Sex.MALE
            caregiver_id = self.person(
                first=self.first_name(sex, hispanic),
                last=family_last if rng.random() < 0.85 else self.last_name(hispanic),
                sex=sex,
                dob=self.dob_for_age(age, received_on),
                town=town,
                race=race,
                ethnicity=ethnicity,
                language=language,
                interpreter=spanish and rng.random() < 0.7,
            )
        for child_id, _years, sex, dob in victims:
            ctx.recent_children.append((child_id, dob, sex, town, caregiver_id))

        # The alleged offender.
        relationship = self.pick(self.relationships)
        if kind == AllegationType.ONLINE_EXPLOITATION:
            relationship = rng.choice((Relationship.ONLINE_CONTACT, Relationship.PEER))
        elif trafficking:
            relationship = rng.choice(
                (
                    Relationship.UNKNOWN,
                    Relationship.FAMILY_FRIEND,
                    Relationship.ONLINE_CONTACT,
                    Relationship.PARENTS_PARTNER,
                    Relationship.STRANGER,
                )
            )
        if relationship in (Relationship.SIBLING, Relationship.PEER):
            off_age = rng.randint(11, 19)
        else:
            off_age = rng.randint(18, 66)
        off_sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
        off_hispanic = hispanic if rng.random() < 0.8 else not hispanic
        off_known = rng.random() < 0.9
        off_last = (
            family_last
            if relationship
            in (Relationship.PARENT, Relationship.SIBLING, Relationship.OTHER_RELATIVE)
            else self.last_name(off_hispanic)
        )
        offender_id = self.person(
            first=self.first_name(off_sex, off_hispanic),
            last=off_last,
            sex=off_sex,
            dob=self.dob_for_age(off_age, received_on) if off_known else None,
            town=town if relationship in FAMILY else self.pick(ctx.towns),
            race=race if rng.random() < 0.75 else self.pick(self.races),
            ethnicity=Ethnicity.HISPANIC if off_hispanic else Ethnicity.NOT_HISPANIC,
            language="English",
            interpreter=False,
            estimated_age=None if off_known else off_age,
            estimated_age_on=None if off_known else received_on,
        )

        # Referral, parties, allegations.
        referral_id = self.ids.take(Referral)
        known_at = received_at - datetime.timedelta(
            hours=rng.choice(
                (rng.uniform(0, 24), rng.uniform(0, 24), rng.uniform(0, 72), rng.uniform(0, 120))
            )
        )
        dcf_involved = (
            relationship in FAMILY
            or kind
            in (
                AllegationType.NEGLECT,
                AllegationType.DRUG_ENDANGERED,
                AllegationType.WITNESS_TO_VIOLENCE,
            )
            or rng.random() < 0.2
        )
        police_involved = kind != AllegationType.NEGLECT or rng.random() < 0.3
        police_id, detectives = ctx.police[town]
        r = rng.random()
        source = (
            ctx.dcf[0]
            if dcf_involved and r < 0.5
            else police_id
            if police_involved and r < 0.8
            else ctx.school
            if r < 0.88
            else ctx.hospital[0]
            if r < 0.93
            else None
        )
        self.rows[Referral].add(
            id=referral_id,
            public_id=self.uuid(),
            cac_id=ctx.cac.pk,
            source_agency_id=source,
            source_person="" if source else rng.choice(SOURCE_PEOPLE),
            reason=(
                ReferralReason.TRAFFICKING_CONCERN
                if trafficking
                else ReferralReason.WITNESS
                if kind == AllegationType.WITNESS_TO_VIOLENCE and rng.random() < 0.5
                else ReferralReason.ABUSE_ALLEGATION
            ),
            known_at=known_at,
            received_at=received_at,
            created_by_id=ctx.coordinator.pk,
            created_at=received_at,
        )
        parties = [(victims[0][0], PartyRole.ALLEGED_VICTIM, "", victims[0][1])]
        parties += [(v[0], PartyRole.CO_VICTIM, Relationship.SIBLING, v[1]) for v in victims[1:]]
        cg_rel = self.pick(
            (
                (Relationship.PARENT, Relationship.OTHER_RELATIVE, Relationship.FOSTER_PARENT),
                [80, 93, 100],
            )
        )
        parties.append((caregiver_id, PartyRole.CAREGIVER, cg_rel, None))
        parties.append((offender_id, PartyRole.ALLEGED_OFFENDER, relationship, off_age))
        for person_id, role, rel, age in parties:
            self.rows[Party].add(
                id=self.ids.take(Party),
                public_id=self.uuid(),
                referral_id=referral_id,
                person_id=person_id,
                role=role,
                relationship=rel,
                age_at_referral=age,
            )
        kinds = [kind]
        if rng.random() < 0.2:
            extra = self.pick(self.kinds)
            if extra not in kinds and extra not in TRAFFICKING:
                kinds.append(extra)
        for victim_id, *_rest in victims:
            for k in kinds:
                self.rows[Allegation].add(
                    id=self.ids.take(Allegation),
                    public_id=self.uuid(),
                    referral_id=referral_id,
                    victim_id=victim_id,
                    kind=k,
                    occurred_on=received_on
                    - datetime.timedelta(
                        days=int(rng.expovariate(1 / 30))
                        if rng.random() < 0.9
                        else rng.randint(90, 900)
                    ),
                    town=town,
                )
        self.stats["allegations_trafficking"] += trafficking

        # The case team, shared by the referral's cases.
        team = []  # (section, user id, personnel id, agency id)
        if police_involved or nhpd:
            if nhpd:
                team.append(
                    (
                        AssignmentSection.LAW_ENFORCEMENT,
                        self.home.detective.pk,
                        None,
                        self.home.detective.agency_id,
                    )
                )
                self.used["detective"] += len(victims)
            else:
                team.append(
                    (AssignmentSection.LAW_ENFORCEMENT, None, rng.choice(detectives), police_id)
                )
        if dcf_involved:
            if (
                home
                and self.used["dcf_worker"] < cap["dcf_worker"]
                and (rng.random() < self.chance["dcf_worker"] * 1.4 * recent)
            ):
                team.append(
                    (
                        AssignmentSection.CHILD_PROTECTION,
                        self.home.dcf_worker.pk,
                        None,
                        self.home.dcf_worker.agency_id,
                    )
                )
                self.used["dcf_worker"] += len(victims)
            else:
                team.append(
                    (AssignmentSection.CHILD_PROTECTION, None, rng.choice(ctx.dcf[1]), ctx.dcf[0])
                )
        if rng.random() < 0.88:
            if home and rng.random() < 0.3:
                team.append(
                    (
                        AssignmentSection.FORENSIC_INTERVIEW,
                        self.home.interviewer.pk,
                        None,
                        ctx.cac.pk,
                    )
                )
            else:
                team.append(
                    (
                        AssignmentSection.FORENSIC_INTERVIEW,
                        None,
                        rng.choice(ctx.interviewers),
                        ctx.cac.pk,
                    )
                )
        if rng.random() < 0.6:
            if home and rng.random() < 0.3:
                team.append((AssignmentSection.ADVOCACY, self.home.advocate.pk, None, ctx.cac.pk))
            else:
                team.append(
                    (AssignmentSection.ADVOCACY, None, rng.choice(ctx.advocates), ctx.cac.pk)
                )
        if kind == AllegationType.SEXUAL_ABUSE and rng.random() < 0.4 or rng.random() < 0.08:
            team.append(
                (AssignmentSection.MEDICAL, None, rng.choice(ctx.hospital[1]), ctx.hospital[0])
            )
        if rng.random() < 0.35:
            if (
                home
                and self.used["therapist"] < cap["therapist"]
                and (rng.random() < self.chance["therapist"] * 3 * recent)
            ):
                team.append(
                    (
                        AssignmentSection.MENTAL_HEALTH,
                        self.home.therapist.pk,
                        None,
                        self.home.therapist.agency_id,
                    )
                )
                self.used["therapist"] += len(victims)
            else:
                team.append(
                    (
                        AssignmentSection.MENTAL_HEALTH,
                        None,
                        rng.choice(ctx.mental_health[1]),
                        ctx.mental_health[0],
                    )
                )

        # A case per alleged victim.
        age_days = (self.today - received_on).days
        p_closed = (
            0.98
            if age_days > 730
            else 0.85
            if age_days > 365
            else 0.45
            if (age_days > 180)
            else 0.12
        )
        closed = rng.random() < p_closed
        ends_on = None
        if closed:
            ends_on = min(
                received_on + datetime.timedelta(days=rng.randint(45, 420)),
                self.today - datetime.timedelta(days=1),
            )
        year = received_on.year
        for child_id, *_rest in victims:
            self.sequence[(ctx.cac.pk, year)] += 1
            seq = self.sequence[(ctx.cac.pk, year)]
            case_id = self.ids.take(Case)
            self.rows[Case].add(
                id=case_id,
                public_id=self.uuid(),
                referral_id=referral_id,
                child_id=child_id,
                cac_id=ctx.cac.pk,
                team_id=ctx.team.pk,
                year=year,
                sequence=seq,
                number=rules.case_number(ctx.code, year, seq),
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                closed_on=ends_on,
                received_on=received_on,
                is_trafficking=trafficking,
                updated_at=self.now,
            )
            agencies = {source} if source else set()
            for section, user_id, personnel_id, agency_id in team:
                agencies.add(agency_id)
                starts_on = min(
                    received_on + datetime.timedelta(days=rng.randint(0, 3)), self.today
                )
                self.rows[Assignment].add(
                    id=self.ids.take(Assignment),
                    public_id=self.uuid(),
                    case_id=case_id,
                    section=section,
                    user_id=user_id,
                    personnel_id=personnel_id,
                    agency_id=agency_id,
                    starts_on=starts_on,
                    ends_on=max(ends_on, starts_on) if ends_on else None,
                )
            for agency_id in sorted(agencies):
                self.rows[CaseAgency].add(
                    id=self.ids.take(CaseAgency), case_id=case_id, agency_id=agency_id
                )
        return len(victims)

    def _child(self, sex, age, on, last, hispanic, town, race, ethnicity, language, spanish):
        dob = self.dob_for_age(age, on)
        pk = self.person(
            first=self.first_name(sex, hispanic),
            last=last,
            sex=sex,
            dob=dob,
            town=town,
            race=race,
            ethnicity=ethnicity,
            language=language,
            interpreter=spanish and self.rng.random() < 0.2,
        )
        return pk, age, sex, dob

    # --- the whole load -------------------------------------------------------------

    def received_times(self) -> list[datetime.datetime]:
        """n times over FIRST_DAY..today, a little busier each year, in order."""
        rng = self.rng
        start = datetime.datetime.combine(FIRST_DAY, datetime.time(), tzinfo=TZ).timestamp()
        end = datetime.datetime.combine(self.today, datetime.time(), tzinfo=TZ).timestamp()
        span = end - start
        stamps = sorted(start + span * (rng.random() ** 0.85) for _ in range(self.n))
        out = []
        for ts in stamps:
            moment = datetime.datetime.fromtimestamp(ts, TZ)
            if moment.hour < 7 or moment.hour > 20:  # referrals come in office-ish hours
                moment = moment.replace(hour=rng.randint(8, 17))
            out.append(moment)
        return out

    def flush(self) -> None:
        case_ids = [row[0] for row in self.rows[Case].rows]
        with transaction.atomic(), connection.cursor() as cursor:
            for model, table in self.rows.items():
                table.write(cursor)
                self.stats[model._meta.model_name] += len(table.rows)
            if case_ids:  # the name search rows (cases.models.CaseName) of these cases
                self.stats["casename"] += case_names_fill(min(case_ids), max(case_ids))
        self._reset()

    def run(self) -> dict:
        started = time.perf_counter()
        times = self.received_times()
        done, i, next_report = 0, 0, max(self.n // 10, BATCH_CASES)
        while done < self.n:
            made = self.referral(times[i], self.n - done)
            done += made
            i += made
            if len(self.rows[Case].rows) >= BATCH_CASES:
                self.flush()
            if done >= next_report:
                elapsed = time.perf_counter() - started
                self.log(f"  {done:,} / {self.n:,} cases ({elapsed:.0f} s)")
                next_report += max(self.n // 10, BATCH_CASES)
        self.flush()
        seconds = time.perf_counter() - started
        summary = {
            "cases": self.n,
            "referrals": self.stats["referral"],
            "people": self.stats["person"],
            "parties": self.stats["party"],
            "allegations": self.stats["allegation"],
            "assignments": self.stats["assignment"],
            "case_agencies": self.stats["caseagency"],
            "case_names": self.stats["casename"],
            "repeat_children": self.stats["repeat_children"],
            "detective_cases": self.used["detective"],
            "dcf_worker_cases": self.used["dcf_worker"],
            "therapist_cases": self.used["therapist"],
            "seconds": round(seconds, 1),
        }
        return summary


def _age(dob: datetime.date, on: datetime.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _reset_sequences() -> None:
    """The bulk load writes its own ids; move PostgreSQL's id sequences past them, or the
    next row the application inserts collides with one of them."""
    from django.apps import apps
    from django.core.management.color import no_style

    models = [m for m in apps.get_models() if m._meta.app_label in {"people", "cases"}]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def seed_cases(
    n: int,
    *,
    seed: int = 2026,
    today: datetime.date | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> dict:
    """Add `n` synthetic cases (after seed_demo). Returns counts and the time taken."""
    if n <= 0:
        return {"cases": 0}
    if not User.objects.filter(email=demo_email("security_officer")).exists():
        raise RuntimeError("Load the demo data (seed_demo) before demo cases.")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # a bigger page cache for the index inserts
            cursor.execute("PRAGMA cache_size = -262144")
    generator = _Generator(n, seed, today or DEMO_TODAY, log)
    summary = generator.run()
    _reset_sequences()
    with connection.cursor() as cursor:
        # Fresh planner statistics after a bulk load: without them SQLite reads
        # "merged_into IS NULL" as selective and scans every person on a name search.
        cursor.execute("ANALYZE")
    audit_record(
        actor=generator.officer,
        action=Action.REFERRAL_CREATED,
        object_type="demo.bulk_seed",
        object_id=f"seed-{seed}",
        object_label=f"Synthetic demo cases: {n:,} (bulk load, not audited row by row)",
        new={"seed": seed, **summary},
    )
    return summary
