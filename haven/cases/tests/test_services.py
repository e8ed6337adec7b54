"""Writes to cases: intake (a case per alleged victim), the case team, restriction and denial."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.cases.access import can_view_case, cases_visible_to
from haven.cases.models import (
    Allegation,
    AllegationType,
    Assignment,
    AssignmentSection,
    Case,
    CaseAgency,
    CaseDenial,
    CaseGrant,
    Party,
    PartyRole,
    Referral,
)
from haven.cases.rules import cac_code
from haven.cases.selectors import case_search
from haven.cases.services import (
    AllegationIn,
    PartyIn,
    assignment_end,
    case_assign,
    case_denial_lift,
    case_deny,
    case_mark_trafficking,
    case_restrict,
    case_restriction_lift,
)
from haven.core.errors import HavenError
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create, personnel_create

STATUTE_MDT = "Gen. Stat. § 17a-106f"
NEW_YORK = ZoneInfo("America/New_York")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@contextmanager
def nothing_saved():
    """No referral, party, allegation, case, case agency or audit row appears in the block."""
    models = (Referral, Party, Allegation, Case, CaseAgency, Assignment, AuditEvent)
    before = [m.objects.count() for m in models]
    yield
    assert [m.objects.count() for m in models] == before


def audit_rows(action, target):
    return list(AuditEvent.objects.filter(action=action, object_id=str(target.public_id)))


def code_and_year(a_case) -> tuple[str, int]:
    code, year, _ = a_case.number.split("-")
    return code, int(year)


# --- referral_intake: what it makes -----------------------------------------


def test_intake_opens_one_case_per_alleged_victim_and_co_victim(intake, child, make_person):
    sister = make_person("Lucía", "Núñez", date_of_birth=datetime.date(2013, 1, 9))
    mother = make_person("Rosa", "Núñez")
    result = intake(
        parties=[
            PartyIn(child, PartyRole.ALLEGED_VICTIM),
            PartyIn(sister, PartyRole.CO_VICTIM),
            PartyIn(mother, PartyRole.CAREGIVER),
        ],
        allegations=[
            AllegationIn(child, AllegationType.SEXUAL_ABUSE),
            AllegationIn(sister, AllegationType.PHYSICAL_ABUSE),
        ],
    )
    assert [c.child for c in result.cases] == [child, sister]
    assert {c.referral for c in result.cases} == {result.referral}
    referral = result.referral
    assert referral.parties.count() == 3
    assert referral.allegations.count() == 2


def test_intake_opens_one_case_for_a_child_listed_as_victim_and_co_victim(intake, child):
    result = intake(
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM), PartyIn(child, PartyRole.CO_VICTIM)]
    )
    assert [c.child for c in result.cases] == [child]


def test_intake_numbers_cases_code_year_sequence(intake, cast, child, make_person):
    sister = make_person("Lucía", "Núñez")
    first = intake().cases[0]
    more = intake(
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM), PartyIn(sister, PartyRole.CO_VICTIM)]
    ).cases
    year = timezone.localdate().year
    code = cac_code(cast.cac.name)
    assert [first.number, *(c.number for c in more)] == [
        f"{code}-{year}-00001",
        f"{code}-{year}-00002",
        f"{code}-{year}-00003",
    ]
    assert [c.sequence for c in (first, *more)] == [1, 2, 3]


def test_intake_numbers_restart_each_year_of_receipt(intake):
    last_year = timezone.localdate().year - 1
    received = datetime.datetime(last_year, 12, 31, 23, 30, tzinfo=NEW_YORK)
    old = intake(received_at=received, known_at=received - HOUR).cases[0]
    new = intake().cases[0]
    assert code_and_year(old) == (code_and_year(new)[0], last_year)
    assert old.number.endswith("-00001")
    assert new.number.endswith("-00001")
    assert old.received_on == datetime.date(last_year, 12, 31)


def test_intake_numbers_are_counted_per_cac(intake, other_cac, other_coordinator):
    intake()
    intake()
    theirs = intake(actor=other_coordinator, cac=other_cac).cases[0]
    assert theirs.number == f"HC-{timezone.localdate().year}-00001"


def test_intake_gives_two_cacs_with_the_same_initials_distinct_case_numbers(
    cast, intake, other_coordinator
):
    twin = agency_create(
        actor=cast.security_officer,
        name="New Hartford CAC",
        kind=AgencyKind.CAC,
        district=District.objects.get(slug="hartford"),
    )
    other_coordinator.agency = twin
    other_coordinator.save(update_fields=["agency"])
    ours = intake().cases[0]
    theirs = intake(actor=other_coordinator, cac=twin).cases[0]
    assert ours.number != theirs.number


def test_intake_records_the_referral_and_dates_the_case_in_connecticut_time(intake, cast):
    received = datetime.datetime(2026, 1, 1, 3, 30, tzinfo=datetime.UTC)  # Dec 31, 10:30 pm
    result = intake(received_at=received, known_at=received - HOUR, source_person="Teacher")
    referral = Referral.objects.get(pk=result.referral.pk)
    assert referral.created_by == cast.intake
    assert referral.received_at == received
    assert referral.source_person == "Teacher"
    assert result.cases[0].received_on == datetime.date(2025, 12, 31)
    assert result.cases[0].number.endswith("-2025-00001")


def test_intake_links_the_referring_agency_to_each_case(intake, cast):
    (a_case,) = intake(source_agency=cast.police).cases
    assert list(a_case.case_agencies.values_list("agency", flat=True)) == [cast.police.pk]


def test_intake_opens_cases_on_the_chosen_team(intake, team):
    (a_case,) = intake(team=team).cases
    assert a_case.team == team
    assert a_case.status == "open"
    assert not a_case.restricted


@pytest.mark.parametrize("kind", [AllegationType.SEX_TRAFFICKING, AllegationType.LABOR_TRAFFICKING])
def test_intake_marks_a_case_with_a_trafficking_allegation_as_trafficking(intake, child, kind):
    result = intake(
        allegations=[AllegationIn(child, AllegationType.NEGLECT), AllegationIn(child, kind)]
    )
    assert result.cases[0].is_trafficking


def test_intake_without_a_trafficking_allegation_is_not_trafficking(intake):
    assert not intake().cases[0].is_trafficking


def test_intake_audits_the_referral_and_each_case_opened(intake, cast, child, make_person):
    sister = make_person("Lucía", "Núñez")
    result = intake(
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM), PartyIn(sister, PartyRole.CO_VICTIM)]
    )
    (referral_row,) = audit_rows(Action.REFERRAL_CREATED, result.referral)
    assert referral_row.action == "referral.created"
    assert referral_row.actor == cast.intake
    assert referral_row.new_values["cases"] == [c.number for c in result.cases]
    assert referral_row.new_values["delay_hours"] == pytest.approx(5)
    for a_case in result.cases:
        (opened,) = audit_rows(Action.CASE_OPENED, a_case)
        assert opened.action == "case.opened"
        assert opened.case_id == a_case.public_id
        assert opened.new_values["number"] == a_case.number


def test_intake_audit_row_never_names_the_child(intake, child):
    result = intake()
    rows = AuditEvent.objects.filter(action__in=[Action.CASE_OPENED, Action.REFERRAL_CREATED])
    assert rows.count() == 2
    for row in rows:
        text = f"{row.object_label} {row.old_values} {row.new_values}"
        assert "Núñez" not in text and "José" not in text
    assert result.cases


# --- referral_intake: who may -----------------------------------------------


@pytest.mark.parametrize("who", ["intake", "coordinator"])
def test_intake_is_taken_by_cac_staff_with_general_edit(intake, cast, who):
    result = intake(actor=getattr(cast, who))
    assert result.referral.created_by == getattr(cast, who)


@pytest.mark.parametrize(
    "who", ["security_officer", "doctor", "advocate", "detective", "dcf_worker", "disabled"]
)
def test_intake_is_refused_to_staff_without_general_edit(intake, cast, who):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(actor=getattr(cast, who))
    assert refused.value.status == 403


def test_intake_is_refused_to_the_staff_of_another_cac(intake, other_coordinator):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(actor=other_coordinator)
    assert refused.value.status == 403


# --- referral_intake: refusals, each with its field, nothing saved ----------


def test_intake_refuses_a_referral_received_before_the_incident_became_known(intake):
    received = timezone.now() - 3 * HOUR
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(received_at=received, known_at=received + HOUR)
    assert refused.value.field == "received_at"


def test_intake_refuses_a_referral_received_in_the_future(intake):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(received_at=timezone.now() + HOUR, known_at=None)
    assert refused.value.field == "received_at"


def test_intake_allows_a_few_minutes_of_clock_skew_on_received_at(intake):
    assert intake(received_at=timezone.now() + datetime.timedelta(minutes=2), known_at=None)


def test_intake_refuses_an_allegation_about_someone_who_is_not_a_victim(intake, child, offender):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(allegations=[AllegationIn(offender, AllegationType.PHYSICAL_ABUSE)])
    assert refused.value.field == "allegations"


def test_intake_refuses_a_person_in_the_same_role_twice(intake, child, offender):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(
            parties=[
                PartyIn(child, PartyRole.ALLEGED_VICTIM),
                PartyIn(offender, PartyRole.ALLEGED_OFFENDER),
                PartyIn(offender, PartyRole.ALLEGED_OFFENDER),
            ]
        )
    assert refused.value.field == "parties"


def test_intake_refuses_a_referral_without_an_alleged_victim(intake, offender):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(parties=[PartyIn(offender, PartyRole.ALLEGED_OFFENDER)], allegations=[])
    assert refused.value.field == "parties"


def test_intake_refuses_a_referral_without_an_allegation(intake):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(allegations=[])
    assert refused.value.field == "allegations"


def test_intake_refuses_an_allegation_dated_after_receipt(intake, child):
    tomorrow = timezone.localdate() + DAY
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(
            allegations=[AllegationIn(child, AllegationType.NEGLECT, occurred_on=tomorrow)],
        )
    assert refused.value.field == "allegations"


def test_intake_refuses_an_allegation_dated_after_the_connecticut_day_of_receipt(intake, child):
    received = datetime.datetime(2026, 3, 11, 1, 0, tzinfo=datetime.UTC)  # Mar 10, 9 pm EDT
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(
            received_at=received,
            known_at=received - HOUR,
            allegations=[
                AllegationIn(child, AllegationType.NEGLECT, occurred_on=datetime.date(2026, 3, 11))
            ],
        )
    assert refused.value.field == "allegations"


def test_intake_refuses_a_team_hosted_by_another_cac(intake, other_team):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(team=other_team)
    assert refused.value.field == "team"


def test_intake_refuses_an_agency_that_is_not_a_cac(intake, cast):
    with nothing_saved(), pytest.raises(HavenError):
        intake(cac=cast.police, actor=cast.intake)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"reason": "gossip"}, "reason"),
        ({"allegations": [AllegationIn(None, "made_up")]}, "allegations"),
    ],
)
def test_intake_refuses_values_outside_the_lists(intake, override, field):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        intake(**override)
    assert refused.value.field == field


def test_intake_refuses_an_unknown_party_role_or_relationship(intake, child, offender):
    for bad in (
        PartyIn(offender, "accomplice"),
        PartyIn(offender, PartyRole.ALLEGED_OFFENDER, relationship="nemesis"),
    ):
        with nothing_saved(), pytest.raises(HavenError) as refused:
            intake(parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM), bad])
        assert refused.value.field == "parties"


# --- case_assign ------------------------------------------------------------


def test_case_assign_gives_the_law_enforcement_section_to_a_police_user(case, cast, assign):
    assignment = assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    assert assignment.agency == cast.police
    assert assignment.ends_on is None


@pytest.mark.parametrize("who", ["dcf_worker", "advocate", "prosecutor"])
def test_case_assign_refuses_law_enforcement_to_a_non_police_user_gen_stat_17a_106f(
    case, cast, assign, who
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assign(case, getattr(cast, who), AssignmentSection.LAW_ENFORCEMENT)
    assert refused.value.citation == STATUTE_MDT
    assert refused.value.field == "user"


def test_case_assign_refuses_law_enforcement_to_non_police_personnel_gen_stat_17a_106f(case, cast):
    clinician = personnel_create(actor=cast.security_officer, agency=cast.cac, full_name="Al Roe")
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_assign(
            actor=cast.coordinator,
            case=case,
            section=AssignmentSection.LAW_ENFORCEMENT,
            personnel=clinician,
            starts_on=timezone.localdate(),
        )
    assert refused.value.citation == STATUTE_MDT


def test_case_assign_gives_law_enforcement_to_police_personnel_without_an_account(case, cast):
    officer = personnel_create(
        actor=cast.security_officer, agency=cast.police_elsewhere, full_name="Ed Park"
    )
    assignment = case_assign(
        actor=cast.coordinator,
        case=case,
        section=AssignmentSection.LAW_ENFORCEMENT,
        personnel=officer,
        starts_on=timezone.localdate(),
    )
    assert assignment.agency == cast.police_elsewhere
    assert case.case_agencies.filter(agency=cast.police_elsewhere).exists()


def test_case_assign_gives_child_protection_to_a_dcf_user(case, cast, assign, dcf_office):
    assignment = assign(case, cast.dcf_worker, AssignmentSection.CHILD_PROTECTION)
    assert assignment.agency == dcf_office


@pytest.mark.parametrize("who", ["detective", "advocate", "coordinator"])
def test_case_assign_refuses_child_protection_to_a_non_dcf_user_gen_stat_17a_106f(
    case, cast, assign, who
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assign(case, getattr(cast, who), AssignmentSection.CHILD_PROTECTION)
    assert refused.value.citation == STATUTE_MDT
    assert refused.value.field == "user"


def test_case_assign_refuses_child_protection_to_non_dcf_personnel_gen_stat_17a_106f(case, cast):
    officer = personnel_create(actor=cast.security_officer, agency=cast.police, full_name="Ed Park")
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_assign(
            actor=cast.coordinator,
            case=case,
            section=AssignmentSection.CHILD_PROTECTION,
            personnel=officer,
            starts_on=timezone.localdate(),
        )
    assert refused.value.citation == STATUTE_MDT


def test_case_assign_adds_the_assignees_agency_to_the_case(case, cast, assign, dcf_office):
    assert not case.case_agencies.filter(agency=dcf_office).exists()
    assign(case, cast.dcf_worker, AssignmentSection.CHILD_PROTECTION)
    assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    assert set(case.case_agencies.values_list("agency", flat=True)) == {
        cast.police.pk,
        dcf_office.pk,
    }


def test_case_assign_emails_the_case_number_but_not_the_childs_name(
    case, cast, assign, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign(case, cast.dcf_worker, AssignmentSection.CHILD_PROTECTION)
    (message,) = mail.outbox
    assert message.to == [cast.dcf_worker.email]
    assert case.number in message.subject
    assert case.number in message.body
    for name in ("José", "Jose", "Núñez", "Nunez"):
        assert name not in message.subject
        assert name not in message.body


def test_case_assign_sends_no_email_before_the_transaction_commits(case, cast, assign):
    mail.outbox.clear()
    assign(case, cast.dcf_worker, AssignmentSection.CHILD_PROTECTION)
    assert mail.outbox == []


def test_case_assign_is_audited(case, cast, assign):
    assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    (row,) = audit_rows(Action.CASE_ASSIGNED, case)
    assert row.actor == cast.coordinator
    assert row.case_id == case.public_id
    assert row.new_values["section"] == "law_enforcement"
    assert row.new_values["agency"] == cast.police.name


def test_case_assign_is_refused_to_a_user_who_cannot_edit_the_general_section(case, cast, assign):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT, actor=cast.advocate)
    assert refused.value.status == 403


def test_case_assign_on_a_case_the_actor_cannot_see_is_not_found(
    case, cast, assign, other_coordinator
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT, actor=other_coordinator)
    assert refused.value.status == 404


def test_case_assign_refuses_a_disabled_account(case, cast, assign):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assign(case, cast.disabled, AssignmentSection.ADVOCACY)
    assert refused.value.field == "user"


def test_case_assign_needs_exactly_one_person(case, cast):
    officer = personnel_create(actor=cast.security_officer, agency=cast.police, full_name="Ed Park")
    for people in ({}, {"user": cast.detective, "personnel": officer}):
        with nothing_saved(), pytest.raises(HavenError) as refused:
            case_assign(
                actor=cast.coordinator,
                case=case,
                section=AssignmentSection.LAW_ENFORCEMENT,
                starts_on=timezone.localdate(),
                **people,
            )
        assert refused.value.field == "user"


def test_case_assign_refuses_an_unknown_section(case, cast, assign):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assign(case, cast.advocate, "astrology")
    assert refused.value.field == "section"


# --- case_restrict and case_deny --------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "intake", "detective", "disabled"])
def test_case_restrict_and_deny_are_for_the_security_officer_only(case, cast, who):
    actor = getattr(cast, who)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_restrict(actor=actor, case=case, allowed=[cast.coordinator])
    assert refused.value.status == 403
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_deny(actor=actor, case=case, user=cast.intake)
    assert refused.value.status == 403
    case.refresh_from_db()
    assert not case.restricted


def test_a_restricted_case_is_visible_only_to_the_granted_users(case, cast):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.coordinator])
    case.refresh_from_db()
    assert case.restricted
    assert can_view_case(cast.coordinator, case)
    assert case in cases_visible_to(cast.coordinator)
    for other in (cast.intake, cast.advocate, cast.security_officer):
        assert not can_view_case(other, case)
        assert case not in cases_visible_to(other)


def test_case_restrict_with_no_one_lifts_the_restriction(case, cast):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.coordinator])
    case_restrict(actor=cast.security_officer, case=case, allowed=[])
    case.refresh_from_db()
    assert not case.restricted
    assert not CaseGrant.objects.filter(case=case).exists()
    assert can_view_case(cast.intake, case)


def test_case_restrict_replaces_the_previous_grants(case, cast):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.coordinator])
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.intake])
    assert set(CaseGrant.objects.filter(case=case).values_list("user", flat=True)) == {
        cast.intake.pk
    }
    assert not can_view_case(cast.coordinator, case)


def test_case_restrict_is_audited(case, cast):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.intake, cast.coordinator])
    (row,) = audit_rows(Action.CASE_RESTRICTED, case)
    assert row.new_values == {"restricted_to": sorted([cast.intake.email, cast.coordinator.email])}
    assert row.case_id == case.public_id


def test_a_denied_user_loses_a_case_they_would_otherwise_see(case, cast):
    assert can_view_case(cast.intake, case)
    case_deny(actor=cast.security_officer, case=case, user=cast.intake)
    assert not can_view_case(cast.intake, case)
    assert case not in cases_visible_to(cast.intake)
    assert can_view_case(cast.coordinator, case)


def test_case_deny_twice_keeps_one_denial_and_audits_each(case, cast):
    case_deny(actor=cast.security_officer, case=case, user=cast.intake)
    case_deny(actor=cast.security_officer, case=case, user=cast.intake)
    assert CaseDenial.objects.filter(case=case).count() == 1
    rows = audit_rows(Action.CASE_DENIED, case)
    assert [r.new_values for r in rows] == [{"user": cast.intake.email}] * 2


def test_case_restrict_records_the_previous_list_as_the_old_value(case, cast):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.coordinator])
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.intake])
    last = max(audit_rows(Action.CASE_RESTRICTED, case), key=lambda r: r.id)
    assert last.old_values == {"restricted_to": [cast.coordinator.email]}
    assert last.new_values == {"restricted_to": [cast.intake.email]}


def test_case_restrict_refuses_a_disabled_account(case, cast):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_restrict(actor=cast.security_officer, case=case, allowed=[cast.disabled])
    assert refused.value.field == "users"


def test_case_restriction_lift_makes_the_case_visible_again_and_is_audited(case, cast):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.coordinator])
    assert not can_view_case(cast.intake, case)
    case_restriction_lift(actor=cast.security_officer, case=case)
    case.refresh_from_db()
    assert not case.restricted and can_view_case(cast.intake, case)
    last = max(audit_rows(Action.CASE_RESTRICTED, case), key=lambda r: r.id)
    assert last.old_values == {"restricted_to": [cast.coordinator.email]}
    assert last.new_values == {"restricted_to": []}


def test_case_restriction_lift_of_an_unrestricted_case_is_refused(case, cast):
    with nothing_saved(), pytest.raises(HavenError, match="not restricted"):
        case_restriction_lift(actor=cast.security_officer, case=case)


def test_the_security_officer_administers_only_their_own_cacs_cases(
    intake, cast, other_cac, other_coordinator, make_person
):
    kid = make_person("Ada", "Lind")
    other = intake(
        actor=other_coordinator,
        cac=other_cac,
        parties=[PartyIn(kid, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(kid, AllegationType.NEGLECT)],
    ).cases[0]
    for call in (
        lambda: case_restrict(actor=cast.security_officer, case=other, allowed=[cast.intake]),
        lambda: case_deny(actor=cast.security_officer, case=other, user=cast.intake),
        lambda: case_denial_lift(actor=cast.security_officer, case=other, user=cast.intake),
    ):
        with nothing_saved(), pytest.raises(HavenError) as refused:
            call()
        assert refused.value.status == 404


def test_case_deny_refuses_the_officer_themself(case, cast):
    with nothing_saved(), pytest.raises(HavenError, match="yourself"):
        case_deny(actor=cast.security_officer, case=case, user=cast.security_officer)


def test_case_denial_lift_gives_the_case_back_and_is_audited(case, cast):
    case_deny(actor=cast.security_officer, case=case, user=cast.intake)
    case_denial_lift(actor=cast.security_officer, case=case, user=cast.intake)
    assert can_view_case(cast.intake, case)
    assert not CaseDenial.objects.filter(case=case).exists()
    (row,) = audit_rows(Action.CASE_UPDATED, case)
    assert row.old_values == {"denied": cast.intake.email}
    assert row.new_values == {"denied": None}
    assert row.case_id == case.public_id


def test_case_denial_lift_of_someone_not_denied_is_refused(case, cast):
    with nothing_saved(), pytest.raises(HavenError, match="not denied"):
        case_denial_lift(actor=cast.security_officer, case=case, user=cast.intake)


@pytest.mark.parametrize("who", ["coordinator", "intake", "detective"])
def test_lifting_restrictions_and_denials_is_for_the_security_officer_only(case, cast, who):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.coordinator])
    case_deny(actor=cast.security_officer, case=case, user=cast.advocate)
    actor = getattr(cast, who)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_restriction_lift(actor=actor, case=case)
    assert refused.value.status == 403
    with nothing_saved(), pytest.raises(HavenError) as refused:
        case_denial_lift(actor=actor, case=case, user=cast.advocate)
    assert refused.value.status == 403


# --- assignment_end -----------------------------------------------------------


def test_assignment_end_ends_it_and_the_assignee_loses_the_case_the_next_day(
    case, cast, assign, today
):
    assignment = assign(case, cast.detective_elsewhere, AssignmentSection.LAW_ENFORCEMENT)
    assert can_view_case(cast.detective_elsewhere, case)
    assignment_end(actor=cast.coordinator, assignment=assignment, ends_on=today)
    assignment.refresh_from_db()
    assert assignment.ends_on == today
    assert can_view_case(cast.detective_elsewhere, case, today=today)
    assert not can_view_case(cast.detective_elsewhere, case, today=today + DAY)


def test_assignment_end_is_audited(case, cast, assign, today):
    assignment = assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    assignment_end(actor=cast.coordinator, assignment=assignment, ends_on=today)
    (row,) = audit_rows(Action.CASE_UNASSIGNED, case)
    assert row.new_values["ends_on"] == today.isoformat()
    assert row.new_values["assignee"] == "Luis Ortega"
    assert row.case_id == case.public_id


def test_assignment_end_refuses_a_last_day_before_the_first(case, cast, assign, today):
    assignment = assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assignment_end(actor=cast.coordinator, assignment=assignment, ends_on=today - DAY)
    assert refused.value.field == "ends_on"


def test_assignment_end_refuses_an_assignment_already_ended(case, cast, assign, today):
    assignment = assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    assignment_end(actor=cast.coordinator, assignment=assignment, ends_on=today)
    with nothing_saved(), pytest.raises(HavenError, match="already ended"):
        assignment_end(actor=cast.coordinator, assignment=assignment, ends_on=today)


def test_assignment_end_is_for_who_may_assign(case, cast, assign, today):
    assignment = assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assignment_end(actor=cast.detective, assignment=assignment, ends_on=today)
    assert refused.value.status == 403


def test_assignment_end_on_a_case_the_actor_cannot_see_is_not_found(
    case, cast, assign, today, other_coordinator
):
    assignment = assign(case, cast.detective, AssignmentSection.LAW_ENFORCEMENT)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        assignment_end(actor=other_coordinator, assignment=assignment, ends_on=today)
    assert refused.value.status == 404


# --- a case number typed at intake (a case first opened in NCAtrak or on paper) ---------


def test_a_typed_case_number_is_kept_in_capitals_and_the_co_victim_gets_the_series(
    intake, child, make_person
):
    sister = make_person("Lucía", "Núñez")
    before = intake().cases[0]
    result = intake(
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM), PartyIn(sister, PartyRole.CO_VICTIM)],
        case_number=" nca 2019-0042 ",
    )
    kept, sister_case = result.cases
    assert kept.number == "NCA2019-0042" and kept.sequence is None
    code, year = code_and_year(before)
    # The series carries on from the last numbered case, skipping nothing.
    assert sister_case.number == f"{code}-{year}-{before.sequence + 1:05d}"
    assert intake().cases[0].sequence == before.sequence + 2


def test_a_duplicate_case_number_is_refused_and_nothing_is_saved(intake):
    intake(case_number="NCA-2019-42")
    referrals = Referral.objects.count()
    with pytest.raises(HavenError) as refused:
        intake(case_number="nca-2019-42")
    assert refused.value.field == "case_number"
    assert "NCA-2019-42 is already in use" in str(refused.value)
    assert Referral.objects.count() == referrals


def test_a_typed_number_in_havens_own_series_is_refused(intake):
    numbered = intake().cases[0]
    with pytest.raises(HavenError) as refused:
        intake(case_number=numbered.number[:-1] + "9")
    assert "leave the case number blank" in str(refused.value)


@pytest.mark.parametrize("typed", ["#12", "A" * 33, "-12", "12 & 13"])
def test_a_malformed_case_number_says_what_a_number_may_hold(intake, typed):
    with pytest.raises(HavenError) as refused:
        intake(case_number=typed)
    assert "up to 32 letters and digits" in str(refused.value)


def test_search_finds_a_case_by_its_typed_number(intake, cast):
    case = intake(case_number="NCA-2019-42").cases[0]
    assert [c.pk for c in case_search(cast.coordinator, "nca-2019-42")] == [case.pk]


def test_marking_a_case_as_trafficking_is_audited_once_per_change(intake, cast):
    case = intake().cases[0]
    assert case_mark_trafficking(actor=cast.coordinator, case=case, value=True)
    assert not case_mark_trafficking(actor=cast.coordinator, case=case, value=True)
    case.refresh_from_db()
    assert case.is_trafficking
    changes = AuditEvent.objects.filter(action=Action.CASE_UPDATED, case_id=case.public_id)
    assert [e.new_values for e in changes] == [{"is_trafficking": True}]


# --- the name search rows (models.CaseName) --------------------------------------------


def test_intake_writes_a_name_row_for_each_party_of_each_case(intake, child, make_person):
    from haven.cases.models import CaseName
    from haven.cases.tests.names import assert_rows_mirror_the_parties

    sister = make_person("Ana", "Núñez")
    result = intake(
        parties=[
            PartyIn(child, PartyRole.ALLEGED_VICTIM),
            PartyIn(sister, PartyRole.CO_VICTIM),
        ],
        allegations=[AllegationIn(child, AllegationType.NEGLECT)],
    )
    # Two cases, each naming José and Ana.
    assert CaseName.objects.count() == 4
    assert {r.case_id for r in CaseName.objects.all()} == {c.pk for c in result.cases}
    assert_rows_mirror_the_parties()


def test_a_renamed_person_is_found_by_the_new_name_only(intake, child, cast):
    from haven.cases.tests.names import assert_rows_mirror_the_parties
    from haven.people.services import person_update

    (case,) = intake().cases
    person_update(actor=cast.intake, person=child, first_name="Joaquín")
    assert case_search(cast.coordinator, "Joaquin Nunez") == [case]
    assert case_search(cast.coordinator, "Jose Nunez") == []
    assert_rows_mirror_the_parties()


def test_after_a_merge_the_cases_of_both_records_carry_the_kept_name(
    intake, child, make_person, cast
):
    from haven.cases.tests.names import assert_rows_mirror_the_parties
    from haven.people.services import person_merge

    (first,) = intake().cases
    typo = make_person("Jose", "Nunnez", date_of_birth=child.date_of_birth)
    (second,) = intake(
        parties=[PartyIn(typo, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(typo, AllegationType.NEGLECT)],
    ).cases
    person_merge(actor=cast.security_officer, keep=child, duplicate=typo)
    assert_rows_mirror_the_parties()
    assert set(case_search(cast.coordinator, "José Núñez")) == {first, second}
