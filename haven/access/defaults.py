"""Seeded role-matrix defaults: what each discipline may do in each case section.

They follow need-to-know. Every MDT discipline sees the general facts of a case
it can reach; the clinical sections (medical, mental health) stay with their
clinicians; investigative sections are edited only by their own agencies
(Gen. Stat. § 17a-106f). A security officer can change any cell afterwards.
"""

from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline

N, V, E = Level.NONE, Level.VIEW, Level.EDIT
S = Section

_ORDER = [
    S.GENERAL,
    S.PEOPLE,
    S.FORENSIC_INTERVIEW,
    S.RECORDINGS,
    S.MEDICAL,
    S.MENTAL_HEALTH,
    S.ADVOCACY,
    S.CHILD_PROTECTION,
    S.LAW_ENFORCEMENT,
    S.PROSECUTION,
    S.DOCUMENTS,
    S.REVIEWS,
    S.SCREENING,
    S.STATISTICS,
]

# Columns in the order of _ORDER:
#                 gen ppl  fi  rec med  mh adv  cp  le pros doc rev scr stat
_ROWS = {
    Discipline.COORDINATOR: [E, E, V, V, V, V, V, V, V, V, E, E, V, V],
    Discipline.INTAKE: [E, E, N, N, N, N, N, N, N, N, V, N, N, N],
    Discipline.SECURITY_OFFICER: [V, N, N, N, N, N, N, N, N, N, N, N, N, N],
    Discipline.TRAINING_ADMIN: [N, N, N, N, N, N, N, N, N, N, N, N, N, N],
    Discipline.LAW_ENFORCEMENT: [V, V, V, V, V, N, V, V, E, V, V, V, E, N],
    Discipline.DCF: [V, V, V, V, V, N, V, E, V, V, V, V, E, N],
    Discipline.STATES_ATTORNEY: [V, V, V, V, V, N, V, V, V, E, V, V, V, N],
    Discipline.MEDICAL: [V, V, V, N, E, N, V, N, N, N, V, V, E, N],
    Discipline.MENTAL_HEALTH: [V, V, N, N, N, E, V, N, N, N, V, V, E, N],
    Discipline.FORENSIC_INTERVIEWER: [V, V, E, E, N, N, N, N, N, N, V, V, N, N],
    Discipline.VICTIM_ADVOCATE: [V, V, N, N, N, N, E, N, N, N, V, V, E, N],
    Discipline.YOUTH_SERVICES: [V, V, N, N, N, N, V, N, N, N, N, V, N, N],
    Discipline.OTHER_EXPERT: [V, N, N, N, N, N, N, N, N, N, N, V, N, N],
}

DEFAULT_MATRIX: dict[tuple[str, str], int] = {
    (str(discipline), str(section)): int(level)
    for discipline, row in _ROWS.items()
    for section, level in zip(_ORDER, row, strict=True)
}

assert len(DEFAULT_MATRIX) == len(Discipline) * len(Section), "every cell needs a default"
