"""Every write of the screening app: keyword-only, an `actor`, the access check, validation
with a message naming what to fix (and the statute where one is why), one transaction, the
audit row. Free text (what was seen, facts) is audited as "(given)", never copied into the
audit log: the record holds it. Nothing about a public reporter is kept beyond what they
typed; the audit row of a public report has no address or browser."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.access.models import Level, Section
from haven.access.rules import section_level
from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.cases.access import can_view_case
from haven.cases.models import AllegationType, Case, PartyRole, ReferralReason
from haven.cases.services import AllegationIn, PartyIn, referral_intake
from haven.core.errors import HavenError
from haven.directory.models import POLICE_KINDS, Agency, AgencyKind, District
from haven.people.models import Person
from haven.people.services import person_create
from haven.screening import rules
from haven.screening.models import (
    ApparentAge,
    Encounter,
    EncounterRoute,
    Instrument,
    InstrumentItem,
    ItemWording,
    Report,
    ReportSource,
    ReportStatus,
    Route,
    Screening,
)

# Who works the triage queue: DCF (Careline intake), law enforcement, and the CAC
# coordinator (who opens the case through the case services).
TRIAGERS = (Discipline.DCF, Discipline.LAW_ENFORCEMENT, Discipline.COORDINATOR)


def _forbidden(what: str) -> HavenError:
    return HavenError(f"Your role may not {what}.", status=403, code="forbidden")


def may_view_screening(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        section_level(user, Section.SCREENING) >= Level.VIEW
    )


def may_edit_screening(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        section_level(user, Section.SCREENING) >= Level.EDIT
    )


def may_triage(user) -> bool:
    return may_view_screening(user) and user.discipline in TRIAGERS


def may_record_encounter(user) -> bool:
    return may_edit_screening(user) and user.discipline == Discipline.LAW_ENFORCEMENT


# --- public reports --------------------------------------------------------------------


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    return "TR-" + "".join(secrets.choice(alphabet) for _ in range(8))


def police_for_town(town: str) -> Agency | None:
    """The municipal police of the town, else none (state police is chosen at triage)."""
    if not town.strip():
        return None
    return (
        Agency.objects.filter(
            kind=AgencyKind.MUNICIPAL_POLICE, town__iexact=town.strip(), is_active=True
        )
        .order_by("pk")
        .first()
    )


def district_for(town: str, lodging: Agency | None = None) -> District | None:
    """The judicial district a report belongs to: that of the town's municipal police, else
    of the lodging business reported, else of any active agency in the town with a district
    (a town that state police patrol has no municipal police). None if Haven cannot tell."""
    police = police_for_town(town)
    if police is not None and police.district_id:
        return police.district
    if lodging is not None and lodging.district_id:
        return lodging.district
    if not town.strip():
        return None
    placed = (
        Agency.objects.filter(town__iexact=town.strip(), is_active=True, district__isnull=False)
        .select_related("district")
        .order_by("pk")
        .first()
    )
    return placed.district if placed else None


def report_submit(
    *,
    what_seen: str,
    apparent_age: str,
    place: str = "",
    town: str = "",
    lodging: Agency | None = None,
    seen_on: datetime.date | None = None,
    description: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    language: str = "en",
    source: str = ReportSource.PUBLIC,
    actor=None,
) -> Report:
    """Take a report of suspected trafficking (anyone, no account) and route it."""
    what_seen = (what_seen or "").strip()
    if len(what_seen) < 10:
        raise HavenError(
            _("Tell us what you saw (a sentence or two is enough)."), field="what_seen"
        )
    if len(what_seen) > rules.MAX_WHAT_SEEN:
        raise HavenError(
            _("What you saw is too long: keep it under %(n)s characters.")
            % {"n": rules.MAX_WHAT_SEEN},
            field="what_seen",
        )
    if len(description or "") > rules.MAX_DESCRIPTION:
        raise HavenError(
            _("The description is too long: keep it under %(n)s characters.")
            % {"n": rules.MAX_DESCRIPTION},
            field="description",
        )
    problem = rules.seen_on_refusal(seen_on, timezone.localdate())
    if problem:
        raise HavenError(problem, field="seen_on")
    if lodging is not None and lodging.kind != AgencyKind.LODGING:
        raise HavenError(_("Choose the lodging business from the list."), field="lodging")
    routing = rules.triage_route(apparent_age)
    if lodging is not None and not town.strip():
        town = lodging.town
    report = Report(
        received_at=timezone.now(),
        source=source,
        language=language if language in ("en", "es") else "en",
        what_seen=what_seen,
        place=place.strip()[:300],
        town=town.strip()[:80],
        lodging=lodging,
        seen_on=seen_on,
        apparent_age=apparent_age,
        description=(description or "").strip(),
        reporter_name=reporter_name.strip()[:120],
        reporter_phone=reporter_phone.strip()[:40],
        reporter_email=reporter_email.strip()[:254],
        route=routing.route,
        possible_minor=routing.possible_minor,
        routed_agency=police_for_town(town) if routing.route == Route.LAW_ENFORCEMENT else None,
        district=district_for(town, lodging),
    )
    for _attempt in range(5):
        report.reference = _new_reference()
        try:
            with transaction.atomic():
                report.save()
                audit_record(
                    actor=actor,
                    action=Action.PUBLIC_REPORT_RECEIVED,
                    target=report,
                    new={
                        "reference": report.reference,
                        "source": source,
                        "route": report.route,
                        "possible_minor": report.possible_minor,
                        "what_seen": "(given)",
                        "reporter_contact": "(given)"
                        if (reporter_name or reporter_phone or reporter_email)
                        else "(anonymous)",
                    },
                )  # no request: the reporter's address and browser are not kept
            return report
        except IntegrityError:  # a reference already taken: draw again
            report.pk = None
    raise HavenError(_("The report could not be saved; please try again."), status=503)


def _open_for_triage(report: Report) -> None:
    if report.status != ReportStatus.NEW:
        raise HavenError(
            f"Report {report.reference} has already been {report.get_status_display().lower()}.",
            status=409,
            code="conflict",
        )


def report_triage(
    *,
    actor: User,
    report: Report,
    route: str,
    note: str = "",
    case: Case | None = None,
    create_case: bool = False,
    child_first_name: str = "",
    child_last_name: str = "",
    child_estimated_age: int | None = None,
    routed_agency: Agency | None = None,
    request=None,
) -> Report:
    """Record the triage decision: the route, and a case linked (one the actor may see) or
    created through the case services' intake (CAC staff)."""
    if not may_triage(actor):
        raise _forbidden("triage reports")
    _open_for_triage(report)
    if route not in Route.values:
        raise HavenError("Choose where the report goes.", field="route")
    if case is not None and create_case:
        raise HavenError("Link a case or create one, not both.", field="case")
    if case is not None and not can_view_case(actor, case):
        raise HavenError("No case with that number is visible to you.", field="case")
    if routed_agency is not None and route == Route.LAW_ENFORCEMENT:
        if routed_agency.kind not in POLICE_KINDS:
            raise HavenError("Choose a police agency.", field="routed_agency")
    with transaction.atomic():
        if create_case:
            case = _create_case(
                actor=actor,
                report=report,
                first_name=child_first_name,
                last_name=child_last_name,
                estimated_age=child_estimated_age,
                request=request,
            )
        old = {
            "status": report.status,
            "route": report.route,
            "district": report.district.slug if report.district else "",
        }
        report.route = route
        if route == Route.DCF:
            report.possible_minor = True
            report.routed_agency = None
        elif routed_agency is not None:
            report.routed_agency = routed_agency
            # The agency reads it (reports_visible_to); a report Haven could not place
            # now belongs to the agency's district. A placed one stays where it was seen,
            # so the triager keeps reading her decision.
            if report.district_id is None and routed_agency.district_id:
                report.district_id = routed_agency.district_id
        report.status = ReportStatus.TRIAGED
        report.triaged_at = timezone.now()
        report.triaged_by = actor
        report.decision_note = note.strip()
        report.case = case
        report.save()
        audit_record(
            actor=actor,
            action=Action.REPORT_TRIAGED,
            target=report,
            case_id=case.public_id if case else None,
            request=request,
            old=old,
            new={
                "status": report.status,
                "route": route,
                "district": report.district.slug if report.district else "",
                "case": case.number if case else "",
                "created_case": create_case,
                "note": "(given)" if note.strip() else "",
            },
        )
    return report


