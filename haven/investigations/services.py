"""Every write of investigations, prosecution and trafficking details.

Each service: keyword-only, an `actor`, the access checks (a case the actor may not see is
"not found"), validation with a message naming what to fix, one transaction, the audit
row. Free-text fields (narratives, safety decisions, outcomes) are audited as "changed",
not copied into the audit log: the record itself holds them.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels, require_section
from haven.accounts.models import User
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.cases.access import can_view_case
from haven.cases.models import Case
from haven.cases.services import case_mark_trafficking
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.directory.models import Agency, AgencyKind
from haven.investigations import rules
from haven.investigations.models import (
    TRAFFICKING_KINDS,
    Charge,
    ChargeClass,
    ChildProtectionInvestigation,
    CourtHearing,
    CpStatus,
    Decision,
    Disposition,
    Finding,
    HearingKind,
    Indicator,
    LawEnforcementInvestigation,
    LeOutcome,
    LeStatus,
    ProsecutionCase,
    ProsecutionMatter,
    Reliance,
    Setting,
    TeamItem,
    TraffickingDetails,
    TraffickingIndicator,
    TraffickingKind,
)
from haven.people.models import Person

TEXT_FIELDS = {"narrative", "safety_decisions", "declined_reason", "appeal", "sentence", "note"}


# --- shared checks ------------------------------------------------------------------------


def _visible(actor, case: Case) -> None:
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")


def _not_future(value, field: str, label: str) -> None:
    if value is None:
        return
    today = timezone.localdate()
    day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
    if day > today:
        raise HavenError(f"The {label} ({day:%Y-%m-%d}) is in the future; check it.", field=field)


def _choice(value: str, choices, field: str, label: str) -> None:
    if value not in choices.values:
        raise HavenError(f"Choose the {label} from the list.", field=field)


def _audit_values(values: dict) -> dict:
    return {k: ("(changed)" if k in TEXT_FIELDS and v else v) for k, v in values.items()}


def _changes(instance, fields: dict) -> tuple[dict, dict]:
    old, new = {}, {}
    for name, value in fields.items():
        before = getattr(instance, name)
        if before != value:
            old[name], new[name] = before, value
            setattr(instance, name, value)
    return _audit_values(old), _audit_values(new)


def require_criminal_worker(actor, case: Case) -> None:
    require_section(actor, Section.LAW_ENFORCEMENT, Level.EDIT)
    reason = rules.criminal_work_refusal(actor, case)
    if reason:
        raise HavenError(reason, citation=rules.CITATION, status=403, code="statutory_limit")


def require_dcf_worker(actor, case: Case) -> None:
    require_section(actor, Section.CHILD_PROTECTION, Level.EDIT)
    reason = rules.child_protection_work_refusal(actor, case)
    if reason:
        raise HavenError(reason, citation=rules.CITATION, status=403, code="statutory_limit")


# --- law enforcement ---------------------------------------------------------------------


def _check_le(fields: dict) -> None:
    _choice(fields["status"], LeStatus, "status", "status")
    _choice(fields["outcome"], LeOutcome, "outcome", "outcome")
    opened = fields["opened_on"]
    if opened is None:
        raise HavenError("Give the date the investigation was opened.", field="opened_on")
    for name, label in (
        ("opened_on", "date opened"),
        ("closed_on", "date closed"),
        ("outcome_on", "outcome date"),
    ):
        _not_future(fields.get(name), name, label)
    for name, label in (("closed_on", "date closed"), ("outcome_on", "outcome date")):
        value = fields.get(name)
        if value is not None and value < opened:
            raise HavenError(
                f"The {label} ({value:%Y-%m-%d}) is before the investigation was opened "
                f"({opened:%Y-%m-%d}); check both dates.",
                field=name,
            )
    if fields["status"] == LeStatus.CLOSED and fields.get("closed_on") is None:
        raise HavenError("Give the date the investigation closed.", field="closed_on")
    if fields["outcome"] and fields.get("outcome_on") is None:
        raise HavenError("Give the date of the outcome.", field="outcome_on")


def _check_officer(officer: User, case: Case) -> None:
    reason = rules.criminal_work_refusal(officer, case)
    if reason:
        raise HavenError(reason, citation=rules.CITATION, field="officer", code="statutory_limit")


def le_investigation_open(
    *,
    actor: User,
    case: Case,
    opened_on: datetime.date,
    officer: User | None = None,
    report_number: str = "",
    status: str = LeStatus.OPEN,
    outcome: str = "",
    outcome_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
    narrative: str = "",
    request=None,
) -> LawEnforcementInvestigation:
    """Open the criminal investigation record of one police agency on a case."""
    _visible(actor, case)
    require_criminal_worker(actor, case)
    officer = officer or actor
    _check_officer(officer, case)
    fields = {
        "report_number": report_number.strip(),
        "opened_on": opened_on,
        "closed_on": closed_on,
        "status": status,
        "outcome": outcome,
        "outcome_on": outcome_on,
        "narrative": narrative.strip(),
    }
    _check_le(fields)
    if LawEnforcementInvestigation.objects.filter(case=case, agency=officer.agency).exists():
        raise HavenError(
            f"{officer.agency} already has an investigation on this case; update that one.",
            field="officer",
        )
    investigation = LawEnforcementInvestigation(
        case=case, agency=officer.agency, officer=officer, **fields
    )
    full_clean_or_refuse(investigation, exclude=["case", "agency", "officer"])
    with transaction.atomic():
        investigation.save()
        audit_record(
            actor=actor,
            action=Action.INVESTIGATION_OPENED,
            target=investigation,
            case_id=case.public_id,
            request=request,
            new=_audit_values(
                {"kind": "law_enforcement", "agency": investigation.agency.name}
                | {"officer": str(officer)}
                | fields
            ),
        )
    return investigation


def le_investigation_update(
    *, actor: User, investigation: LawEnforcementInvestigation, request=None, **changes
) -> LawEnforcementInvestigation:
    """Change a criminal investigation record: its officer, dates, status, outcome, narrative."""
    case = investigation.case
    _visible(actor, case)
    require_criminal_worker(actor, case)
    allowed = {
        "officer",
        "report_number",
        "opened_on",
        "closed_on",
        "status",
        "outcome",
        "outcome_on",
        "narrative",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise HavenError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    officer = changes.pop("officer", None)
    if officer is not None and officer != investigation.officer:
        _check_officer(officer, case)
        if officer.agency_id != investigation.agency_id:
            raise HavenError(
                f"The officer must be of {investigation.agency}, whose investigation this is.",
                field="officer",
            )
    for name in ("report_number", "narrative"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    fields = {
        name: changes.get(name, getattr(investigation, name)) for name in allowed - {"officer"}
    }
    _check_le(fields)
    with transaction.atomic():
        locked = LawEnforcementInvestigation.objects.select_for_update().get(pk=investigation.pk)
        old, new = _changes(locked, fields)
        if officer is not None and officer.pk != locked.officer_id:
            old["officer"], new["officer"] = str(locked.officer), str(officer)
            locked.officer = officer
        if not new:
            return locked
        locked.save()
        audit_record(
            actor=actor,
            action=Action.INVESTIGATION_UPDATED,
            target=locked,
            case_id=case.public_id,
            request=request,
            old=old,
            new=new,
        )
    return locked


# --- child protection --------------------------------------------------------------------


def _check_worker(worker: User | None, case: Case) -> None:
    if worker is None:
        return
    reason = rules.child_protection_work_refusal(worker, case)
    if reason:
        raise HavenError(reason, citation=rules.CITATION, field="worker", code="statutory_limit")


def _check_cp(fields: dict) -> None:
    if not fields["careline_report_number"]:
        raise HavenError("Give the Careline report number.", field="careline_report_number")
    reported = fields["careline_reported_on"]
    if reported is None:
        raise HavenError("Give the date of the Careline report.", field="careline_reported_on")
    _not_future(reported, "careline_reported_on", "Careline report date")
    _choice(fields["status"], CpStatus, "status", "status")
    _choice(fields["finding"], Finding, "finding", "finding")
    finding_on = fields["finding_on"]
    if fields["finding"] != Finding.PENDING:
        if fields["worker"] is None:
            raise HavenError(
                "A finding is made by a DCF worker: choose the DCF worker, then record the "
                "finding.",
                citation=rules.CITATION,
                field="worker",
            )
        if finding_on is None:
            raise HavenError("Give the date of the finding.", field="finding_on")
    elif finding_on is not None:
        raise HavenError(
            "A pending finding has no date: choose the finding or clear its date.",
            field="finding_on",
        )
    if finding_on is not None:
        _not_future(finding_on, "finding_on", "finding date")
        if finding_on < reported:
            raise HavenError(
                f"The finding date ({finding_on:%Y-%m-%d}) is before the Careline report "
                f"({reported:%Y-%m-%d}); check both dates.",
                field="finding_on",
            )


def cp_investigation_save(
    *,
    actor: User,
    case: Case,
    careline_report_number: str,
    careline_reported_on: datetime.date | None,
    worker: User | None = None,
    status: str = CpStatus.INVESTIGATING,
    finding: str = Finding.PENDING,
    finding_on: datetime.date | None = None,
    safety_decisions: str = "",
    request=None,
) -> ChildProtectionInvestigation:
    """Open or change DCF's investigation record of the case (DCF members only)."""
    _visible(actor, case)
    require_dcf_worker(actor, case)
    _check_worker(worker, case)
    fields = {
        "worker": worker,
        "careline_report_number": careline_report_number.strip(),
        "careline_reported_on": careline_reported_on,
        "status": status,
        "finding": finding,
        "finding_on": finding_on,
        "safety_decisions": safety_decisions.strip(),
    }
    _check_cp(fields)
    with transaction.atomic():
        existing = (
            ChildProtectionInvestigation.objects.select_for_update().filter(case=case).first()
        )
        if existing is None:
            investigation = ChildProtectionInvestigation(case=case, **fields)
            full_clean_or_refuse(investigation, exclude=["case", "worker"])
            investigation.save()
            audit_record(
                actor=actor,
                action=Action.INVESTIGATION_OPENED,
                target=investigation,
                case_id=case.public_id,
                request=request,
                new=_audit_values(
                    {"kind": "child_protection"} | fields | {"worker": str(worker or "")}
                ),
            )
            return investigation
        old, new = _changes(existing, fields)
        if "worker" in new:
            old["worker"], new["worker"] = str(old["worker"] or ""), str(new["worker"] or "")
        if new:
            existing.save()
            audit_record(
                actor=actor,
                action=Action.INVESTIGATION_UPDATED,
                target=existing,
                case_id=case.public_id,
                request=request,
                old=old,
                new=new,
            )
        return existing


