"""Every write of the services app.

Each service: keyword-only, an `actor`, the access checks (a case the actor may not see
is "not found"), validation with a message naming what to fix, one transaction, the
audit row. Free text (notes, findings) is audited as "(changed)", never copied into the
audit log: the record itself holds it. Sending a reminder is deferred to a task after
the commit.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.accounts.models import User
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.cases.access import can_view_case
from haven.cases.models import Case
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.directory.models import Agency
from haven.people.models import Person
from haven.services import rules
from haven.services.models import (
    AdvocacyContact,
    AdvocacyKind,
    Assessment,
    Attendance,
    Channel,
    ClaimStatus,
    CompensationClaim,
    Instrument,
    MedicalExam,
    Modality,
    ReferralEvent,
    ReferralStatus,
    Reminder,
    ReminderLanguage,
    ReminderStatus,
    ServiceReferral,
    ServiceSession,
    ServiceType,
    SessionKind,
)


def _visible(actor, case: Case) -> dict:
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")
    return case_section_levels(actor, case)


def _forbidden(what: str) -> HavenError:
    return HavenError(f"Your role may not {what} on this case.", status=403, code="forbidden")


def _need(levels: dict, section: Section, what: str) -> None:
    if levels.get(section, Level.NONE) < Level.EDIT:
        raise _forbidden(what)


def _choice(value: str, choices, field: str, label: str) -> None:
    if value not in choices.values:
        raise HavenError(f"Choose the {label} from the list.", field=field)


def _day(value, field: str, label: str, *, not_before=None, before_label="") -> None:
    if value is None:
        raise HavenError(f"Give the {label}.", field=field)
    if value > timezone.localdate():
        raise HavenError(f"The {label} ({value:%Y-%m-%d}) is in the future; check it.", field=field)
    if not_before is not None and value < not_before:
        raise HavenError(
            f"The {label} ({value:%Y-%m-%d}) is before {before_label} "
            f"({not_before:%Y-%m-%d}); check both dates.",
            field=field,
        )


# --- referrals ----------------------------------------------------------------------------


def dcf_eligibility_for(case: Case, on: datetime.date) -> rules.DcfEligibility:
    from haven.services.selectors import trafficking_kind

    return rules.dcf_eligibility(
        case.child,
        on=on,
        trafficking_kind=trafficking_kind(case),
        is_trafficking=case.is_trafficking,
    )


def referral_make(
    *,
    actor: User,
    case: Case,
    service_type: str,
    referred_on: datetime.date,
    provider: Agency | None = None,
    modality: str = "",
    primary_contact: str = "",
    request=None,
) -> ServiceReferral:
    """Refer the child (or family) to a service, at the CAC or an outside provider."""
    levels = _visible(actor, case)
    _choice(service_type, ServiceType, "service_type", "service")
    if not rules.may_refer(levels, service_type):
        raise _forbidden("make this kind of referral")
    _choice(modality or "", Modality, "modality", "modality")
    if modality and service_type != ServiceType.MH_TREATMENT:
        raise HavenError("A modality is given only for mental-health treatment.", field="modality")
    _day(referred_on, "referred_on", "referral date")
    basis = ""
    if service_type == ServiceType.DCF_SERVICES:
        eligibility = dcf_eligibility_for(case, referred_on)
        if not eligibility.eligible:
            raise HavenError(
                eligibility.reason,
                citation=eligibility.citation,
                field="service_type",
                code="statutory_limit",
            )
        basis = eligibility.basis
    referral = ServiceReferral(
        case=case,
        service_type=service_type,
        modality=modality or "",
        provider=provider or case.cac,
        primary_contact=primary_contact.strip(),
        referred_by=actor,
        referred_on=referred_on,
        dcf_basis=basis,
    )
    full_clean_or_refuse(referral, exclude=["case", "provider", "referred_by"])
    with transaction.atomic():
        referral.save()
        ReferralEvent.objects.create(
            referral=referral, status=ReferralStatus.REFERRED, on=referred_on, by=actor
        )
        audit_record(
            actor=actor,
            action=Action.SERVICE_REFERRED,
            target=referral,
            case_id=case.public_id,
            request=request,
            new={
                "service_type": service_type,
                "modality": modality,
                "provider": referral.provider.name,
                "referred_on": referred_on,
                "dcf_basis": basis,
            },
        )
    return referral


def referral_transition(
    *,
    actor: User,
    referral: ServiceReferral,
    verb: str,
    on: datetime.date,
    reason: str = "",
    appointment_at: datetime.datetime | None = None,
    request=None,
) -> ServiceReferral:
    """Move a referral along its lifecycle: schedule, engage, complete, decline, no_show,
    unable_to_contact or close; an early ending needs a reason."""
    case = referral.case
    levels = _visible(actor, case)
    if not rules.may_refer(levels, referral.service_type):
        raise _forbidden("change this referral")
    reason = (reason or "").strip()
    if verb in rules.NEEDS_REASON and not reason:
        raise HavenError("Give the reason the referral ended before completion.", field="reason")
    if verb == "schedule" and appointment_at is None:
        raise HavenError("Give the appointment date and time.", field="appointment_at")
    if verb == "schedule":
        if timezone.localtime(appointment_at).date() < referral.referred_on:
            raise HavenError(
                "The appointment is before the referral date; check it.", field="appointment_at"
            )
        if on > timezone.localdate():
            raise HavenError("The date it was scheduled is in the future; check it.", field="on")
    else:
        _day(on, "on", "date", not_before=referral.referred_on, before_label="the referral")
    with transaction.atomic():
        locked = ServiceReferral.objects.select_for_update().get(pk=referral.pk)
        refusal = rules.transition_refusal(locked.status, verb)
        if refusal:
            raise HavenError(refusal, field="verb", code="conflict", status=409)
        target = rules.TRANSITIONS[verb][1]
        old = {"status": locked.status}
        locked.status = target
        if verb == "schedule":
            locked.appointment_at = appointment_at
            locked.scheduled_on = on
        elif verb == "engage":
            locked.engaged_on = on
        elif target not in (ReferralStatus.NO_SHOW,):
            locked.ended_on = on
            locked.end_reason = reason[:300]
        if target == ReferralStatus.NO_SHOW:
            locked.end_reason = reason[:300]
        locked.save()
        ReferralEvent.objects.create(
            referral=locked, status=target, on=on, reason=reason[:300], by=actor
        )
        new = {"status": target, "on": on}
        if reason:
            new["reason"] = reason[:300]
        if appointment_at:
            new["appointment_at"] = appointment_at
        audit_record(
            actor=actor,
            action=Action.SERVICE_STATUS,
            target=locked,
            case_id=case.public_id,
            request=request,
            old=old,
            new=new,
        )
    return locked


def session_log(
    *,
    actor: User,
    referral: ServiceReferral,
    held_on: datetime.date,
    kind: str = SessionKind.SESSION,
    duration_minutes: int | None = None,
    provider_name: str = "",
    attendance: str = Attendance.ATTENDED,
    note: str = "",
    note_shared: bool = False,
    request=None,
) -> ServiceSession:
    """Record a session or contact under a referral."""
    case = referral.case
    levels = _visible(actor, case)
    if not rules.may_log_session(levels, referral.service_type):
        raise _forbidden("record sessions of this service")
    _choice(kind, SessionKind, "kind", "kind")
    _choice(attendance, Attendance, "attendance", "attendance")
    _day(
        held_on,
        "held_on",
        "session date",
        not_before=referral.referred_on,
        before_label="the referral date",
    )
    if referral.status in (ReferralStatus.DECLINED, ReferralStatus.UNABLE_TO_CONTACT):
        raise HavenError(
            f"This referral is {referral.get_status_display().lower()}; make a new "
            "referral before recording sessions.",
            code="conflict",
            status=409,
        )
    if duration_minutes is not None and not 0 < duration_minutes <= 600:
        raise HavenError("A session lasts between 1 and 600 minutes.", field="duration_minutes")
    session = ServiceSession(
        referral=referral,
        kind=kind,
        held_on=held_on,
        duration_minutes=duration_minutes,
        provider_name=provider_name.strip() or str(actor),
        attendance=attendance,
        note=note.strip(),
        note_shared=bool(note_shared),
        recorded_by=actor,
    )
    full_clean_or_refuse(session, exclude=["referral", "recorded_by"])
    with transaction.atomic():
        session.save()
        audit_record(
            actor=actor,
            action=Action.SERVICE_SESSION,
            target=session,
            case_id=case.public_id,
            request=request,
            new={
                "referral": str(referral.public_id),
                "held_on": held_on,
                "attendance": attendance,
                "note": "(changed)" if session.note else "",
                "note_shared": session.note_shared,
            },
        )
    return session


# --- medical ------------------------------------------------------------------------------


def medical_exam_record(
    *,
    actor: User,
    case: Case,
    examined_on: datetime.date,
    examiner: str,
    acuity: str,
    findings: str = "",
    tests_done: str = "",
    follow_up_needed: bool = False,
    follow_up: str = "",
    referral: ServiceReferral | None = None,
    request=None,
) -> MedicalExam:
    levels = _visible(actor, case)
    _need(levels, Section.MEDICAL, "record medical exams")
    _day(examined_on, "examined_on", "exam date")
    if not examiner.strip():
        raise HavenError("Give the examiner's name.", field="examiner")
    if follow_up_needed and not follow_up.strip():
        raise HavenError("Say what follow-up is needed.", field="follow_up")
    if referral is not None and referral.case_id != case.pk:
        raise HavenError("No such referral on this case.", field="referral")
    exam = MedicalExam(
        case=case,
        referral=referral,
        examined_on=examined_on,
        examiner=examiner.strip(),
        acuity=acuity,
        findings=findings.strip(),
        tests_done=tests_done.strip(),
        follow_up_needed=bool(follow_up_needed),
        follow_up=follow_up.strip(),
        recorded_by=actor,
    )
    full_clean_or_refuse(exam, exclude=["case", "referral", "recorded_by"])
    with transaction.atomic():
        exam.save()
        audit_record(
            actor=actor,
            action=Action.MEDICAL_EXAM,
            target=exam,
            case_id=case.public_id,
            request=request,
            new={
                "examined_on": examined_on,
                "acuity": acuity,
                "findings": "(changed)" if exam.findings else "",
                "follow_up_needed": exam.follow_up_needed,
            },
        )
    return exam


# --- mental health ------------------------------------------------------------------------


def instrument_add(
    *,
    actor: User,
    cac: Agency,
    code: str,
    name: str,
    min_score: int,
    max_score: int,
    higher_is_worse: bool = True,
    request=None,
) -> Instrument:
    """A CAC adds an instrument to its picklist (its clinicians' or coordinator's call)."""
    if actor.agency_id != cac.pk:
        raise _forbidden("add instruments for another centre")
    from haven.access.rules import section_levels

    levels = section_levels(actor)
    if max(levels[Section.MENTAL_HEALTH], levels[Section.GENERAL]) < Level.EDIT:
        raise _forbidden("add assessment instruments")
    code = code.strip().upper()
    if Instrument.objects.filter(code__iexact=code, cac__in=[cac]).exists() or (
        Instrument.objects.filter(code__iexact=code, cac__isnull=True).exists()
    ):
        raise HavenError(f"There is already an instrument {code}.", field="code")
    if min_score is None or max_score is None or max_score <= min_score:
        raise HavenError("The highest score must be above the lowest.", field="max_score")
    instrument = Instrument(
        cac=cac,
        code=code,
        name=name.strip(),
        min_score=min_score,
        max_score=max_score,
        higher_is_worse=higher_is_worse,
    )
    full_clean_or_refuse(instrument, exclude=["cac"])
    with transaction.atomic():
        instrument.save()
        audit_record(
            actor=actor,
            action=Action.INSTRUMENT_ADDED,
            target=instrument,
            request=request,
            new={"code": code, "name": instrument.name, "range": [min_score, max_score]},
        )
    return instrument


def assessment_record(
    *,
    actor: User,
    case: Case,
    instrument: Instrument,
    score: int,
    assessed_on: datetime.date,
    referral: ServiceReferral | None = None,
    request=None,
) -> Assessment:
    levels = _visible(actor, case)
    _need(levels, Section.MENTAL_HEALTH, "record mental-health assessments")
    if instrument.cac_id not in (None, case.cac_id) or not instrument.is_active:
        raise HavenError("Choose the instrument from the list.", field="instrument")
    refusal = rules.score_refusal(instrument, score)
    if refusal:
        raise HavenError(refusal, field="score")
    _day(assessed_on, "assessed_on", "assessment date")
    if referral is not None and referral.case_id != case.pk:
        raise HavenError("No such referral on this case.", field="referral")
    assessment = Assessment(
        case=case,
        referral=referral,
        instrument=instrument,
        score=score,
        assessed_on=assessed_on,
        clinician=actor,
    )
    with transaction.atomic():
        assessment.save()
        audit_record(
            actor=actor,
            action=Action.ASSESSMENT_RECORDED,
            target=assessment,
            case_id=case.public_id,
            request=request,
            new={"instrument": instrument.code, "score": score, "assessed_on": assessed_on},
        )
    return assessment


# --- advocacy -----------------------------------------------------------------------------


def advocacy_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    on: datetime.date,
    with_person: Person | None = None,
    note: str = "",
    request=None,
) -> AdvocacyContact:
    levels = _visible(actor, case)
    _need(levels, Section.ADVOCACY, "record advocacy")
    _choice(kind, AdvocacyKind, "kind", "kind of advocacy")
    _day(on, "on", "date")
    if with_person is not None:
        from haven.services.selectors import case_people

        if with_person.pk not in {p.pk for p in case_people(case)}:
            raise HavenError("Choose a person of this case.", field="with_person")
    contact = AdvocacyContact(
        case=case, kind=kind, on=on, with_person=with_person, note=note.strip(), advocate=actor
    )
    full_clean_or_refuse(contact, exclude=["case", "with_person", "advocate"])
    with transaction.atomic():
        contact.save()
        audit_record(
            actor=actor,
            action=Action.ADVOCACY_RECORDED,
            target=contact,
            case_id=case.public_id,
            request=request,
            new={"kind": kind, "on": on, "note": "(changed)" if contact.note else ""},
        )
    return contact


def compensation_record(
    *,
    actor: User,
    case: Case,
    applied_on: datetime.date,
    status: str = ClaimStatus.SUBMITTED,
    amount: Decimal | None = None,
    decided_on: datetime.date | None = None,
    request=None,
) -> CompensationClaim:
    levels = _visible(actor, case)
    _need(levels, Section.ADVOCACY, "record compensation applications")
    _choice(status, ClaimStatus, "status", "status")
    _day(applied_on, "applied_on", "application date")
    if decided_on is not None:
        _day(
            decided_on,
            "decided_on",
            "decision date",
            not_before=applied_on,
            before_label="the application",
        )
    if status in (ClaimStatus.APPROVED, ClaimStatus.DENIED, ClaimStatus.PAID) and not decided_on:
        raise HavenError("Give the decision date.", field="decided_on")
    if amount is not None and amount < 0:
        raise HavenError("The amount cannot be negative.", field="amount")
    if status in (ClaimStatus.APPROVED, ClaimStatus.PAID) and amount is None:
        raise HavenError("Give the amount awarded.", field="amount")
    claim = CompensationClaim(
        case=case,
        applied_on=applied_on,
        status=status,
        amount=amount,
        decided_on=decided_on,
        recorded_by=actor,
    )
    full_clean_or_refuse(claim, exclude=["case", "recorded_by"])
    with transaction.atomic():
        claim.save()
        audit_record(
            actor=actor,
            action=Action.COMPENSATION_RECORDED,
            target=claim,
            case_id=case.public_id,
            request=request,
            new={"applied_on": applied_on, "status": status, "amount": amount},
        )
    return claim


# --- reminders ----------------------------------------------------------------------------


def reminder_request(
    *,
    actor: User,
    referral: ServiceReferral,
    recipient: Person,
    channel: str = Channel.EMAIL,
    language: str = ReminderLanguage.ENGLISH,
    request=None,
) -> Reminder:
    """Queue an appointment reminder to the child or a non-offending caregiver; it is sent
    by a task (haven/services/tasks.py) after the commit."""
    from haven.services.selectors import reminder_parties
    from haven.services.sms import sms_sender

    case = referral.case
    levels = _visible(actor, case)
    if not rules.may_refer(levels, referral.service_type):
        raise _forbidden("send reminders for this referral")
    _choice(channel, Channel, "channel", "channel")
    _choice(language, ReminderLanguage, "language", "language")
    if referral.status != ReferralStatus.SCHEDULED or referral.appointment_at is None:
        raise HavenError(
            "Schedule the appointment before sending a reminder.", code="conflict", status=409
        )
    if referral.appointment_at < timezone.now():
        raise HavenError("The appointment has already passed.", code="conflict", status=409)
    if channel == Channel.SMS and sms_sender() is None:
        raise HavenError(
            "No text-message provider is set up for Haven; send the reminder by email.",
            field="channel",
        )
    parties = reminder_parties(case)
    refusal = rules.reminder_refusal(
        recipient=recipient,
        child=case.child,
        caregivers=parties.caregivers,
        offenders=parties.offenders,
        channel=channel,
    )
    if refusal:
        raise HavenError(refusal, field="recipient")
    reminder = Reminder(
        referral=referral,
        recipient=recipient,
        channel=channel,
        language=language,
        appointment_at=referral.appointment_at,
        requested_by=actor,
    )
    with transaction.atomic():
        reminder.save()
        audit_record(
            actor=actor,
            action=Action.REMINDER_QUEUED,
            target=reminder,
            case_id=case.public_id,
            request=request,
            new={
                "recipient": str(recipient.public_id),
                "channel": channel,
                "language": language,
                "appointment_at": referral.appointment_at,
            },
        )
        from haven.services.tasks import send_reminder

        reminder_id = str(reminder.public_id)
        transaction.on_commit(lambda: send_reminder.enqueue(reminder_id))
    return reminder


def reminder_mark(reminder: Reminder, *, sent: bool, failure: str = "") -> Reminder:
    """Record the outcome of a send (called by the task; the actor is the system)."""
    with transaction.atomic():
        locked = Reminder.objects.select_for_update().get(pk=reminder.pk)
        locked.status = ReminderStatus.SENT if sent else ReminderStatus.REFUSED
        locked.sent_at = timezone.now() if sent else None
        locked.failure = failure[:300]
        locked.save(update_fields=["status", "sent_at", "failure"])
        audit_record(
            actor=None,
            action=Action.REMINDER_SENT if sent else Action.REMINDER_REFUSED,
            target=locked,
            case_id=reminder.referral.case.public_id,
            new={"status": locked.status, "failure": locked.failure},
        )
    return locked
