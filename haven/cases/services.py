"""Intake and the case team. Every write checks, validates and audits in one transaction."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import (
    CITATION_MDT_INVESTIGATIONS,
    Capability,
    require_capability,
    require_section,
    statutory_write_refusal,
)
from haven.accounts.models import User
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.cases import hooks, rules
from haven.cases.access import can_view_case
from haven.cases.models import (
    TRAFFICKING_TYPES,
    VICTIM_ROLES,
    Allegation,
    AllegationType,
    Assignment,
    AssignmentSection,
    Case,
    CaseAgency,
    CaseDenial,
    CaseGrant,
    CaseName,
    CaseStatus,
    ClosureReason,
    DuplicateReview,
    DuplicateStatus,
    Party,
    PartyRole,
    Referral,
    ReferralReason,
    Relationship,
    StatusChange,
)
from haven.core.errors import HavenError
from haven.directory.models import Agency, AgencyKind, Personnel
from haven.people.models import Person
from haven.teams.models import Team

logger = logging.getLogger(__name__)


@dataclass
class PartyIn:
    person: Person
    role: str
    relationship: str = ""
    age_at_referral: int | None = None


@dataclass
class AllegationIn:
    victim: Person
    kind: str
    occurred_on: datetime.date | None = None
    town: str = ""
    description: str = ""


@dataclass
class IntakeResult:
    referral: Referral
    cases: list[Case] = field(default_factory=list)


def _check_typed_number(raw: str) -> str:
    """The typed case number, normalised, or "" for Haven's series; refused if unusable."""
    number = rules.normalise_case_number(raw)
    if not number:
        return ""
    problem = rules.typed_case_number_problem(number)
    if problem:
        raise HavenError(problem, field="case_number")
    if Case.objects.filter(number=number).exists():
        raise HavenError(
            f"Case number {number} is already in use. Check the number, or leave it blank "
            "and Haven will number the case.",
            field="case_number",
            code="duplicate_case_number",
        )
    return number


def _check_intake(
    *,
    cac: Agency,
    team: Team | None,
    reason: str,
    known_at,
    received_at,
    parties: list[PartyIn],
    allegations: list[AllegationIn],
) -> None:
    if cac.kind != AgencyKind.CAC:
        raise HavenError("Choose the children's advocacy center taking the referral.", field="cac")
    if team is not None and team.host_cac_id != cac.pk:
        raise HavenError("The team must be one hosted by this CAC.", field="team")
    if reason not in ReferralReason.values:
        raise HavenError("Choose the reason for referral.", field="reason")
    now = timezone.now()
    if received_at > now + datetime.timedelta(minutes=5):
        raise HavenError("The date received is in the future.", field="received_at")
    if known_at is not None and known_at > received_at:
        raise HavenError(
            "The CAC cannot have received the referral before the incident "
            "became known; check both dates.",
            field="received_at",
        )
    seen = set()
    for party in parties:
        if party.role not in PartyRole.values:
            raise HavenError("Choose each party's role.", field="parties")
        if party.relationship and party.relationship not in Relationship.values:
            raise HavenError("Choose the relationship from the list.", field="parties")
        key = (party.person.pk, party.role)
        if key in seen:
            raise HavenError(
                f"{party.person} is listed as "
                f"{PartyRole(party.role).label.lower()} twice; remove one.",
                field="parties",
            )
        seen.add(key)
    victims = {p.person.pk for p in parties if p.role in VICTIM_ROLES}
    if not victims:
        raise HavenError(
            "Add the alleged victim: a case is opened for each alleged victim.", field="parties"
        )
    if not allegations:
        raise HavenError("Add at least one allegation.", field="allegations")
    for allegation in allegations:
        if allegation.kind not in AllegationType.values:
            raise HavenError("Choose the type of each allegation.", field="allegations")
        if allegation.victim.pk not in victims:
            raise HavenError(
                f"The allegation of {AllegationType(allegation.kind).label.lower()}"
                " names no alleged victim of this referral; choose the child it "
                "concerns.",
                field="allegations",
            )
        if (
            allegation.occurred_on
            and allegation.occurred_on > timezone.localtime(received_at).date()
        ):
            raise HavenError(
                "An allegation's date is after the referral was received.", field="allegations"
            )


