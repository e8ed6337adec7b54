"""Reads: who sees which learners, a learner's history, compliance per organisation and
audience. Queries are bounded: a fixed number whatever the number of learners."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet, Sum

from haven.training import rules
from haven.training.models import (
    Audience,
    Completion,
    DevelopmentActivity,
    EmployerContact,
    Enrolment,
    Learner,
    Program,
)
from haven.training.services import is_trainer


def contact_agency_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(EmployerContact.objects.filter(user=user).values_list("agency_id", flat=True))


def can_see_compliance(user) -> bool:
    return is_trainer(user) or bool(contact_agency_ids(user))


def learners_visible_to(user) -> QuerySet[Learner]:
    """A training administrator sees every learner; an employer's designated contact sees
    only that employer's staff; anyone else only themselves."""
    learners = Learner.objects.select_related("employer")
    if not getattr(user, "is_authenticated", False):
        return learners.none()
    if is_trainer(user):
        return learners
    agencies = contact_agency_ids(user)
    return learners.filter(Q(employer_id__in=agencies) | Q(user=user))


def programs_list() -> QuerySet[Program]:
    return Program.objects.filter(is_active=True).prefetch_related("modules")


def learner_history(learner: Learner):
    enrolments = learner.enrolments.select_related("program").order_by("-enrolled_at")
    completions = learner.completions.select_related("program").order_by("-completed_on")
    return list(enrolments), list(completions)


@dataclass
class LearnerStanding:
    learner: Learner
    audience: str
    last_completed: datetime.date | None
    next_due: datetime.date | None
    standing: str

    @property
    def audience_label(self) -> str:
        return str(Audience(self.audience).label)


def _audiences_for(learner: Learner, programs_taken: set[str]) -> list[str]:
    if programs_taken:
        return sorted(programs_taken)
    kind = learner.employer.kind if learner.employer else None
    for audience, kinds in rules.AUDIENCE_AGENCY_KINDS.items():
        if kind in kinds:
            return [audience]
    return []


def learner_standings(
    learners: QuerySet[Learner], *, on: datetime.date, audience: str = ""
) -> list[LearnerStanding]:
    """Each learner's standing per audience: the latest completion's refresher date, or for
    an untrained school employee the six-month date (rules.initial_due)."""
    learners = learners.prefetch_related(
        Prefetch(
            "completions",
            queryset=Completion.objects.filter(revoked_at__isnull=True).select_related("program"),
        ),
        Prefetch("enrolments", queryset=Enrolment.objects.select_related("program")),
    )
    out = []
    for learner in learners:
        taken = {c.program.audience for c in learner.completions.all()} | {
            e.program.audience for e in learner.enrolments.all()
        }
        for aud in _audiences_for(learner, taken):
            if audience and aud != audience:
                continue
            done = [c for c in learner.completions.all() if c.program.audience == aud]
            latest = max(done, key=lambda c: c.completed_on, default=None)
            if latest:
                next_due = latest.next_due_on
            else:
                open_due = [
                    e.due_on
                    for e in learner.enrolments.all()
                    if e.program.audience == aud and e.due_on and not e.completed_at
                ]
                next_due = min(open_due, default=None) or rules.initial_due(
                    aud, hired_on=learner.hired_on
                )
            out.append(
                LearnerStanding(
                    learner=learner,
                    audience=aud,
                    last_completed=latest.completed_on if latest else None,
                    next_due=next_due,
                    standing=rules.standing(next_due, on=on, trained=latest is not None),
                )
            )
    return out


@dataclass
class ComplianceRow:
    agency_name: str
    agency_id: object
    audience: str
    counts: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def audience_label(self) -> str:
        return str(Audience(self.audience).label)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def compliance(user, *, on: datetime.date, audience: str = "", agency_id=None):
    """Per organisation and audience: trained, due within 90 days, overdue, untrained."""
    learners = learners_visible_to(user).filter(employer__isnull=False)
    if agency_id:
        learners = learners.filter(employer__public_id=agency_id)
    standings = learner_standings(learners, on=on, audience=audience)
    rows: dict[tuple, ComplianceRow] = {}
    for s in standings:
        key = (s.learner.employer.name, s.audience)
        row = rows.setdefault(
            key,
            ComplianceRow(
                agency_name=s.learner.employer.name,
                agency_id=s.learner.employer.public_id,
                audience=s.audience,
            ),
        )
        row.counts[s.standing] += 1
    return [rows[k] for k in sorted(rows)], standings


def development_hours(user, *, year: int):
    """Hours of professional development per staff user in a calendar year: the user's own,
    or everyone's for a training administrator."""
    activities = DevelopmentActivity.objects.filter(completed_on__year=year)
    if not is_trainer(user):
        activities = activities.filter(user=user)
    totals = (
        activities.values("user__full_name", "user__public_id")
        .annotate(hours=Sum("hours"))
        .order_by("user__full_name")
    )
    return list(totals), list(activities.select_related("user")[:200])


def completion_by_code(code: str) -> Completion | None:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:16]
    if len(code) != 12:
        return None
    return (
        Completion.objects.select_related("learner", "program")
        .filter(verification_code=code)
        .first()
    )


def verification(completion: Completion, *, on: datetime.date) -> dict:
    """What a certificate check shows, and nothing else: name, program, date, validity."""
    return {
        "name": completion.learner.full_name,
        "program": completion.program.title,
        "completed_on": completion.completed_on,
        "valid": completion.revoked_at is None and completion.next_due_on >= on,
        "valid_until": completion.next_due_on,
    }
