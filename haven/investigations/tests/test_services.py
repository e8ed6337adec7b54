"""The services: Gen. Stat. § 17a-106f's division of investigative work, the prosecution
record, trafficking details, and refusals of bad input that lose nothing."""

import datetime

import pytest

from haven.audit.models import Action, AuditEvent
from haven.cases.models import Case
from haven.core.errors import HavenError
from haven.investigations import services
from haven.investigations.models import (
    Charge,
    ChildProtectionInvestigation,
    LawEnforcementInvestigation,
    ProsecutionMatter,
    Reliance,
    TraffickingDetails,
)

pytestmark = pytest.mark.django_db
CITATION = "Gen. Stat. § 17a-106f"


def _le(cast, case, days_ago, **extra):
    return services.le_investigation_open(
        actor=cast.detective, case=case, opened_on=days_ago(20), report_number="NH-24-1", **extra
    )


def _cp(cast, case, days_ago, **extra):
    arguments = {
        "actor": cast.dcf_worker,
        "case": case,
        "careline_report_number": "CL-1001",
        "careline_reported_on": days_ago(25),
    }
    return services.cp_investigation_save(**(arguments | extra))


# --- § 17a-106f: criminal investigative work only by law enforcement ---------------------


def test_criminal_investigative_work_is_recorded_by_the_law_enforcement_member(
    cast, case, days_ago
):
    investigation = _le(cast, case, days_ago)
    assert investigation.officer == cast.detective
    assert investigation.agency == cast.police
    event = AuditEvent.objects.filter(action=Action.INVESTIGATION_OPENED).get()
    assert event.case_id == case.public_id


@pytest.mark.parametrize("who", ["dcf_worker", "coordinator", "prosecutor"])
def test_criminal_investigative_work_is_refused_to_anyone_but_law_enforcement(
    cast, case, days_ago, who
):
    with pytest.raises(HavenError) as refused:
        services.le_investigation_open(
            actor=getattr(cast, who), case=case, opened_on=days_ago(3), officer=cast.detective
        )
    assert refused.value.citation == CITATION and refused.value.status == 403
    assert not LawEnforcementInvestigation.objects.exists()


def test_a_dcf_worker_trying_to_write_the_criminal_section_is_refused_citing_the_statute(
    cast, case, days_ago
):
    investigation = _le(cast, case, days_ago)
    with pytest.raises(HavenError) as refused:
        services.le_investigation_update(
            actor=cast.dcf_worker, investigation=investigation, narrative="DCF's view"
        )
    assert refused.value.citation == CITATION
    assert "law enforcement officers" in refused.value.message
    investigation.refresh_from_db()
    assert investigation.narrative == ""


def test_criminal_investigative_work_is_undertaken_by_members_of_the_cases_team(
    cast, case, days_ago
):
    # Harriet is a detective, but not on this case's team nor assigned to it.
    with pytest.raises(HavenError) as refused:
        _le(cast, case, days_ago, officer=cast.detective_elsewhere)
    assert refused.value.citation == CITATION and refused.value.field == "officer"
    assert "neither a member of this case's team" in refused.value.message


def test_a_team_member_detective_may_investigate_without_an_assignment(cast, team, days_ago):
    from haven.investigations.tests.conftest import _person, open_case
    from haven.teams.services import membership_add

    membership_add(
        actor=cast.coordinator,
        team=team,
        seat="law_enforcement",
        user=cast.detective_elsewhere,
        starts_on=days_ago(40),
    )
    # Hartford Police referred the case: its team member sees it and may investigate it.
    child = _person(cast, "Maya", "Ortiz")
    hartford_case = open_case(cast, team, child, assign=False, source_agency=cast.police_elsewhere)
    investigation = services.le_investigation_open(
        actor=cast.detective_elsewhere, case=hartford_case, opened_on=days_ago(2)
    )
    assert investigation.agency == cast.police_elsewhere


def test_a_case_the_detective_may_not_see_is_not_found(cast, case, days_ago):
    with pytest.raises(HavenError) as refused:
        services.le_investigation_open(
            actor=cast.detective_elsewhere, case=case, opened_on=days_ago(2)
        )
    assert refused.value.status == 404


def test_an_investigation_cannot_close_before_it_opened(cast, case, days_ago):
    investigation = _le(cast, case, days_ago)
    with pytest.raises(HavenError) as refused:
        services.le_investigation_update(
            actor=cast.detective,
            investigation=investigation,
            status="closed",
            closed_on=days_ago(30),
        )
    assert refused.value.field == "closed_on"
    assert "before the investigation was opened" in refused.value.message


