"""The definitions behind Haven's statistics, as plain functions with their sources.

NCA semi-annual statistics (National Children's Alliance, the accrediting body of CACs,
collects these from every member centre twice a year: January to June and July to
December). NCA's counting rules, as the issue restates them:

- the unit is the *case* (one alleged victim of one referral, NCAtrak's rule), not the
  child: a child referred twice in a period is counted twice;
- a case counts when the CAC received it in the period (`Case.received_on`), its reason
  for referral is an allegation of abuse, and its alleged victim is 18 or under at first
  contact with the CAC (age on `received_on`);
- the services (forensic interview, medical exam, counselling, referral to counselling)
  count the centre's cases that received the service *in the period*, whenever the case
  was received.

The annual trafficking report follows Gen. Stat. § 51-286h (the Chief State's Attorney
and each municipal police chief report, by October 1, the trafficking figures of the
preceding twelve months with the narrative items).
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

CITATION_NCA = "National Children's Alliance, semi-annual statistics"
CITATION_TRAFFICKING_REPORT = "Gen. Stat. § 51-286h"

# NCA counts children "18 or under" at first contact with the CAC.
NCA_MAX_AGE = 18

# Exports that leave the centre never show a count of 1 to 4: a cell that small can
# identify a child in a small town. Zero is shown (it identifies no one).
SMALL_CELL = 5
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def key(self) -> str:
        """The period as a URL value: `2026H1`, or `2026-01-01_2026-03-31` for a range."""
        half = half_year_of(self)
        if half:
            return f"{half[0]}H{half[1]}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        half = half_year_of(self)
        if half:
            months = "January to June" if half[1] == 1 else "July to December"
            return f"{months} {half[0]}"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def half_year(year: int, half: int) -> Period:
    """NCA's reporting halves: 1 is January to June, 2 is July to December."""
    if half == 1:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    if half == 2:
        return Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31))
    raise ValueError("A half-year is 1 (January to June) or 2 (July to December).")


def half_year_of(period: Period) -> tuple[int, int] | None:
    for half in (1, 2):
        if half_year(period.start.year, half) == period:
            return period.start.year, half
    return None


def last_complete_half(today: datetime.date) -> Period:
    if today.month > 6:
        return half_year(today.year, 1)
    return half_year(today.year - 1, 2)


MAX_PERIOD_DAYS = 366 * 5


def parse_period(key: str) -> Period:
    """`2026H1`, `2026H2` or `YYYY-MM-DD_YYYY-MM-DD`; ValueError naming what to fix."""
    key = (key or "").strip()
    match = re.fullmatch(r"(\d{4})H([12])", key)
    if match:
        return half_year(int(match[1]), int(match[2]))
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})", key)
    if not match:
        raise ValueError("Choose a half-year (like 2026H1) or a date range.")
    try:
        start = datetime.date.fromisoformat(match[1])
        end = datetime.date.fromisoformat(match[2])
    except ValueError:
        raise ValueError("The dates of the range are not real dates.") from None
    return make_range(start, end)