def _create_case(*, actor, report, first_name, last_name, estimated_age, request) -> Case:
    if actor.agency is None or actor.agency.kind != AgencyKind.CAC:
        raise HavenError(
            "A case is opened by the staff of a children's advocacy center: link an existing "
            "case, or leave the case to the CAC coordinator.",
            field="create_case",
            status=403,
            code="forbidden",
        )
    if estimated_age is not None and not 0 <= estimated_age <= 120:
        raise HavenError("Give an estimated age between 0 and 120.", field="child_estimated_age")
    person = person_create(
        actor=actor,
        confirmed_new=True,
        first_name=(first_name or "").strip() or "Unknown",
        last_name=(last_name or "").strip() or "Unknown",
        estimated_age=estimated_age,
        town=report.town,
        request=request,
    )
    result = referral_intake(
        actor=actor,
        cac=actor.agency,
        reason=ReferralReason.TRAFFICKING_CONCERN,
        received_at=report.received_at,
        parties=[PartyIn(person=person, role=PartyRole.ALLEGED_VICTIM)],
        allegations=[
            AllegationIn(
                victim=person,
                kind=AllegationType.SEX_TRAFFICKING,
                occurred_on=report.seen_on,
                town=report.town,
                description=f"From trafficking report {report.reference}.",
            )
        ],
        source_person=f"Trafficking report {report.reference}",
        request=request,
    )
    return result.cases[0]


