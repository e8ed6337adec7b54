"""Rules of intake and case records, with their sources.

- Referral timing: federal CAC criteria (34 U.S.C. § 20304(c)) expect qualifying cases
  referred to the CAC within 24 hours where practicable and no later than 72 hours.
- Minor child: under 18 (Gen. Stat. § 17a-106a).
"""

import datetime
import re

from haven.access.models import Section
from haven.cases.models import AssignmentSection

CITATION_REFERRAL_TIMING = "34 U.S.C. § 20304(c)"
TARGET_HOURS = 24
LIMIT_HOURS = 72


def referral_delay_hours(
    known_at: datetime.datetime | None, received_at: datetime.datetime
) -> float | None:
    if known_at is None:
        return None
    return (received_at - known_at).total_seconds() / 3600


def referral_timeliness(known_at, received_at) -> str:
    """'on time' (within 24 h), 'late' (24-72 h), 'overdue' (over 72 h) or 'unknown'."""
    hours = referral_delay_hours(known_at, received_at)
    if hours is None:
        return "unknown"
    if hours <= TARGET_HOURS:
        return "on time"
    if hours <= LIMIT_HOURS:
        return "late"
    return "overdue"


def cac_code(cac_name: str) -> str:
    """Initials of the CAC's name, for case numbers: 'South Central Child Advocacy Center'
    -> 'SCCAC'."""
    words = re.findall(r"[A-Za-z]+", re.sub(r"['’]s\b", "", cac_name))
    skip = {"of", "the", "and", "for", "demo", "office"}
    initials = "".join(w[0] for w in words if w.lower() not in skip).upper()
    return (initials or "CAC")[:6]


def unique_cac_code(cac, other_cac_names: list[str]) -> str:
    """The CAC's initials, made unique among all CACs by adding its id when they collide
    ('New Haven CAC' and 'New Hartford CAC' are both NHC)."""
    code = cac_code(cac.name)
    if any(cac_code(name) == code for name in other_cac_names):
        return f"{code}{cac.pk}"
    return code


def case_number(code: str, year: int, sequence: int) -> str:
    return f"{code}-{year}-{sequence:05d}"


# A number typed at intake: a case that already had one (in NCAtrak, or on paper) keeps it,
# so that the team, the court file and the old records still agree.
_TYPED_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9./-]{0,31}")
_HAVEN_SERIES = re.compile(r"[A-Z]+[0-9]*-[0-9]{4}-[0-9]{5}")


def normalise_case_number(raw: str) -> str:
    """Case numbers are stored in capitals without spaces, as search looks them up."""
    return re.sub(r"\s+", "", raw or "").upper()


def typed_case_number_problem(number: str) -> str | None:
    """Why a typed case number cannot be used (before looking for duplicates), or None."""
    if not _TYPED_NUMBER.fullmatch(number):
        return (
            "A case number is up to 32 letters and digits, which may be joined by "
            "'-', '/' or '.'; check the number."
        )
    if _HAVEN_SERIES.fullmatch(number):
        return (
            "Numbers of the form ABC-2026-00012 are given by Haven in order; leave the "
            "case number blank and Haven will number the case."
        )
    return None


# Which role-matrix section an assignment belongs to.
ASSIGNMENT_SECTION = {
    AssignmentSection.LAW_ENFORCEMENT: Section.LAW_ENFORCEMENT,
    AssignmentSection.CHILD_PROTECTION: Section.CHILD_PROTECTION,
    AssignmentSection.FORENSIC_INTERVIEW: Section.FORENSIC_INTERVIEW,
    AssignmentSection.ADVOCACY: Section.ADVOCACY,
    AssignmentSection.MEDICAL: Section.MEDICAL,
    AssignmentSection.MENTAL_HEALTH: Section.MENTAL_HEALTH,
    AssignmentSection.PROSECUTION: Section.PROSECUTION,
}