def test_the_outcome_and_narrative_are_recorded_and_the_narrative_is_not_copied_to_the_audit(
    cast, case, days_ago
):
    investigation = _le(cast, case, days_ago)
    services.le_investigation_update(
        actor=cast.detective,
        investigation=investigation,
        outcome="arrest",
        outcome_on=days_ago(1),
        narrative="Suspect interviewed; arrested on warrant.",
    )
    investigation.refresh_from_db()
    assert investigation.get_outcome_display() == "Arrest"
    event = AuditEvent.objects.filter(action=Action.INVESTIGATION_UPDATED).get()
    assert event.new_values["narrative"] == "(changed)"
    assert event.new_values["outcome"] == "arrest"


def test_one_agency_has_one_investigation_per_case(cast, case, days_ago):
    _le(cast, case, days_ago)
    with pytest.raises(HavenError, match="already has an investigation"):
        _le(cast, case, days_ago)


# --- § 17a-106f: child protection investigative work only by DCF -------------------------


def test_child_protection_work_is_recorded_by_the_dcf_member(cast, case, days_ago):
    investigation = _cp(cast, case, days_ago, worker=cast.dcf_worker)
    assert investigation.finding == "pending"
    assert AuditEvent.objects.filter(action=Action.INVESTIGATION_OPENED).exists()


@pytest.mark.parametrize("who", ["detective", "coordinator", "prosecutor"])
def test_child_protection_work_is_refused_to_anyone_but_dcf(cast, case, days_ago, who):
    with pytest.raises(HavenError) as refused:
        _cp(cast, case, days_ago, actor=getattr(cast, who))
    assert refused.value.citation == CITATION and refused.value.status == 403
    assert not ChildProtectionInvestigation.objects.exists()


def test_a_detective_trying_to_write_the_child_protection_section_is_refused_citing_the_statute(
    cast, case, days_ago
):
    _cp(cast, case, days_ago)
    with pytest.raises(HavenError) as refused:
        _cp(cast, case, days_ago, actor=cast.detective, safety_decisions="Police view")
    assert refused.value.citation == CITATION
    assert "Department of Children and Families" in refused.value.message
    assert ChildProtectionInvestigation.objects.get().safety_decisions == ""


def test_the_dcf_worker_named_must_be_a_dcf_member_of_the_team(cast, case, days_ago):
    with pytest.raises(HavenError) as refused:
        _cp(cast, case, days_ago, worker=cast.detective)
    assert refused.value.citation == CITATION and refused.value.field == "worker"


def test_a_finding_without_a_dcf_worker_is_refused_and_nothing_is_lost(cast, case, days_ago):
    _cp(cast, case, days_ago, safety_decisions="Safety plan with mother.")
    with pytest.raises(HavenError) as refused:
        _cp(
            cast,
            case,
            days_ago,
            finding="substantiated",
            finding_on=days_ago(2),
            safety_decisions="Safety plan with mother.",
        )
    assert refused.value.field == "worker"
    assert "choose the DCF worker" in refused.value.message
    saved = ChildProtectionInvestigation.objects.get()
    assert saved.finding == "pending" and saved.safety_decisions == "Safety plan with mother."


def test_a_finding_is_recorded_with_its_worker_and_date(cast, case, days_ago):
    _cp(cast, case, days_ago)
    saved = _cp(
        cast,
        case,
        days_ago,
        worker=cast.dcf_worker,
        finding="substantiated",
        finding_on=days_ago(2),
    )
    assert saved.get_finding_display() == "Substantiated"
    event = AuditEvent.objects.filter(action=Action.INVESTIGATION_UPDATED).get()
    assert event.new_values["finding"] == "substantiated"
    assert event.new_values["worker"] == str(cast.dcf_worker)


def test_a_juvenile_court_hearing_is_recorded_and_cannot_precede_the_careline_report(
    cast, case, days_ago
):
    investigation = _cp(cast, case, days_ago)
    hearing = services.hearing_record(
        actor=cast.dcf_worker,
        investigation=investigation,
        held_on=days_ago(10),
        kind="otc",
        court="Superior Court for Juvenile Matters, New Haven",
        outcome="Order of temporary custody sustained.",
    )
    assert hearing.recorded_by == cast.dcf_worker
    with pytest.raises(HavenError, match="before the Careline report"):
        services.hearing_record(
            actor=cast.dcf_worker, investigation=investigation, held_on=days_ago(60), kind="otc"
        )
    with pytest.raises(HavenError) as refused:
        services.hearing_record(
            actor=cast.detective, investigation=investigation, held_on=days_ago(5), kind="otc"
        )
    assert refused.value.citation == CITATION