def make_range(start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise ValueError("The end of the period is before its start.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValueError("A period is at most five years long.")
    return Period(start, end)


# --- Age at first contact (NCA's age groups) ---

AGE_GROUPS = [
    ("0-6", _("0 to 6 years"), 0, 6),
    ("7-12", _("7 to 12 years"), 7, 12),
    ("13-18", _("13 to 18 years"), 13, NCA_MAX_AGE),
]
UNKNOWN = "unknown"


def age_group(age: int | None) -> str:
    """NCA's age group of the child at first contact ("unknown" without a birth date or an
    estimate)."""
    if age is None:
        return UNKNOWN
    for key, _label, lo, hi in AGE_GROUPS:
        if lo <= age <= hi:
            return key
    raise ValueError(f"Age {age} is outside NCA's count (18 or under).")


def counts_for_nca(age: int | None) -> bool:
    """18 or under at first contact. An unknown age is counted (every CAC case is a child's)
    and listed as missing data, since it could change the total."""
    return age is None or 0 <= age <= NCA_MAX_AGE


# --- Alleged offenders ---

OFFENDER_AGE_GROUPS = [
    ("under-13", _("Under 13"), 0, 12),
    ("13-17", _("13 to 17"), 13, 17),
    ("18-plus", _("18 and over"), 18, 200),
]


def offender_age_group(age: int | None) -> str:
    """NCA separates child and adolescent offenders from adults."""
    if age is None:
        return UNKNOWN
    for key, _label, lo, hi in OFFENDER_AGE_GROUPS:
        if lo <= age <= hi:
            return key
    return UNKNOWN


OFFENDER_COUNT_GROUPS = [
    ("0", _("None recorded")),
    ("1", _("One")),
    ("2", _("Two")),
    ("3-plus", _("Three or more")),
]


def offender_count_group(n: int) -> str:
    if n <= 0:
        return "0"
    if n == 1:
        return "1"
    if n == 2:
        return "2"
    return "3-plus"


# NCA's relationship groups, from Haven's finer relationships (cases.Relationship).
RELATIONSHIP_GROUPS = [
    ("parent", _("Parent"), ["parent"]),
    ("step-parent", _("Step-parent or parent's partner"), ["step_parent", "parents_partner"]),
    ("relative", _("Other relative"), ["sibling", "other_relative"]),
    (
        "known",
        _("Other known person"),
        ["foster_parent", "family_friend", "caregiver", "authority_figure", "peer"],
    ),
    ("online", _("Online contact"), ["online_contact"]),
    ("stranger", _("Stranger"), ["stranger"]),
    ("unknown", _("Unknown or not recorded"), ["unknown", ""]),
]


def relationship_group(relationship: str) -> str:
    for key, _label, members in RELATIONSHIP_GROUPS:
        if relationship in members:
            return key
    return UNKNOWN


def relationships_in(group: str) -> list[str]:
    for key, _label, members in RELATIONSHIP_GROUPS:
        if key == group:
            return members
    raise KeyError(group)


# --- Services in the period ---

SERVICE_FIGURES = [
    ("forensic_interview", _("Forensic interviews")),
    ("medical_exam", _("Medical exams")),
    ("counselling", _("Counselling (mental-health treatment sessions attended)")),
    ("counselling_referral", _("Referrals to counselling")),
]
# Counselling is mental-health treatment; a referral to counselling is a referral for a
# mental-health assessment or treatment (NCA counts both as "referred for counseling").
COUNSELLING_TYPES = ("mh_treatment",)
COUNSELLING_REFERRAL_TYPES = ("mh_assessment", "mh_treatment")


# --- Exports ---


def suppress(count: int) -> int | str:
    """A count as it may leave the centre: 1 to 4 become "<5"."""
    if 0 < count < SMALL_CELL:
        return SUPPRESSED
    return count


# --- The annual trafficking report (§ 51-286h) ---

NARRATIVE_FIELDS = [
    ("criteria", _("Criteria used to identify trafficking cases")),
    ("coordination", _("Coordination with other agencies")),
    ("obstacles", _("Obstacles to identifying and prosecuting trafficking")),
]
NARRATIVE_MAX = 10000


def twelve_months_ending(end: datetime.date) -> Period:
    """The twelve months that end on `end` (inclusive)."""
    try:
        start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        start = datetime.date(end.year - 1, 3, 1)
    return Period(start, end)


def trafficking_report_due(period: Period) -> datetime.date:
    """§ 51-286h: reported by October 1 following the period."""
    year = (
        period.end.year
        if period.end < datetime.date(period.end.year, 10, 1)
        else (period.end.year + 1)
    )
    return datetime.date(year, 10, 1)


# --- Waits (the coordinator's dashboard) ---


def median_from_histogram(pairs) -> float | None:
    """The median of the values a histogram counts. `pairs` is (value, count) in any order
    (a value listed twice has its counts added). The usual median: the middle value for an
    odd total, the mean of the two middle values for an even one; None when nothing is
    counted. The database sends one pair per distinct value (a few hundred days at most
    whatever the number of cases), never one row per case."""
    counts: dict = {}
    for value, count in pairs:
        if count < 0:
            raise ValueError(f"A histogram count cannot be negative ({value}: {count}).")
        if count:
            counts[value] = counts.get(value, 0) + count
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def value_at(position: int):  # 0-based, in the sorted list of every counted value
        seen = 0
        for value, count in ordered:
            seen += count
            if position < seen:
                return value
        raise AssertionError("unreachable: position < total")

    return (value_at((total - 1) // 2) + value_at(total // 2)) / 2


@dataclass(frozen=True)
class WaitFigures:
    """What the dashboard shows of one wait: counts in bands, the median in days, how many
    waits were measured (`n`) and how many were left out (`excluded`)."""

    bands: list[int]
    median: float | None
    n: int
    excluded: int

    @property
    def median_text(self) -> str:
        if self.median is None:
            return gettext("none")
        days = f"{self.median:.1f}".removesuffix(".0")  # a median of whole days is n or n.5
        return ngettext("%(days)s day", "%(days)s days", 1 if self.median == 1 else 2) % {
            "days": days
        }

    @property
    def summary(self) -> str:
        if self.median is None:
            text = gettext("No waits to measure")
        else:
            text = gettext("Median %(wait)s (n = %(n)s)") % {"wait": self.median_text, "n": self.n}
        if self.excluded:
            text += gettext("; %(n)s dated before the case was received, left out") % {
                "n": self.excluded
            }
        return text


def wait_figures(pairs, bands) -> WaitFigures:
    """Bands and median from a histogram of waits in whole days, (days, count) pairs.

    `bands` are (key, label, lo, hi) with inclusive bounds, hi None for open-ended. A
    negative wait (the end dated before the case was received: a typing error) is excluded
    from the bands and the median alike and counted in `excluded`, so that one bad date
    neither drags the median down nor hides: the page says how many were left out. (A
    missing wait, None, is left out the same way; the dashboard's dates are all required.)
    Bands and median come from the same rows: with bands covering every day from 0, n is
    the sum of the bands."""
    measured = []
    excluded = 0
    for days, count in pairs:
        if days is None or days < 0:
            excluded += count
        else:
            measured.append((days, count))
    counts = [
        sum(c for d, c in measured if lo <= d and (hi is None or d <= hi))
        for _key, _label, lo, hi in bands
    ]
    return WaitFigures(
        bands=counts,
        median=median_from_histogram(measured),
        n=sum(c for _d, c in measured),
        excluded=excluded,
    )