def hearing_record(
    *,
    actor: User,
    investigation: ChildProtectionInvestigation,
    held_on: datetime.date,
    kind: str,
    court: str = "",
    outcome: str = "",
    request=None,
) -> CourtHearing:
    """Record a juvenile matters hearing of DCF's case, with its outcome."""
    case = investigation.case
    _visible(actor, case)
    require_dcf_worker(actor, case)
    _choice(kind, HearingKind, "kind", "kind of hearing")
    if held_on is None:
        raise HavenError("Give the date of the hearing.", field="held_on")
    if held_on < investigation.careline_reported_on:
        raise HavenError(
            f"The hearing date ({held_on:%Y-%m-%d}) is before the Careline report "
            f"({investigation.careline_reported_on:%Y-%m-%d}); check both dates.",
            field="held_on",
        )
    hearing = CourtHearing(
        investigation=investigation,
        held_on=held_on,
        kind=kind,
        court=court.strip(),
        outcome=outcome.strip(),
        recorded_by=actor,
    )
    with transaction.atomic():
        hearing.save()
        audit_record(
            actor=actor,
            action=Action.HEARING_RECORDED,
            target=hearing,
            case_id=case.public_id,
            request=request,
            new=_audit_values(
                {"held_on": held_on, "kind": kind, "court": hearing.court, "note": hearing.outcome}
            ),
        )
    return hearing