# --- § 17a-106f: DCF may rely upon information generated by the team ---------------------


def test_dcf_relying_on_team_information_leaves_a_trail(cast, case, days_ago):
    police = _le(cast, case, days_ago)
    investigation = _cp(cast, case, days_ago)
    reliance = services.reliance_record(
        actor=cast.dcf_worker,
        investigation=investigation,
        item_kind="law_enforcement",
        item_id=police.public_id,
        relied_on=days_ago(1),
    )
    assert reliance.item_label == "New Haven Police report NH-24-1"
    event = AuditEvent.objects.filter(action=Action.INFORMATION_RELIED_ON).get()
    assert event.actor == cast.dcf_worker
    assert event.new_values["item_id"] == str(police.public_id)


def test_only_dcf_records_relying_on_team_information(cast, case, days_ago):
    investigation = _cp(cast, case, days_ago)
    with pytest.raises(HavenError) as refused:
        services.reliance_record(
            actor=cast.detective,
            investigation=investigation,
            item_kind="forensic_interview",
            item_label="Forensic interview of the child",
            relied_on=days_ago(1),
        )
    assert refused.value.citation == CITATION
    assert not Reliance.objects.exists()


def test_dcf_may_rely_only_on_information_its_role_may_view(cast, case, days_ago):
    from haven.access.services import matrix_update

    matrix_update(actor=cast.security_officer, changes={("dcf", "medical"): 0})
    investigation = _cp(cast, case, days_ago)
    with pytest.raises(HavenError) as refused:
        services.reliance_record(
            actor=cast.dcf_worker,
            investigation=investigation,
            item_kind="medical",
            item_label="Medical exam",
            relied_on=days_ago(1),
        )
    assert refused.value.status == 403


def test_an_investigation_of_another_case_cannot_be_relied_on_by_id(cast, case, sibling, days_ago):
    other = _le(cast, sibling, days_ago)
    investigation = _cp(cast, case, days_ago)
    with pytest.raises(HavenError) as refused:
        services.reliance_record(
            actor=cast.dcf_worker,
            investigation=investigation,
            item_kind="law_enforcement",
            item_id=other.public_id,
            relied_on=days_ago(1),
        )
    assert refused.value.field == "item_id"


# --- prosecution ------------------------------------------------------------------------


def _matter(cast, case, offender, **extra):
    return services.prosecution_open(
        actor=cast.prosecutor, case=case, alleged_offender=offender, **extra
    )


def _charge(cast, case, matter, days_ago, **extra):
    arguments = {
        "actor": cast.prosecutor,
        "case": case,
        "matter": matter,
        "statute": "53a-70",
        "description": "Sexual assault in the first degree",
        "charge_class": "felony_b",
        "counts": 2,
        "filed_on": days_ago(10),
    }
    return services.charge_file(**(arguments | extra))


@pytest.mark.parametrize("who", ["detective", "dcf_worker", "coordinator"])
def test_only_the_prosecutors_discipline_writes_the_prosecution(cast, case, offender, who):
    with pytest.raises(HavenError) as refused:
        services.prosecution_open(actor=getattr(cast, who), case=case, alleged_offender=offender)
    assert refused.value.status == 403
    assert not ProsecutionMatter.objects.exists()


def test_a_charge_against_the_alleged_offender_is_filed_and_disposed(
    cast, case, offender, days_ago
):
    matter = _matter(cast, case, offender, decision="accepted", decision_on=days_ago(12))
    charge = _charge(cast, case, matter, days_ago)
    services.charge_dispose(
        actor=cast.prosecutor,
        case=case,
        charge=charge,
        disposition="plea",
        disposed_on=days_ago(1),
        sentence="12 years, execution suspended after 8, 10 years probation",
    )
    charge.refresh_from_db()
    assert charge.get_disposition_display() == "Guilty plea"
    assert [e.action for e in AuditEvent.objects.filter(case_id=case.public_id).order_by("id")][
        -3:
    ] == [Action.PROSECUTION_UPDATED, Action.CHARGE_FILED, Action.CHARGE_DISPOSED]


def test_charges_without_an_alleged_offender_on_the_case_are_refused(
    cast, stranger, offender, days_ago
):
    with pytest.raises(HavenError) as refused:
        _matter(cast, stranger, offender)
    assert refused.value.field == "alleged_offender"
    assert "not an alleged offender in case" in refused.value.message
    matter = _matter(cast, stranger, None)
    with pytest.raises(HavenError) as refused:
        _charge(cast, stranger, matter, days_ago)
    assert "add the alleged offender to the case's people" in refused.value.message
    assert not Charge.objects.exists()


