"""The rules of services, as plain functions, each with its source.

- Minority and DCF services to minor victims of trafficking: Gen. Stat. §§ 17a-106a(e);
  17a-106f(a) (as the mission document cites them). The Commissioner may provide child
  welfare services to a minor child identified by DCF as a trafficking victim, and
  appropriate services to a minor child DCF reasonably believes may be one; "minor child"
  means any person younger than 18.
- A referral's lifecycle: which verb may follow which status (a house rule).
- Reminders never reach an alleged offender (a safety rule of the house, no statute).
- Note visibility: a mental-health note is for mental-health users unless shared.
"""

import datetime
from dataclasses import dataclass

from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline
from haven.people.rules import age_on
from haven.people.rules import is_minor as _people_is_minor
from haven.services.models import (
    SERVICE_SECTION,
    DcfBasis,
    ReferralStatus,
    ServiceType,
)

CITATION_DCF_MINORS = "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"

S = ReferralStatus


def is_minor(person, *, on: datetime.date) -> bool | None:
    """Younger than 18 on `on`; None when neither a birth date nor an estimate is known.
    ('minor child' means any person younger than age 18: Gen. Stat. § 17a-106a(e).)"""
    return _people_is_minor(person, on=on)


def age_is_estimated(person) -> bool:
    return person.date_of_birth is None and person.estimated_age is not None


@dataclass(frozen=True)
class DcfEligibility:
    eligible: bool
    basis: str  # a DcfBasis value ("" when not eligible)
    age: int | None
    estimated: bool
    reason: str  # why not, for the user; "" when eligible
    citation: str = CITATION_DCF_MINORS


# Trafficking kinds of haven.investigations (TraffickingDetails.kind): a confirmed kind
# means DCF has identified the child as a victim; "suspected" that it reasonably believes
# the child may be one; "ruled_out" neither.
IDENTIFIED_KINDS = ("sex", "labor", "both")
BELIEVED_KINDS = ("suspected",)


def dcf_eligibility(
    person, *, on: datetime.date, trafficking_kind: str | None, is_trafficking: bool
) -> DcfEligibility:
    """Whether DCF may provide services to `person` as a minor victim of trafficking, from
    the age on `on` (the referral date) and the case's trafficking details."""
    age = age_on(person, on)
    estimated = age_is_estimated(person)
    shown = f"{age} (estimated)" if estimated else str(age)

    def no(reason: str) -> DcfEligibility:
        return DcfEligibility(False, "", age, estimated, reason)

    if age is None:
        return no(
            "The child's age is not known: record a date of birth or an estimated age, "
            "since DCF services under this section are for a minor child (younger than 18)."
        )
    if age >= 18:
        return no(
            f"{person.full_name} was {shown} on {on:%Y-%m-%d}. DCF services for victims "
            "of trafficking are for a minor child, a person younger than 18."
        )
    if trafficking_kind in IDENTIFIED_KINDS:
        return DcfEligibility(True, DcfBasis.IDENTIFIED, age, estimated, "")
    if trafficking_kind in BELIEVED_KINDS or (trafficking_kind is None and is_trafficking):
        return DcfEligibility(True, DcfBasis.BELIEVED, age, estimated, "")
    if trafficking_kind == "ruled_out":
        return no(
            "Trafficking has been ruled out on this case; DCF services under this section "
            "are for a minor identified as, or reasonably believed to be, a victim."
        )
    return no(
        "The case records no trafficking. Record the trafficking details first (identified, "
        "or suspected): DCF services under this section are for a minor identified as, or "
        "reasonably believed to be, a victim of trafficking."
    )


# --- referral lifecycle -------------------------------------------------------------------

# verb -> (statuses it may follow, the status it sets)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "schedule": ((S.REFERRED, S.SCHEDULED, S.NO_SHOW), S.SCHEDULED),
    "engage": ((S.REFERRED, S.SCHEDULED), S.ENGAGED),
    "complete": ((S.ENGAGED, S.SCHEDULED), S.COMPLETED),
    "decline": ((S.REFERRED, S.SCHEDULED, S.ENGAGED), S.DECLINED),
    "no_show": ((S.SCHEDULED,), S.NO_SHOW),
    "unable_to_contact": ((S.REFERRED, S.SCHEDULED, S.NO_SHOW), S.UNABLE_TO_CONTACT),
    "close": ((S.REFERRED, S.SCHEDULED, S.ENGAGED, S.NO_SHOW), S.CLOSED),
}
VERB_LABELS = {
    "schedule": "Schedule",
    "engage": "Engaged",
    "complete": "Complete",
    "decline": "Declined",
    "no_show": "No-show",
    "unable_to_contact": "Unable to contact",
    "close": "Close",
}
NEEDS_REASON = {"decline", "no_show", "unable_to_contact", "close"}