def reliance_record(
    *,
    actor: User,
    investigation: ChildProtectionInvestigation,
    item_kind: str,
    relied_on: datetime.date,
    item_label: str = "",
    item_id: uuid.UUID | None = None,
    note: str = "",
    request=None,
) -> Reliance:
    """DCF records that its investigation relied on an item of team information.

    Gen. Stat. § 17a-106f lets DCF "rely upon information generated by" the team; this
    leaves the trail: which item, when, by whom. Only items the DCF user's role may view
    can be relied on. Append-only: there is no service to change or remove one.
    """
    case = investigation.case
    _visible(actor, case)
    require_dcf_worker(actor, case)
    _choice(item_kind, TeamItem, "item_kind", "kind of information")
    section = rules.TEAM_ITEM_SECTION[item_kind]
    if case_section_levels(actor, case)[section] < Level.VIEW:
        raise HavenError(
            f"Your role may not view the {section.label.lower()} section, so its information "
            "cannot be relied on here.",
            status=403,
            code="forbidden",
            field="item_kind",
        )
    if item_kind == TeamItem.LAW_ENFORCEMENT and item_id is not None:
        source = LawEnforcementInvestigation.objects.filter(public_id=item_id, case=case).first()
        if source is None:
            raise HavenError(
                "Choose a law-enforcement investigation of this case.", field="item_id"
            )
        item_label = item_label.strip() or (
            f"{source.agency} report {source.report_number or '(no number)'}"
        )
    elif item_id is not None:
        raise HavenError(
            "Only a law-enforcement investigation can be chosen by its id; describe other "
            "items in 'which item'.",
            field="item_id",
        )
    item_label = item_label.strip()
    if not item_label:
        raise HavenError("Say which item of team information was relied on.", field="item_label")
    if relied_on is None:
        raise HavenError("Give the date the information was relied on.", field="relied_on")
    _not_future(relied_on, "relied_on", "date relied on")
    reliance = Reliance(
        investigation=investigation,
        item_kind=item_kind,
        item_id=item_id,
        item_label=item_label[:200],
        relied_on=relied_on,
        note=note.strip(),
        recorded_by=actor,
    )
    with transaction.atomic():
        reliance.save()
        audit_record(
            actor=actor,
            action=Action.INFORMATION_RELIED_ON,
            target=reliance,
            case_id=case.public_id,
            request=request,
            new={
                "item_kind": item_kind,
                "item_id": str(item_id or ""),
                "item_label": reliance.item_label,
                "relied_on": relied_on,
            },
        )
    return reliance