# One row per person named in each case (models.CaseName), from the case's referral's
# parties and the people's current name keys. Table and column names are fixed; the case
# ids are parameters.
_CASE_NAMES_SQL = """
    INSERT INTO cases_casename
        (case_id, cac_id, team_id, received_on,
         sort_name, short_name, last_phonetic, first_phonetic)
    SELECT DISTINCT c.id, c.cac_id, c.team_id, c.received_on,
           p.sort_name, p.short_name, p.last_phonetic, p.first_phonetic
    FROM cases_case c
    JOIN cases_party y ON y.referral_id = c.referral_id
    JOIN people_person p ON p.id = y.person_id
    WHERE {where}
"""
_CASE_NAMES_BATCH = 500


def case_names_refresh(case_ids) -> int:
    """Rewrite the name search rows of these cases from their parties (models.CaseName).

    Called by intake, and (through haven/people/links.py) when a person's name changes or
    two people are merged. Returns the number of rows written."""
    case_ids = sorted(set(case_ids))
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(case_ids), _CASE_NAMES_BATCH):
            batch = case_ids[start : start + _CASE_NAMES_BATCH]
            CaseName.objects.filter(case_id__in=batch).delete()
            where = f"c.id IN ({', '.join(['%s'] * len(batch))})"
            cursor.execute(_CASE_NAMES_SQL.format(where=where), batch)
            written += cursor.rowcount
    return written