def transition_refusal(status: str, verb: str) -> str | None:
    """Why `verb` may not follow `status` (None when it may)."""
    if verb not in TRANSITIONS:
        return "Choose what happened from the list."
    allowed, _target = TRANSITIONS[verb]
    if status in allowed:
        return None
    current = ReferralStatus(status).label.lower()
    action = VERB_LABELS[verb].lower()
    return (
        f"This referral is {current}; it cannot be marked “{action}”. "
        "Make a new referral if the family now wants the service."
        if status in (S.DECLINED, S.COMPLETED, S.CLOSED, S.UNABLE_TO_CONTACT)
        else f"This referral is {current}; it cannot be marked “{action}” from there."
    )


def verbs_allowed(status: str) -> list[str]:
    return [verb for verb, (allowed, _t) in TRANSITIONS.items() if status in allowed]


# --- who may do what ----------------------------------------------------------------------


def section_of(service_type: str) -> Section:
    return SERVICE_SECTION[ServiceType(service_type)]


def may_refer(levels: dict, service_type: str) -> bool:
    """The case's general-section editors (coordinator, intake) refer to any service; a
    discipline that edits the service's section refers to its own."""
    return (
        levels.get(Section.GENERAL, Level.NONE) >= Level.EDIT
        or levels.get(section_of(service_type), Level.NONE) >= Level.EDIT
    )


def may_view_service(levels: dict, service_type: str) -> bool:
    return levels.get(section_of(service_type), Level.NONE) >= Level.VIEW


def may_log_session(levels: dict, service_type: str) -> bool:
    return levels.get(section_of(service_type), Level.NONE) >= Level.EDIT


def may_read_note(user, levels: dict, service_type: str, shared: bool) -> bool:
    """A mental-health note is for mental-health users only, unless its clinician shared
    it; any other note follows its section's view level."""
    if not may_view_service(levels, service_type):
        return False
    if section_of(service_type) == Section.MENTAL_HEALTH and not shared:
        return getattr(user, "discipline", None) == Discipline.MENTAL_HEALTH
    return True


# --- scores -------------------------------------------------------------------------------


def score_refusal(instrument, score: int) -> str | None:
    if score is None:
        return "Give the score."
    if not instrument.min_score <= score <= instrument.max_score:
        return (
            f"A {instrument.code} score is between {instrument.min_score} and "
            f"{instrument.max_score}; {score} is outside that range. Check the scoring sheet."
        )
    return None


# --- reminders ----------------------------------------------------------------------------


def _norm_email(value: str) -> str:
    return (value or "").strip().lower()


def _norm_phone(value: str) -> str:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits[-10:]


def _norm_address(value: str) -> str:
    return " ".join((value or "").lower().replace(",", " ").replace(".", " ").split())


def reminder_refusal(
    *, recipient, child, caregivers: list, offenders: list, channel: str
) -> str | None:
    """Why a reminder may not go to `recipient` (None when it may).

    A reminder goes only to the child or to a non-offending caregiver, and never to an
    alleged offender, nor to an email, phone or address that an alleged offender also
    has: a message about the child's appointment must not reach the person the child
    was protected from.
    """
    offender_ids = {p.pk for p in offenders}
    if recipient.pk in offender_ids:
        return "A reminder is never sent to an alleged offender in this case."
    if recipient.pk != child.pk and recipient.pk not in {p.pk for p in caregivers}:
        return "A reminder goes only to the child or to a non-offending caregiver."
    if channel == "email":
        address = _norm_email(recipient.email)
        if not address:
            return (
                f"{recipient.full_name} has no email address on record: add one to their "
                "details, or choose someone else."
            )
        if address in {_norm_email(p.email) for p in offenders if p.email}:
            return (
                "That email address is also an alleged offender's in this case; the "
                "reminder was not sent."
            )
    else:
        phone = _norm_phone(recipient.phone)
        if not phone:
            return (
                f"{recipient.full_name} has no phone number on record: add one to their "
                "details, or choose someone else."
            )
        if phone in {_norm_phone(p.phone) for p in offenders if p.phone}:
            return (
                "That phone number is also an alleged offender's in this case; the "
                "reminder was not sent."
            )
    address = _norm_address(recipient.address)
    if address and address in {_norm_address(p.address) for p in offenders if p.address}:
        return (
            f"{recipient.full_name} lives at an address an alleged offender in this case "
            "also has; the reminder was not sent."
        )
    return None