# --- prosecution ------------------------------------------------------------------------


def require_prosecutor(actor, case: Case) -> None:
    _visible(actor, case)
    if not rules.may_write_prosecution(actor, case_section_levels(actor, case)):
        raise HavenError(
            "The prosecution section is written by the State's attorney's office.",
            status=403,
            code="forbidden",
        )


def _matter_case(matter: ProsecutionMatter, case: Case) -> None:
    if not ProsecutionCase.objects.filter(matter=matter, case=case).exists():
        raise HavenError("Prosecution not found on this case.", status=404, code="not_found")


def _check_offender(offender: Person | None, cases: list[Case]) -> None:
    if offender is None:
        return
    for case in cases:
        if offender.pk not in rules.alleged_offender_ids(case):
            raise HavenError(
                f"{offender} is not an alleged offender in case {case.number}: add them to "
                "that case's people as the alleged offender first.",
                field="alleged_offender",
            )


def _check_decision(fields: dict) -> None:
    _choice(fields["decision"], Decision, "decision", "decision")
    if fields["decision"] == Decision.DECLINED and not fields["declined_reason"]:
        raise HavenError("Give the reason the case was declined.", field="declined_reason")
    if fields["decision"] != Decision.DECLINED and fields["declined_reason"]:
        raise HavenError(
            "A reason for declining goes with the decision 'Declined'.", field="declined_reason"
        )
    if fields["decision"] != Decision.PENDING and fields["decision_on"] is None:
        raise HavenError("Give the date of the decision.", field="decision_on")
    _not_future(fields["decision_on"], "decision_on", "decision date")