def case_names_fill(first_case_id: int, last_case_id: int) -> int:
    """Write the name rows of the cases with ids in this range, which have none yet (the
    demo's bulk load, which writes its own ids)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _CASE_NAMES_SQL.format(where="c.id BETWEEN %s AND %s"), [first_case_id, last_case_id]
        )
        return cursor.rowcount


def case_names_refresh_for_people(person_ids) -> int:
    """The name rows of every case whose referral names one of these people."""
    cases = Case.objects.filter(referral__parties__person_id__in=list(person_ids)).values_list(
        "id", flat=True
    )
    return case_names_refresh(cases.distinct())


def referral_intake(
    *,
    actor: User,
    cac: Agency,
    reason: str,
    received_at: datetime.datetime,
    parties: list[PartyIn],
    allegations: list[AllegationIn],
    team: Team | None = None,
    known_at: datetime.datetime | None = None,
    source_agency: Agency | None = None,
    source_person: str = "",
    case_number: str = "",
    request=None,
) -> IntakeResult:
    """Take in a referral: its parties and allegations once, and a case per alleged victim.

    `case_number`, when given, is the number the (first) child's case already had, kept as
    typed (capitals, no spaces); every other case is numbered in Haven's series."""
    require_section(actor, Section.GENERAL, Level.EDIT)
    if actor.agency_id != cac.pk:
        raise HavenError(
            "Referrals are taken in by the staff of the CAC receiving them.",
            status=403,
            code="forbidden",
        )
    _check_intake(
        cac=cac,
        team=team,
        reason=reason,
        known_at=known_at,
        received_at=received_at,
        parties=parties,
        allegations=allegations,
    )
    typed_number = _check_typed_number(case_number)
    try:
        with transaction.atomic():
            Agency.objects.select_for_update().filter(pk=cac.pk).first()  # serialise numbering
            referral = Referral.objects.create(
                cac=cac,
                source_agency=source_agency,
                source_person=source_person.strip(),
                reason=reason,
                known_at=known_at,
                received_at=received_at,
                created_by=actor,
            )
            for party in parties:
                Party.objects.create(
                    referral=referral,
                    person=party.person,
                    role=party.role,
                    relationship=party.relationship,
                    age_at_referral=party.age_at_referral,
                )
            for allegation in allegations:
                Allegation.objects.create(
                    referral=referral,
                    victim=allegation.victim,
                    kind=allegation.kind,
                    occurred_on=allegation.occurred_on,
                    town=allegation.town.strip(),
                    description=allegation.description.strip(),
                )
            # Each child's case is marked by that child's own allegations, not a sibling's.
            trafficked = {a.victim.pk for a in allegations if a.kind in TRAFFICKING_TYPES}
            received_on = timezone.localtime(received_at).date()
            year = received_on.year
            last = Case.objects.filter(cac=cac, year=year).aggregate(m=Max("sequence"))["m"] or 0
            others = list(
                Agency.objects.filter(kind=AgencyKind.CAC)
                .exclude(pk=cac.pk)
                .values_list("name", flat=True)
            )
            code = rules.unique_cac_code(cac, others)
            result = IntakeResult(referral)
            victims = []
            for party in parties:
                if party.role in VICTIM_ROLES and party.person not in victims:
                    victims.append(party.person)
            for offset, child in enumerate(victims, start=1):
                if typed_number and offset == 1:
                    last -= 1  # the series continues with the next child
                    sequence, number = None, typed_number
                else:
                    sequence = last + offset
                    number = rules.case_number(code, year, sequence)
                case = Case.objects.create(
                    referral=referral,
                    child=child,
                    cac=cac,
                    team=team,
                    year=year,
                    sequence=sequence,
                    number=number,
                    received_on=received_on,
                    is_trafficking=child.pk in trafficked,
                )
                if source_agency is not None:
                    CaseAgency.objects.get_or_create(case=case, agency=source_agency)
                result.cases.append(case)
                audit_record(
                    actor=actor,
                    action=Action.CASE_OPENED,
                    target=case,
                    case_id=case.public_id,
                    request=request,
                    new={
                        "number": case.number,
                        "team": str(team or ""),
                        "received_on": received_on,
                    },
                )
            case_names_refresh(c.pk for c in result.cases)
            audit_record(
                actor=actor,
                action=Action.REFERRAL_CREATED,
                target=referral,
                request=request,
                new={
                    "cases": [c.number for c in result.cases],
                    "reason": reason,
                    "parties": len(parties),
                    "allegations": len(allegations),
                    "delay_hours": rules.referral_delay_hours(known_at, received_at),
                },
            )
    except IntegrityError:
        # Another intake took the typed number between the check and the insert.
        if typed_number and Case.objects.filter(number=typed_number).exists():
            raise HavenError(
                f"Case number {typed_number} was just used by another referral. Check the "
                "number, or leave it blank and Haven will number the case.",
                field="case_number",
                code="duplicate_case_number",
            ) from None
        raise
    return result


def case_assign(
    *,
    actor: User,
    case: Case,
    section: str,
    starts_on: datetime.date,
    user: User | None = None,
    personnel: Personnel | None = None,
    request=None,
) -> Assignment:
    """Assign a user or directory person to a section of the case team, and notify them."""
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")
    require_section(actor, Section.GENERAL, Level.EDIT)
    if section not in AssignmentSection.values:
        raise HavenError("Choose the section.", field="section")
    if (user is None) == (personnel is None):
        raise HavenError("Choose one person: a Haven user or a directory person.", field="user")
    matrix_section = rules.ASSIGNMENT_SECTION[AssignmentSection(section)]
    if user is not None:
        if not user.is_active:
            raise HavenError("That account is disabled.", field="user")
        refusal = statutory_write_refusal(user.discipline, matrix_section)
        if refusal:
            raise HavenError(
                refusal, citation=CITATION_MDT_INVESTIGATIONS, field="user", code="statutory_limit"
            )
    agency = user.agency if user is not None else personnel.agency
    if agency is None:
        raise HavenError("This person has no agency in Haven; set it first.", field="user")
    if section == AssignmentSection.LAW_ENFORCEMENT and not agency.is_police:
        raise HavenError(
            "Criminal investigative work is undertaken by law enforcement members.",
            citation=CITATION_MDT_INVESTIGATIONS,
            field="user",
        )
    if section == AssignmentSection.CHILD_PROTECTION and agency.kind != AgencyKind.DCF_OFFICE:
        raise HavenError(
            "Child protection investigative work is undertaken by DCF members.",
            citation=CITATION_MDT_INVESTIGATIONS,
            field="user",
        )
    with transaction.atomic():
        assignment = Assignment.objects.create(
            case=case,
            section=section,
            user=user,
            personnel=personnel,
            agency=agency,
            starts_on=starts_on,
        )
        CaseAgency.objects.get_or_create(case=case, agency=agency)
        audit_record(
            actor=actor,
            action=Action.CASE_ASSIGNED,
            target=case,
            case_id=case.public_id,
            request=request,
            new={
                "section": section,
                "agency": agency.name,
                "assignee": (user or personnel).__str__(),
                "starts_on": starts_on,
            },
        )
        if user is not None:
            transaction.on_commit(lambda: _notify_assignee(user, case, section))
    return assignment