def test_a_disposition_before_the_charge_date_is_refused_and_nothing_is_lost(
    cast, case, offender, days_ago
):
    matter = _matter(cast, case, offender)
    charge = _charge(cast, case, matter, days_ago)
    with pytest.raises(HavenError) as refused:
        services.charge_dispose(
            actor=cast.prosecutor,
            case=case,
            charge=charge,
            disposition="nolle",
            disposed_on=days_ago(11),
        )
    assert refused.value.field == "disposed_on"
    assert "before the charge was filed" in refused.value.message
    charge.refresh_from_db()
    assert charge.disposition == "" and charge.statute == "53a-70"


def test_a_sentence_follows_only_a_plea_or_conviction(cast, case, offender, days_ago):
    charge = _charge(cast, case, _matter(cast, case, offender), days_ago)
    with pytest.raises(HavenError, match="A sentence follows"):
        services.charge_dispose(
            actor=cast.prosecutor,
            case=case,
            charge=charge,
            disposition="acquittal",
            disposed_on=days_ago(1),
            sentence="2 years",
        )


def test_a_declined_case_needs_its_reason(cast, case, offender, days_ago):
    with pytest.raises(HavenError) as refused:
        _matter(cast, case, offender, decision="declined", decision_on=days_ago(1))
    assert refused.value.field == "declined_reason"
    matter = _matter(
        cast,
        case,
        offender,
        decision="declined",
        decision_on=days_ago(1),
        declined_reason="Insufficient evidence to prove beyond a reasonable doubt.",
    )
    assert matter.get_decision_display() == "Declined"


def test_one_prosecution_links_the_cases_of_co_victims_of_the_same_offender(
    cast, case, sibling, stranger, offender
):
    matter = _matter(cast, case, offender)
    services.prosecution_link_case(actor=cast.prosecutor, case=case, matter=matter, other=sibling)
    assert set(matter.cases.all()) == {case, sibling}
    with pytest.raises(HavenError, match="only co-victims of the same alleged offender"):
        services.prosecution_link_case(
            actor=cast.prosecutor, case=case, matter=matter, other=stranger
        )


def test_a_prosecution_is_reached_only_through_a_case_it_concerns(cast, case, stranger, offender):
    matter = _matter(cast, case, offender)
    with pytest.raises(HavenError) as refused:
        services.prosecution_update(
            actor=cast.prosecutor, case=stranger, matter=matter, docket_number="X"
        )
    assert refused.value.status == 404


# --- trafficking details ---------------------------------------------------------------


def test_trafficking_details_keep_the_case_flag_in_step(cast, case, lodging, today):
    from django.utils import timezone

    services.trafficking_save(
        actor=cast.coordinator,
        case=case,
        kind="sex",
        indicators=["hotel_stays", "older_partner"],
        setting="lodging",
        lodging_business=lodging,
        dcf_notified=True,
        dcf_notified_at=timezone.now() - datetime.timedelta(hours=3),
        hotline_contacted=True,
        hotline_contacted_on=today,
    )
    assert Case.objects.get(pk=case.pk).is_trafficking
    details = TraffickingDetails.objects.get()
    assert [i.code for i in details.indicators.all()] == ["hotel_stays", "older_partner"]
    services.trafficking_save(actor=cast.detective, case=case, kind="ruled_out")
    assert not Case.objects.get(pk=case.pk).is_trafficking
    flips = AuditEvent.objects.filter(action=Action.CASE_UPDATED, case_id=case.public_id)
    assert [e.new_values["is_trafficking"] for e in flips.order_by("id")] == [True, False]


def test_the_lodging_business_must_be_a_lodging_business_in_the_directory(cast, case):
    with pytest.raises(HavenError) as refused:
        services.trafficking_save(
            actor=cast.coordinator,
            case=case,
            kind="suspected",
            setting="lodging",
            lodging_business=cast.police,
        )
    assert refused.value.field == "lodging_business"
    assert not Case.objects.get(pk=case.pk).is_trafficking


def test_notifying_the_dcf_response_team_needs_the_time(cast, case):
    with pytest.raises(HavenError) as refused:
        services.trafficking_save(actor=cast.dcf_worker, case=case, kind="labor", dcf_notified=True)
    assert refused.value.field == "dcf_notified_at"
    assert not TraffickingDetails.objects.exists()


def test_trafficking_details_are_refused_to_roles_that_only_view_the_case(cast, case):
    with pytest.raises(HavenError) as refused:
        services.trafficking_save(actor=cast.advocate, case=case, kind="sex")
    assert refused.value.status == 403