def report_mark_duplicate(
    *, actor: User, report: Report, duplicate_of: Report, note: str = "", request=None
) -> Report:
    if not may_triage(actor):
        raise _forbidden("triage reports")
    _open_for_triage(report)
    if duplicate_of.pk == report.pk:
        raise HavenError("A report cannot duplicate itself.", field="duplicate_of")
    original = duplicate_of
    while original.duplicate_of_id is not None:  # point at the first report of the chain
        original = original.duplicate_of
    with transaction.atomic():
        report.status = ReportStatus.DUPLICATE
        report.duplicate_of = original
        report.triaged_at = timezone.now()
        report.triaged_by = actor
        report.decision_note = note.strip()
        report.save()
        audit_record(
            actor=actor,
            action=Action.REPORT_MARKED_DUPLICATE,
            target=report,
            request=request,
            new={"duplicate_of": original.reference},
        )
    return report


def reports_escalate(*, now: datetime.datetime | None = None, actor=None) -> list[Report]:
    """Mark every untriaged report that has waited the configured limit as escalated, once,
    with an audit row each. Run by `manage.py screening_escalate` (schedule it hourly)."""
    now = now or timezone.now()
    limit = rules.escalate_after()
    due = list(
        Report.objects.filter(
            status=ReportStatus.NEW, escalated_at__isnull=True, received_at__lte=now - limit
        ).order_by("received_at")
    )
    escalated = []
    for report in due:
        if not rules.is_overdue(report.received_at, now, limit):
            continue
        with transaction.atomic():
            report.escalated_at = now
            report.save(update_fields=["escalated_at"])
            audit_record(
                actor=actor,
                action=Action.REPORT_ESCALATED,
                target=report,
                new={"waited_hours": int((now - report.received_at).total_seconds() // 3600)},
            )
        escalated.append(report)
    return escalated


# --- instruments and screenings --------------------------------------------------------


def item_wording_set(
    *, actor: User, item: InstrumentItem, language: str, text: str, request=None
) -> ItemWording:
    """The deploying agency enters an item's wording (the six-item screen ships only
    placeholders). For the CAC coordinator."""
    if actor.discipline != Discipline.COORDINATOR or not may_view_screening(actor):
        raise _forbidden("change a screening instrument")
    text = (text or "").strip()
    if not text:
        raise HavenError("Enter the item's wording.", field="text")
    if len(text) > 1000:
        raise HavenError("Keep the wording under 1000 characters.", field="text")
    if language not in ("en", "es"):
        raise HavenError("Choose English or Spanish.", field="language")
    with transaction.atomic():
        wording, _created = ItemWording.objects.get_or_create(
            item=item, language=language, defaults={"text": text}
        )
        old = {"text": wording.text, "placeholder": wording.is_placeholder}
        wording.text = text
        wording.is_placeholder = False
        wording.save()
        audit_record(
            actor=actor,
            action=Action.INSTRUMENT_CHANGED,
            target=item.instrument,
            request=request,
            old=old,
            new={"item": item.number, "language": language, "text": text},
        )
    return wording


def _items(instrument: Instrument) -> list[rules.ItemSpec]:
    return [
        rules.ItemSpec(i.number, i.answer_type, i.counts)
        for i in instrument.items.order_by("number")
    ]


def screening_record(
    *,
    actor: User,
    instrument: Instrument,
    person: Person,
    answers: dict[str, str],
    administered_on: datetime.date,
    language: str = "en",
    encounter: Encounter | None = None,
    request=None,
) -> Screening:
    """Record a screening on a person: who administered it, the answers, the result."""
    if not may_edit_screening(actor):
        raise _forbidden("record a screening")
    if not instrument.is_active:
        raise HavenError("This instrument is no longer in use.", field="instrument")
    if administered_on is None:
        raise HavenError("Give the date of the screening.", field="administered_on")
    if administered_on > timezone.localdate():
        raise HavenError("The screening date is in the future.", field="administered_on")
    if instrument.items.filter(wordings__is_placeholder=True).exists():
        raise HavenError(
            f"{instrument.name} has items without your agency's wording yet: the coordinator "
            "enters them on the instruments page first.",
            field="instrument",
        )
    answers = {str(k): str(v).strip() for k, v in (answers or {}).items()}
    items = _items(instrument)
    rules.check_answers(items, answers)
    result = rules.score(
        items, answers, cut_off=instrument.cut_off, advisory_only=instrument.advisory_only
    )
    with transaction.atomic():
        made = Screening.objects.create(
            instrument=instrument,
            person=person,
            administered_by=actor,
            administered_on=administered_on,
            language=language,
            answers=answers,
            score=result.score,
            positive=result.positive,
            advisory_only=result.advisory_only,
            encounter=encounter,
        )
        audit_record(
            actor=actor,
            action=Action.SCREENING_RECORDED,
            target=made,
            request=request,
            new={
                "instrument": instrument.code,
                "person": str(person.public_id),
                "score": result.score,
                "positive": result.positive,
            },
        )
    return made


# --- the law-enforcement encounter -----------------------------------------------------


def encounter_record(
    *,
    actor: User,
    occurred_on: datetime.date,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: datetime.date | None = None,
    stated_age: int | None = None,
    age_unknown: bool = False,
    town: str = "",
    facts: str = "",
    indicators: list[str] | None = None,
    services_provider: Agency | None = None,
    request=None,
) -> Encounter:
    """Record an encounter. Age decides the route (Gen. Stat. § 53a-82): a child victim
    (DCF notified, a report in the triage queue for the CAC, which opens the case), or an
    adult offered a screen; with indicators, a victim-services referral and the
    affirmative-defense summary (Gen. Stat. § 53a-192a)."""
    if not may_record_encounter(actor):
        raise _forbidden("record a law-enforcement encounter")
    if occurred_on is None:
        raise HavenError("Give the date of the encounter.", field="occurred_on")
    today = timezone.localdate()
    if occurred_on > today:
        raise HavenError("The encounter date is in the future.", field="occurred_on")
    age = rules.encounter_age(
        date_of_birth=date_of_birth, stated_age=stated_age, age_unknown=age_unknown, on=occurred_on
    )
    outcome = rules.encounter_route(age)
    indicators = list(dict.fromkeys(indicators or []))
    if rules.unknown_indicators(indicators):
        raise HavenError("Choose the indicators from the list.", field="indicators")
    if len(facts or "") > 4000:
        raise HavenError("Keep the facts under 4000 characters.", field="facts")
    refer = rules.defense_applies(
        route=outcome.route, indicators=indicators, screening_positive=None
    )
    if services_provider is not None and not refer:
        services_provider = None
    with transaction.atomic():
        person = person_create(
            actor=actor,
            confirmed_new=True,
            first_name=(first_name or "").strip() or "Unknown",
            last_name=(last_name or "").strip() or "Unknown",
            date_of_birth=date_of_birth,
            estimated_age=stated_age if date_of_birth is None else None,
            town=town.strip(),
            request=request,
        )
        report = None
        if outcome.route == EncounterRoute.CHILD_VICTIM:
            report = report_submit(
                actor=actor,
                what_seen=(
                    f"Law-enforcement encounter on {occurred_on:%Y-%m-%d} by {actor.full_name}"
                    f" ({actor.agency or 'no agency'}): a possible child victim. "
                    + (facts or "").strip()
                )[: rules.MAX_WHAT_SEEN],
                apparent_age=(
                    ApparentAge.POSSIBLY_UNDER_18 if age is None else ApparentAge.UNDER_18
                ),
                town=town,
                seen_on=occurred_on,
                source=ReportSource.ENCOUNTER,
            )
        encounter = Encounter.objects.create(
            officer=actor,
            agency=actor.agency,
            occurred_on=occurred_on,
            town=town.strip(),
            person=person,
            date_of_birth=date_of_birth,
            stated_age=stated_age,
            age_unknown=age_unknown and date_of_birth is None and stated_age is None,
            route=outcome.route,
            facts=(facts or "").strip(),
            indicators=indicators if outcome.route == EncounterRoute.ADULT else [],
            dcf_notified_at=timezone.now() if outcome.notify_dcf else None,
            report=report,
            services_provider=services_provider,
            services_referred_on=occurred_on if refer else None,
        )
        audit_record(
            actor=actor,
            action=Action.ENCOUNTER_RECORDED,
            target=encounter,
            request=request,
            new={
                "route": outcome.route,
                "age": age,
                "indicators": encounter.indicators,
                "report": report.reference if report else "",
                "services_referral": bool(refer),
            },
        )
    return encounter


def encounter_add_screening(
    *, actor: User, encounter: Encounter, instrument: Instrument, answers: dict, request=None
) -> Screening:
    """The trafficking screen offered to an adult, recorded on the encounter's person. A
    positive screen makes the victim-services referral and the defense summary due."""
    if encounter.officer_id != actor.pk:
        raise _forbidden("add a screening to another officer's encounter")
    if encounter.route != EncounterRoute.ADULT:
        raise HavenError(
            "A child victim is not screened here: the child goes to DCF and the CAC.",
            citation=rules.CITATION_PROSTITUTION,
        )
    with transaction.atomic():
        made = screening_record(
            actor=actor,
            instrument=instrument,
            person=encounter.person,
            answers=answers,
            administered_on=encounter.occurred_on,
            encounter=encounter,
            request=request,
        )
        if rules.screen_indicates(made.score, made.positive) and not encounter.services_referred_on:
            encounter.services_referred_on = timezone.localdate()
            encounter.save(update_fields=["services_referred_on"])
    return made


def defense_summary_printed(*, actor: User, encounter: Encounter, output: str, request=None):
    """Printing the affirmative-defense summary is an audit event: a read (access)."""
    audit_record(
        actor=actor,
        action=Action.DEFENSE_SUMMARY_PRINTED,
        kind=Kind.ACCESS,
        target=encounter,
        request=request,
        new={"format": output},
    )