def _notify_assignee(user: User, case: Case, section: str) -> None:
    """An email that says there is something to look at, and nothing about the child."""
    from django.core.mail import send_mail

    try:
        send_mail(
            subject=f"Haven: you were assigned to case {case.number}",
            message=(
                f"You were assigned to case {case.number} "
                f"({AssignmentSection(section).label}). Sign in to Haven to see it."
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError:
        # The assignment stands; the assignee also finds it under "My open cases".
        logger.warning("Could not send the assignment email for case %s", case.number)


def assignment_end(
    *,
    actor: User,
    assignment: Assignment,
    ends_on: datetime.date,
    request=None,
) -> Assignment:
    """End an assignment on `ends_on` (its last day): the same people who assign may end."""
    case = assignment.case
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")
    require_section(actor, Section.GENERAL, Level.EDIT)
    if assignment.ends_on is not None:
        raise HavenError(
            f"This assignment already ended on {assignment.ends_on:%Y-%m-%d}.", field="ends_on"
        )
    if ends_on < assignment.starts_on:
        raise HavenError(
            f"The last day cannot be before the assignment began "
            f"({assignment.starts_on:%Y-%m-%d}).",
            field="ends_on",
        )
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.ends_on is not None:  # ended meanwhile by someone else
            raise HavenError("This assignment has already ended.", field="ends_on")
        assignment.ends_on = ends_on
        assignment.save(update_fields=["ends_on"])
        audit_record(
            actor=actor,
            action=Action.CASE_UNASSIGNED,
            target=case,
            case_id=case.public_id,
            request=request,
            old={"ends_on": None},
            new={
                "section": assignment.section,
                "assignee": str(assignment.user or assignment.personnel),
                "ends_on": ends_on,
            },
        )
    return assignment


def _require_officer_of(actor: User, case: Case) -> None:
    """The security officer administers the access of their own CAC's cases. They need not
    see the record to do so (a case may be restricted to others), only hold it."""
    require_capability(actor, Capability.RESTRICT_CASES)
    if actor.agency_id != case.cac_id:
        raise HavenError("Case not found.", status=404, code="not_found")


def case_restrict(*, actor: User, case: Case, allowed: list[User], request=None) -> Case:
    """Restrict a case to named users (security officer). An empty list lifts it."""
    _require_officer_of(actor, case)
    if any(not u.is_active for u in allowed):
        raise HavenError("A disabled account cannot be given access.", field="users")
    with transaction.atomic():
        before = sorted(CaseGrant.objects.filter(case=case).values_list("user__email", flat=True))
        CaseGrant.objects.filter(case=case).delete()
        CaseGrant.objects.bulk_create(CaseGrant(case=case, user=u) for u in allowed)
        case.restricted = bool(allowed)
        case.save(update_fields=["restricted", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.CASE_RESTRICTED,
            target=case,
            case_id=case.public_id,
            request=request,
            old={"restricted_to": before} if before else None,
            new={"restricted_to": sorted(u.email for u in allowed)},
        )
    return case


def case_restriction_lift(*, actor: User, case: Case, request=None) -> Case:
    """Lift a restriction: the case is again visible to everyone its team and CAC allow."""
    if not case.restricted:
        raise HavenError("This case is not restricted.")
    return case_restrict(actor=actor, case=case, allowed=[], request=request)


def case_deny(*, actor: User, case: Case, user: User, request=None) -> CaseDenial:
    """Deny one user one case (security officer)."""
    _require_officer_of(actor, case)
    if user.pk == actor.pk:
        raise HavenError(
            "You cannot deny yourself: you would lose the case's access controls.", field="user"
        )
    with transaction.atomic():
        denial, _ = CaseDenial.objects.get_or_create(case=case, user=user)
        audit_record(
            actor=actor,
            action=Action.CASE_DENIED,
            target=case,
            case_id=case.public_id,
            request=request,
            new={"user": user.email},
        )
    return denial


def case_denial_lift(*, actor: User, case: Case, user: User, request=None) -> None:
    """Lift one user's denial (security officer). Recorded as a change to the case, with
    the denied user in the old values (the audit log has no action of its own for it)."""
    _require_officer_of(actor, case)
    with transaction.atomic():
        deleted, _ = CaseDenial.objects.filter(case=case, user=user).delete()
        if not deleted:
            raise HavenError("This user is not denied this case.", field="user")
        audit_record(
            actor=actor,
            action=Action.CASE_UPDATED,
            target=case,
            case_id=case.public_id,
            request=request,
            old={"denied": user.email},
            new={"denied": None},
        )


def intake_one_child(
    *,
    actor: User,
    cac: Agency,
    child: Person | None,
    child_fields: dict,
    allegation: dict,
    offender_fields: dict | None = None,
    offender_relationship: str = "",
    offender_age: int | None = None,
    offender: Person | None = None,
    co_victims: list[tuple[Person | None, dict, str]] = (),
    request=None,
    **referral,
) -> IntakeResult:
    """The intake page's referral, in one transaction: the child (chosen after the duplicate
    check, or confirmed as new), any co-victims (each an existing person or new fields, and
    the allegation chosen for them: "same" as the first child's, or a type of their own;
    each gets a case of their own), an optional alleged offender (an existing person or new
    fields), the referral."""
    from haven.people.services import person_create

    created: list[Person] = []

    def new_person(**fields) -> Person:
        person = person_create(actor=actor, confirmed_new=True, request=request, **fields)
        created.append(person)
        return person

    with transaction.atomic():
        if child is None:
            child = new_person(**child_fields)
        parties = [PartyIn(person=child, role=PartyRole.ALLEGED_VICTIM)]
        allegations = [AllegationIn(victim=child, **allegation)]
        for known, fields, kind in co_victims:
            co_child = known or new_person(**fields)
            parties.append(PartyIn(person=co_child, role=PartyRole.CO_VICTIM))
            if kind == "same":
                allegations.append(AllegationIn(victim=co_child, **allegation))
            else:  # their own: the first child's date, town and account are not theirs
                allegations.append(AllegationIn(victim=co_child, kind=kind))
        if offender is None and (
            offender_fields
            and (offender_fields.get("first_name") or offender_fields.get("last_name"))
        ):
            offender = new_person(
                first_name=offender_fields.get("first_name") or "Unknown",
                last_name=offender_fields.get("last_name") or "Unknown",
            )
        if offender is not None:
            parties.append(
                PartyIn(
                    person=offender,
                    role=PartyRole.ALLEGED_OFFENDER,
                    relationship=offender_relationship,
                    age_at_referral=offender_age,
                )
            )
        result = referral_intake(
            actor=actor,
            cac=cac,
            parties=parties,
            allegations=allegations,
            request=request,
            **referral,
        )
        # A new person may be someone on a case the actor could not be shown: the
        # security officer's review list, not the actor, hears of it.
        for person in created:
            duplicates_flag(actor=actor, cac=cac, person=person, request=request)
        return result


def case_mark_trafficking(*, actor: User, case: Case, value: bool, request=None) -> bool:
    """Set the case's trafficking flag (the case list's marker and the DCF services rule's
    "reasonably believed" signal). Apps above keep it in step with their details, e.g.
    investigations' trafficking record; the caller has checked the actor may edit those.
    Returns whether it changed; a change is audited as a case change."""
    current = Case.objects.filter(pk=case.pk).values_list("is_trafficking", flat=True).get()
    if current == value:
        return False
    Case.objects.filter(pk=case.pk).update(is_trafficking=value, updated_at=timezone.now())
    case.is_trafficking = value
    audit_record(
        actor=actor,
        action=Action.CASE_UPDATED,
        target=case,
        case_id=case.public_id,
        request=request,
        old={"is_trafficking": current},
        new={"is_trafficking": value},
    )
    return True


def case_close(
    *,
    actor: User,
    case: Case,
    reason: str,
    note: str = "",
    acknowledged: bool = False,
    request=None,
) -> StatusChange:
    """Close a case with a reason. Open work (registered by the apps above) is listed first;
    the user closes anyway only by acknowledging it, and the acknowledgement is kept."""
    require_section(actor, Section.GENERAL, Level.EDIT)
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")
    if reason not in ClosureReason.values:
        raise HavenError("Choose why the case is being closed.", field="reason")
    if reason == ClosureReason.OTHER and not note.strip():
        raise HavenError("Say why the case is being closed: the reason is 'other'.", field="note")
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status == CaseStatus.CLOSED:
            raise HavenError(
                f"Case {case.number} is already closed (since {case.closed_on:%Y-%m-%d}). "
                "Reopen it first if it needs more work.",
                status=409,
                code="already_closed",
            )
        unfinished = hooks.open_work(case)
        if unfinished and not acknowledged:
            raise HavenError(
                "This case still has open work: "
                + "; ".join(unfinished)
                + ". Tick the box to confirm you have seen it, or finish it first.",
                field="acknowledged",
                status=409,
                code="open_work",
            )
        change = _status_change(actor, case, CaseStatus.CLOSED, reason, note, unfinished)
        audit_record(
            actor=actor,
            action=Action.CASE_CLOSED,
            target=case,
            case_id=case.public_id,
            request=request,
            old={"status": CaseStatus.OPEN},
            new={"status": CaseStatus.CLOSED, "reason": reason, "open_work": unfinished},
        )
    return change


def case_reopen(*, actor: User, case: Case, note: str, request=None) -> StatusChange:
    """Reopen a closed case; the note says why."""
    require_section(actor, Section.GENERAL, Level.EDIT)
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")
    if not note.strip():
        raise HavenError("Say why the case is being reopened.", field="note")
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status != CaseStatus.CLOSED:
            raise HavenError(
                f"Case {case.number} is open already.", status=409, code="already_open"
            )
        change = _status_change(actor, case, CaseStatus.OPEN, "", note, [])
        audit_record(
            actor=actor,
            action=Action.CASE_REOPENED,
            target=case,
            case_id=case.public_id,
            request=request,
            old={"status": CaseStatus.CLOSED},
            new={"status": CaseStatus.OPEN},
        )
    return change


def _status_change(actor, case, to_status, reason, note, acknowledged) -> StatusChange:
    now = timezone.now()
    change = StatusChange.objects.create(
        case=case,
        from_status=case.status,
        to_status=to_status,
        reason=reason,
        note=note.strip(),
        acknowledged=acknowledged,
        changed_by=actor,
        changed_at=now,
    )
    case.status = to_status
    case.closed_on = timezone.localdate(now) if to_status == CaseStatus.CLOSED else None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    return change


# --- likely duplicates that the user could not be shown (security issue 18) -------------

# The fields the duplicate check compares; its audit row names these, never their values.
DUPLICATE_CHECK_FIELDS = ("first_name", "last_name", "date_of_birth")


def duplicate_check_audit(*, actor, shown: list, what: str, request=None) -> None:
    """ONE access row for a duplicate check that ran: who ran it, which fields it compared,
    how many people it showed and their ids. Not the name typed (a child's name that may
    be no record's), and nothing of the matches the user was not shown."""
    audit_record(
        actor=actor,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        object_type="people.person",
        object_label=what,
        request=request,
        new={
            "fields": list(DUPLICATE_CHECK_FIELDS),
            "shown": len(shown),
            "people": [str(m.person.public_id) for m in shown],
        },
    )


def _placeholder_name(person: Person) -> bool:
    """'Unknown' stands for a name nobody knows (an offender typed without one): it matches
    every other unknown, which is no sign of a duplicate."""
    from haven.people.names import fold

    return "unknown" in (fold(person.first_name), fold(person.last_name))


def duplicates_flag(*, actor: User, cac: Agency, person: Person, request=None) -> list:
    """After intake created `person` as new: every likely match that `actor` may not see
    goes on the review list of `cac`'s security officer (DuplicateReview), audited. The
    actor is told nothing. -> the rows written."""
    from haven.cases.selectors import split_matches
    from haven.people.selectors import likely_matches

    if _placeholder_name(person):
        return []
    matches = [
        m
        for m in likely_matches(
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
        )
        if m.person.pk != person.pk
    ]
    _shown, hidden = split_matches(actor, matches)
    written = []
    now = timezone.now()
    for match in hidden:
        review, created = DuplicateReview.objects.get_or_create(
            new_person=person,
            existing_person=match.person,
            defaults={
                "cac": cac,
                "reasons": list(match.reasons),
                "found_by": actor,
                "found_at": now,
            },
        )
        if created:
            audit_record(
                actor=actor,
                action=Action.DUPLICATE_FLAGGED,
                target=review,
                request=request,
                new={
                    "new_person": str(person.public_id),
                    "existing_person": str(match.person.public_id),
                    "reasons": list(match.reasons),
                },
            )
            written.append(review)
    return written


DUPLICATE_DECISIONS = {
    "merge": (DuplicateStatus.MERGED, Action.DUPLICATE_MERGED),
    "link": (DuplicateStatus.LINKED, Action.DUPLICATE_LINKED),
    "dismiss": (DuplicateStatus.DISMISSED, Action.DUPLICATE_DISMISSED),
}


def duplicate_decide(
    *, actor: User, review: DuplicateReview, decision: str, request=None
) -> DuplicateReview:
    """The security officer's decision on a likely duplicate of her centre's intake:
    'merge' (the new record into the existing one, through person_merge), 'link' (the
    same person, records kept apart, e.g. until the other centre agrees) or 'dismiss'
    (not the same person). Each is audited; a decided pair is not decided again."""
    from haven.people.services import person_merge

    require_capability(actor, Capability.REVIEW_DUPLICATES)
    if decision not in DUPLICATE_DECISIONS:
        raise HavenError(
            "Choose merge, mark as the same person, or not the same person.", field="decision"
        )
    status, action = DUPLICATE_DECISIONS[decision]
    with transaction.atomic():
        review = DuplicateReview.objects.select_for_update().get(pk=review.pk)
        if review.status != DuplicateStatus.OPEN or actor.agency_id != review.cac_id:
            raise HavenError("This possible duplicate is already decided.", status=404)
        if decision == "merge":
            person_merge(
                actor=actor,
                keep=review.existing_person,
                duplicate=review.new_person,
                request=request,
            )
        review.status = status
        review.decided_by = actor
        review.decided_at = timezone.now()
        review.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=action,
            target=review,
            request=request,
            new={
                "new_person": str(review.new_person.public_id),
                "existing_person": str(review.existing_person.public_id),
                "decision": decision,
            },
        )
    return review