def prosecution_open(
    *,
    actor: User,
    case: Case,
    alleged_offender: Person | None = None,
    docket_number: str = "",
    decision: str = Decision.PENDING,
    decision_on: datetime.date | None = None,
    declined_reason: str = "",
    appeal: str = "",
    request=None,
) -> ProsecutionMatter:
    """Open the State's attorney's matter on a case (against one alleged offender)."""
    require_prosecutor(actor, case)
    office = actor.agency
    if office is None or office.kind != AgencyKind.STATES_ATTORNEY:
        raise HavenError(
            "Your account is not with a State's attorney's office.", status=403, code="forbidden"
        )
    _check_offender(alleged_offender, [case])
    fields = {
        "docket_number": docket_number.strip(),
        "decision": decision,
        "decision_on": decision_on,
        "declined_reason": declined_reason.strip(),
        "appeal": appeal.strip(),
    }
    _check_decision(fields)
    with transaction.atomic():
        matter = ProsecutionMatter.objects.create(
            office=office, prosecutor=actor, alleged_offender=alleged_offender, **fields
        )
        ProsecutionCase.objects.create(matter=matter, case=case)
        audit_record(
            actor=actor,
            action=Action.PROSECUTION_UPDATED,
            target=matter,
            case_id=case.public_id,
            request=request,
            new=_audit_values(
                fields | {"office": office.name, "alleged_offender": str(alleged_offender or "")}
            ),
        )
    return matter


