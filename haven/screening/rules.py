"""The rules of identifying and routing trafficking victims, as plain functions.

- Prostitution is an offense only for a person 18 or older, and a victim of trafficking has
  an affirmative defense to it: Gen. Stat. § 53a-82 (the defense names conduct that violates
  § 53a-192a, trafficking in persons). So an encounter's route is decided by age first: a
  person under 18, or whose age is not established (possibly under 18), is a child victim,
  with no prostitution-charge path.
- DCF may serve a minor child (younger than 18) it reasonably believes may be a trafficking
  victim: Gen. Stat. §§ 17a-106a(e); 17a-106f(a). A report about someone apparently under 18
  goes to DCF's Careline intake; one about an adult to law enforcement for the town.
- Suspected trafficking is to be identified and reported promptly (the mission document's
  words): an untriaged report older than the configured limit is escalated (a house limit,
  no statute; default 24 hours).
- Instrument scoring: the count of "yes" answers on the items that count, against the
  instrument's cut-off (none for some); a screening result is advisory unless the
  instrument says otherwise (it feeds a professional determination).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from haven.core.env import env_int
from haven.core.errors import HavenError
from haven.screening.models import AnswerType, ApparentAge, EncounterRoute, Route

CITATION_PROSTITUTION = "Gen. Stat. § 53a-82"
CITATION_DEFENSE = "Gen. Stat. §§ 53a-82; 53a-192a"
CITATION_TRAFFICKING = "Gen. Stat. § 53a-192a"
CITATION_DCF_MINORS = "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"

ADULT_AGE = 18
DEFAULT_ESCALATE_HOURS = 24


# --- age -------------------------------------------------------------------------------


def age_from_birth(date_of_birth: datetime.date, on: datetime.date) -> int:
    """Whole years on `on`: a person born on 29 February turns a year older on 1 March in
    a common year (the day after 28 February)."""
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def is_minor_on(date_of_birth: datetime.date, on: datetime.date) -> bool:
    """Younger than 18 on `on` (18 on the 18th birthday itself)."""
    return age_from_birth(date_of_birth, on) < ADULT_AGE


def age_contradiction(
    date_of_birth: datetime.date | None, stated_age: int | None, on: datetime.date
) -> str:
    """A message when a stated age does not match the date of birth on `on`; "" if none."""
    if date_of_birth is None or stated_age is None:
        return ""
    actual = age_from_birth(date_of_birth, on)
    if actual == stated_age:
        return ""
    return (
        f"The age given ({stated_age}) does not match the date of birth "
        f"({date_of_birth:%Y-%m-%d}), which makes the person {actual} on {on:%Y-%m-%d}. "
        "Correct one of them, or leave the age empty."
    )


def encounter_age(
    *,
    date_of_birth: datetime.date | None,
    stated_age: int | None,
    age_unknown: bool,
    on: datetime.date,
) -> int | None:
    """The age that decides the route, or None when unknown. Refuses an encounter without
    an age (neither a date of birth, an age, nor "unknown"), an age that contradicts the
    date of birth, and a birth date after the encounter."""
    if date_of_birth is None and stated_age is None and not age_unknown:
        raise HavenError(
            "Record the person's age first: a date of birth, an age, or tick 'Age not "
            "known'. The route depends on it: prostitution applies only to a person 18 or "
            "older.",
            citation=CITATION_PROSTITUTION,
            field="stated_age",
        )
    if date_of_birth is not None and date_of_birth > on:
        raise HavenError(
            "The date of birth is after the encounter; check the year.", field="date_of_birth"
        )
    if stated_age is not None and stated_age > 120:
        raise HavenError("The age is more than 120; check it.", field="stated_age")
    problem = age_contradiction(date_of_birth, stated_age, on)
    if problem:
        raise HavenError(problem, field="stated_age")
    if date_of_birth is not None:
        return age_from_birth(date_of_birth, on)
    return stated_age


@dataclass(frozen=True)
class EncounterOutcome:
    route: str
    citation: str
    prostitution_charge_available: bool
    notify_dcf: bool
    cac_referral_and_case: bool
    screen_offered: bool
    explanation: str


def encounter_route(age: int | None) -> EncounterOutcome:
    """Age decides the route (Gen. Stat. § 53a-82: prostitution is an offense only for a
    person 18 or older). Unknown age is treated as possibly under 18."""
    if age is None or age < ADULT_AGE:
        why = (
            "The person's age is not established and they may be under 18"
            if age is None
            else f"The person is {age}, under 18"
        )
        return EncounterOutcome(
            route=EncounterRoute.CHILD_VICTIM,
            citation=CITATION_PROSTITUTION,
            prostitution_charge_available=False,
            notify_dcf=True,
            cac_referral_and_case=True,
            screen_offered=False,
            explanation=(
                f"{why}: a child victim. Prostitution applies only to a person 18 or older, "
                "so there is no prostitution charge. DCF is notified (Careline) and the "
                "child is referred to the children's advocacy center, where a case is opened."
            ),
        )
    return EncounterOutcome(
        route=EncounterRoute.ADULT,
        citation=CITATION_PROSTITUTION,
        prostitution_charge_available=True,
        notify_dcf=False,
        cac_referral_and_case=False,
        screen_offered=True,
        explanation=(
            f"The person is {age}, 18 or older: offer a trafficking screen. Where "
            "indicators of trafficking are present, refer to victim services and print the "
            "affirmative-defense summary for the prosecutor and defense counsel."
        ),
    )


# Indicators an officer may record (own wording, from the published topics of trafficking
# indicator screens).
INDICATORS = {
    "controlled": _("Someone else controls their money, phone or movements"),
    "documents_held": _("Someone else holds their identity documents"),
    "debt": _("They owe a debt they are made to work off"),
    "threats": _("They or their family have been threatened or harmed"),
    "cannot_leave": _("They cannot leave or stop when they want"),
    "recruited_false_promise": _("They were recruited with a false promise"),
    "quota": _("They must meet a quota or hand over earnings"),
    "branded": _("Tattoos or marks of ownership"),
}


def defense_applies(*, route: str, indicators: list[str], screening_positive: bool | None) -> bool:
    """Whether to refer to victim services and produce the affirmative-defense summary
    (Gen. Stat. §§ 53a-82; 53a-192a): an adult with trafficking indicators present, recorded
    by the officer or by a positive screen."""
    if route != EncounterRoute.ADULT:
        return False
    return bool(indicators) or bool(screening_positive)


def screen_indicates(score: int, positive: bool | None) -> bool:
    """A screen shows indicators when it is positive against its cut-off, or, for an
    instrument without a cut-off, when any counted item was answered yes (the officer's
    professional determination then follows)."""
    return bool(positive) if positive is not None else score > 0


def unknown_indicators(indicators: list[str]) -> list[str]:
    return [i for i in indicators if i not in INDICATORS]


# --- triage ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageRoute:
    route: str
    possible_minor: bool
    citation: str


def triage_route(apparent_age: str) -> TriageRoute:
    """Where a report goes: apparently under 18, possibly under 18 or of unknown age -> DCF
    Careline intake, flagged a possible minor victim (Gen. Stat. §§ 17a-106a(e);
    17a-106f(a)); apparently an adult -> law enforcement for the town."""
    if apparent_age not in ApparentAge.values:
        raise HavenError(str(_("Choose the person's apparent age.")), field="apparent_age")
    if apparent_age == ApparentAge.ADULT:
        return TriageRoute(Route.LAW_ENFORCEMENT, False, CITATION_PROSTITUTION)
    return TriageRoute(Route.DCF, True, CITATION_DCF_MINORS)


# --- escalation clock ------------------------------------------------------------------


def escalate_after() -> datetime.timedelta:
    """The configured response limit: HAVEN_SCREENING_ESCALATE_HOURS (a Django setting, or
    the environment variable of that name), default 24 hours."""
    hours = getattr(settings, "HAVEN_SCREENING_ESCALATE_HOURS", None)
    if hours is None:
        hours = env_int("HAVEN_SCREENING_ESCALATE_HOURS", DEFAULT_ESCALATE_HOURS, minimum=1)
    return datetime.timedelta(hours=int(hours))


def is_overdue(
    received_at: datetime.datetime,
    now: datetime.datetime,
    limit: datetime.timedelta | None = None,
) -> bool:
    """An untriaged report is overdue once it has waited the full limit (at exactly the
    limit, it is overdue)."""
    return now - received_at >= (limit if limit is not None else escalate_after())


def waiting(received_at: datetime.datetime, now: datetime.datetime) -> str:
    """How long a report has waited, for the queue: '3 h 05 min', '2 d 4 h'."""
    seconds = max(0, int((now - received_at).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


# --- public report ---------------------------------------------------------------------

MAX_WHAT_SEEN = 4000
MAX_DESCRIPTION = 2000


def seen_on_refusal(seen_on: datetime.date | None, today: datetime.date) -> str:
    if seen_on is not None and seen_on > today:
        return str(_("The date is in the future: give the day you saw it, today or before."))
    return ""


# --- instruments -----------------------------------------------------------------------

YES = "yes"
NO = "no"
UNSURE = "unsure"
ALLOWED = {
    AnswerType.YES_NO: {YES, NO},
    AnswerType.YES_NO_UNSURE: {YES, NO, UNSURE},
}


@dataclass(frozen=True)
class ItemSpec:
    number: int
    answer_type: str
    counts: bool = True


@dataclass(frozen=True)
class ScreenResult:
    score: int
    positive: bool | None  # None: the instrument has no cut-off
    advisory_only: bool
    missing: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.positive is None:
            text = (
                f"{self.score} indicator(s) answered yes; no cut-off: "
                "for a professional determination"
            )
        else:
            text = f"Score {self.score}: " + (
                "positive screen" if self.positive else "negative screen"
            )
        return text + (" (advisory only)" if self.advisory_only else "")


def check_answers(items: list[ItemSpec], answers: dict[str, str]) -> None:
    """Every item answered, each with an answer its type allows."""
    for item in items:
        value = (answers.get(str(item.number)) or "").strip()
        if not value:
            raise HavenError(f"Answer question {item.number}.", field=f"item_{item.number}")
        allowed = ALLOWED.get(item.answer_type)
        if allowed is not None and value not in allowed:
            raise HavenError(
                f"Question {item.number}: answer {' or '.join(sorted(allowed))}.",
                field=f"item_{item.number}",
            )
    extra = set(answers) - {str(i.number) for i in items}
    if extra:
        raise HavenError("Some answers name no question of this instrument.", field="answers")


def score(
    items: list[ItemSpec], answers: dict[str, str], *, cut_off: int | None, advisory_only: bool
) -> ScreenResult:
    """Sum of yes answers on the items that count; positive when the sum reaches the
    cut-off (2 of 6 on the six-item screen); no verdict without a cut-off."""
    total = sum(
        1
        for item in items
        if item.counts
        and item.answer_type != AnswerType.TEXT
        and answers.get(str(item.number)) == YES
    )
    positive = None if cut_off is None else total >= cut_off
    return ScreenResult(total, positive, advisory_only)