def prosecution_update(
    *, actor: User, case: Case, matter: ProsecutionMatter, request=None, **changes
) -> ProsecutionMatter:
    """Change the decision, docket number, alleged offender or appeals of a matter."""
    require_prosecutor(actor, case)
    _matter_case(matter, case)
    allowed = {"alleged_offender", "docket_number", "decision", "decision_on"}
    allowed |= {"declined_reason", "appeal"}
    unknown = set(changes) - allowed
    if unknown:
        raise HavenError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for name in ("docket_number", "declined_reason", "appeal"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    fields = {name: changes.get(name, getattr(matter, name)) for name in allowed}
    _check_decision(fields)
    linked = list(matter.cases.all())
    if fields["alleged_offender"] != matter.alleged_offender:
        if fields["alleged_offender"] is None and matter.charges.exists():
            raise HavenError(
                "Charges are filed against the alleged offender: keep them.",
                field="alleged_offender",
            )
        _check_offender(fields["alleged_offender"], linked)
    with transaction.atomic():
        locked = ProsecutionMatter.objects.select_for_update().get(pk=matter.pk)
        old, new = _changes(locked, fields)
        if "alleged_offender" in new:
            old["alleged_offender"] = str(old["alleged_offender"] or "")
            new["alleged_offender"] = str(new["alleged_offender"] or "")
        if new:
            locked.save()
            audit_record(
                actor=actor,
                action=Action.PROSECUTION_UPDATED,
                target=locked,
                case_id=case.public_id,
                request=request,
                old=old,
                new=new,
            )
    return locked


def prosecution_link_case(
    *, actor: User, case: Case, matter: ProsecutionMatter, other: Case, request=None
) -> ProsecutionCase:
    """Add a co-victim's case to the matter: the same alleged offender must be in it."""
    require_prosecutor(actor, case)
    _matter_case(matter, case)
    if not can_view_case(actor, other):
        raise HavenError("No case with that number that you may see.", field="case_number")
    if matter.alleged_offender is None:
        raise HavenError(
            "Choose the alleged offender of this prosecution before linking co-victims' cases.",
            field="alleged_offender",
        )
    if ProsecutionCase.objects.filter(matter=matter, case=other).exists():
        raise HavenError(
            f"Case {other.number} is already in this prosecution.", field="case_number"
        )
    if matter.alleged_offender_id not in rules.alleged_offender_ids(other):
        raise HavenError(
            f"{matter.alleged_offender} is not an alleged offender in case {other.number}; "
            "only co-victims of the same alleged offender share a prosecution.",
            field="case_number",
        )
    with transaction.atomic():
        link = ProsecutionCase.objects.create(matter=matter, case=other)
        for touched in (case, other):
            audit_record(
                actor=actor,
                action=Action.PROSECUTION_UPDATED,
                target=matter,
                case_id=touched.public_id,
                request=request,
                new={"linked_case": other.number},
            )
    return link


def charge_file(
    *,
    actor: User,
    case: Case,
    matter: ProsecutionMatter,
    statute: str,
    description: str,
    charge_class: str,
    filed_on: datetime.date,
    counts: int = 1,
    request=None,
) -> Charge:
    """Record a charge against the matter's alleged offender."""
    require_prosecutor(actor, case)
    _matter_case(matter, case)
    if matter.alleged_offender_id is None:
        raise HavenError(
            "A charge is against an alleged offender, and this prosecution names none: add the "
            "alleged offender to the case's people, choose them on the prosecution, then file "
            "the charge.",
            field="alleged_offender",
        )
    _check_offender(matter.alleged_offender, list(matter.cases.all()))
    statute, description = statute.strip(), description.strip()
    if not statute:
        raise HavenError("Give the statute charged, for example 53a-70.", field="statute")
    if not description:
        raise HavenError("Describe the charge.", field="description")
    _choice(charge_class, ChargeClass, "charge_class", "class")
    if counts is None or counts < 1:
        raise HavenError("A charge has at least one count.", field="counts")
    if filed_on is None:
        raise HavenError("Give the date the charge was filed.", field="filed_on")
    _not_future(filed_on, "filed_on", "date filed")
    charge = Charge(
        matter=matter,
        statute=statute.removeprefix("§").strip(),
        description=description,
        charge_class=charge_class,
        counts=counts,
        filed_on=filed_on,
    )
    full_clean_or_refuse(charge, exclude=["matter"])
    with transaction.atomic():
        charge.save()
        audit_record(
            actor=actor,
            action=Action.CHARGE_FILED,
            target=charge,
            case_id=case.public_id,
            request=request,
            new={
                "statute": charge.statute,
                "class": charge_class,
                "counts": counts,
                "filed_on": filed_on,
                "alleged_offender": str(matter.alleged_offender),
            },
        )
    return charge


SENTENCED = (Disposition.PLEA, Disposition.CONVICTION)


def charge_dispose(
    *,
    actor: User,
    case: Case,
    charge: Charge,
    disposition: str,
    disposed_on: datetime.date,
    sentence: str = "",
    request=None,
) -> Charge:
    """Record how the court disposed of one charge, and the sentence after a plea or verdict."""
    require_prosecutor(actor, case)
    _matter_case(charge.matter, case)
    if not disposition or disposition not in Disposition.values:
        raise HavenError("Choose the disposition from the list.", field="disposition")
    if disposed_on is None:
        raise HavenError("Give the date of the disposition.", field="disposed_on")
    _not_future(disposed_on, "disposed_on", "disposition date")
    if disposed_on < charge.filed_on:
        raise HavenError(
            f"The disposition date ({disposed_on:%Y-%m-%d}) is before the charge was filed "
            f"({charge.filed_on:%Y-%m-%d}); check both dates.",
            field="disposed_on",
        )
    sentence = sentence.strip()
    if sentence and disposition not in SENTENCED:
        raise HavenError(
            "A sentence follows a guilty plea or a conviction; clear it or change the disposition.",
            field="sentence",
        )
    with transaction.atomic():
        locked = Charge.objects.select_for_update().get(pk=charge.pk)
        old, new = _changes(
            locked, {"disposition": disposition, "disposed_on": disposed_on, "sentence": sentence}
        )
        if new:
            locked.save()
            audit_record(
                actor=actor,
                action=Action.CHARGE_DISPOSED,
                target=locked,
                case_id=case.public_id,
                request=request,
                old=old,
                new=new,
            )
    return locked


# --- trafficking ------------------------------------------------------------------------


def require_trafficking_editor(actor, case: Case) -> None:
    _visible(actor, case)
    if not rules.may_edit_trafficking(case_section_levels(actor, case)):
        raise HavenError(
            "Trafficking details are recorded by the CAC's staff who edit the general section "
            "and by the case's investigators.",
            status=403,
            code="forbidden",
        )


def _check_trafficking(fields: dict, indicators: list[str]) -> None:
    _choice(fields["kind"], TraffickingKind, "kind", "kind of trafficking")
    if fields["setting"]:
        _choice(fields["setting"], Setting, "setting", "setting")
    for code in indicators:
        _choice(code, Indicator, "indicators", "indicators")
    business = fields["lodging_business"]
    if business is not None:
        if business.kind != AgencyKind.LODGING:
            raise HavenError(
                f"{business} is not a lodging business in the directory.", field="lodging_business"
            )
        if fields["setting"] != Setting.LODGING:
            raise HavenError(
                "A lodging business goes with the setting 'Hotel, motel or other lodging'.",
                field="setting",
            )
    if fields["dcf_notified"] and fields["dcf_notified_at"] is None:
        raise HavenError(
            "Give when DCF's trafficking response team was notified.", field="dcf_notified_at"
        )
    if not fields["dcf_notified"] and fields["dcf_notified_at"] is not None:
        raise HavenError(
            "A notification time needs 'DCF trafficking response team notified' ticked.",
            field="dcf_notified",
        )
    _not_future(fields["dcf_notified_at"], "dcf_notified_at", "notification time")
    if fields["hotline_contacted_on"] is not None and not fields["hotline_contacted"]:
        raise HavenError(
            "A hotline date needs 'National Human Trafficking Hotline contacted' ticked.",
            field="hotline_contacted",
        )
    _not_future(fields["hotline_contacted_on"], "hotline_contacted_on", "hotline date")


def trafficking_save(
    *,
    actor: User,
    case: Case,
    kind: str,
    indicators: list[str] | None = None,
    setting: str = "",
    lodging_business: Agency | None = None,
    location_notes: str = "",
    dcf_notified: bool = False,
    dcf_notified_at: datetime.datetime | None = None,
    hotline_contacted: bool = False,
    hotline_contacted_on: datetime.date | None = None,
    request=None,
) -> TraffickingDetails:
    """Record the trafficking details of a case; `Case.is_trafficking` follows the kind."""
    require_trafficking_editor(actor, case)
    indicators = sorted(set(indicators or []))
    fields = {
        "kind": kind,
        "setting": setting,
        "lodging_business": lodging_business,
        "location_notes": location_notes.strip(),
        "dcf_notified": bool(dcf_notified),
        "dcf_notified_at": dcf_notified_at,
        "hotline_contacted": bool(hotline_contacted),
        "hotline_contacted_on": hotline_contacted_on,
    }
    _check_trafficking(fields, indicators)
    with transaction.atomic():
        details = TraffickingDetails.objects.select_for_update().filter(case=case).first()
        created = details is None
        if created:
            details = TraffickingDetails(case=case, **fields)
            details.save()
            old, new = {}, dict(fields)
            before_codes = []
        else:
            old, new = _changes(details, fields)
            before_codes = sorted(details.indicators.values_list("code", flat=True))
            if new:
                details.save()
        if before_codes != indicators:
            details.indicators.all().delete()
            TraffickingIndicator.objects.bulk_create(
                TraffickingIndicator(details=details, code=c) for c in indicators
            )
            old["indicators"], new["indicators"] = before_codes, indicators
        for key in ("lodging_business",):
            if key in new:
                old[key], new[key] = str(old.get(key) or ""), str(new[key] or "")
        if new:
            audit_record(
                actor=actor,
                action=Action.TRAFFICKING_UPDATED,
                target=details,
                case_id=case.public_id,
                request=request,
                old=old,
                new=new,
            )
        # The case list's flag follows the details; cases owns that write.
        case_mark_trafficking(
            actor=actor, case=case, value=kind in TRAFFICKING_KINDS, request=request
        )
    return details
