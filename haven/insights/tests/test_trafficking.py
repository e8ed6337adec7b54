"""The § 51-286h report against a hand-built world; answers worked out by hand.

Twelve months ending 30 June 2026 (1 Jul 2025 to 30 Jun 2026). New Haven Police (the
detective's department):
  T1  trafficking case, referred by DCF; NHPD investigation opened 1 Aug 2025, referred
      for prosecution 1 Sep 2025; matter with charges: plea 1 Mar 2026, dismissal 2 Mar 2026
  T2  trafficking case, referred by the police; NHPD opened 1 Jan 2026, still open
  T3  trafficking case; NHPD opened 1 Jun 2025 (before the period), referred for
      prosecution 1 Jul 2025 (in it); matter with a conviction 1 Jul 2026 (after it)
  T4  trafficking case; Hartford Police's investigation 1 Feb 2026 (another department)
  N1  not a trafficking case; NHPD opened 1 Feb 2026
So NHPD: received 2 (T1, T2), from DCF 1 (T1), referred for prosecution 2 (T1, T3),
convictions 1 (T1's matter: the plea), dispositions: plea 1, dismissal 1.
Chief State's Attorney (matters of trafficking cases, statewide): T1's matter created
10 Sep 2025 and accepted 15 Sep 2025; T3's matter created 1 Jun 2025 (before), accepted
5 Jul 2025 (in). Received 1 (T1), from DCF 1, accepted 2, convictions 1, plea 1, dismissal 1.
Training: two NHPD completions in the period (one revoked: not counted), one before it;
one SAO completion in it.
"""

import datetime

import pytest
from django.utils import timezone

from haven.access.services import matrix_update
from haven.audit.models import Action, AuditEvent
from haven.cases.models import Assignment
from haven.directory.models import AgencyKind
from haven.directory.services import agency_create
from haven.insights import rules, selectors, services
from haven.insights.tests import factory as f

D = datetime.date
PERIOD = rules.twelve_months_ending(D(2026, 6, 30))


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def world(cast):
    from haven.investigations.models import (
        Charge,
        LawEnforcementInvestigation,
        ProsecutionCase,
        ProsecutionMatter,
    )
    from haven.training.models import Completion, Learner, Program

    dcf = agency_create(
        actor=cast.security_officer, name="DCF Region 2", kind=AgencyKind.DCF_OFFICE
    )
    sao = cast.prosecutor.agency

    def tcase(day, source=None, trafficking=True):
        ref = f.referral(cast.cac, cast.intake, day, reason="trafficking_concern")
        ref.source_agency = source
        ref.save()
        child = f.person(date_of_birth=D(2010, 1, 1))
        f.allege(ref, child, "sex_trafficking")
        case = f.case(ref, child, is_trafficking=trafficking)
        Assignment.objects.create(
            case=case,
            section="law_enforcement",
            user=cast.detective,
            agency=cast.police,
            starts_on=D(2025, 1, 1),
        )
        return case

    def investigate(case, agency, opened, outcome="", outcome_on=None, officer=None):
        LawEnforcementInvestigation.objects.create(
            case=case,
            agency=agency,
            officer=officer or cast.detective,
            opened_on=opened,
            outcome=outcome,
            outcome_on=outcome_on,
        )

    def matter(case, created, accepted_on, charges):
        m = ProsecutionMatter.objects.create(
            office=sao, prosecutor=cast.prosecutor, decision="accepted", decision_on=accepted_on
        )
        ProsecutionMatter.objects.filter(pk=m.pk).update(created_at=_aware(created))
        ProsecutionCase.objects.create(matter=m, case=case)
        for disposition, on in charges:
            Charge.objects.create(
                matter=m,
                statute="53a-192a",
                description="Trafficking",
                charge_class="felony_b",
                filed_on=D(2025, 9, 1),
                disposition=disposition,
                disposed_on=on,
            )

    t1 = tcase(D(2025, 7, 20), source=dcf)
    investigate(t1, cast.police, D(2025, 8, 1), "referred_for_prosecution", D(2025, 9, 1))
    matter(
        t1, D(2025, 9, 10), D(2025, 9, 15), [("plea", D(2026, 3, 1)), ("dismissal", D(2026, 3, 2))]
    )
    t2 = tcase(D(2025, 12, 20), source=cast.police)
    investigate(t2, cast.police, D(2026, 1, 1))
    t3 = tcase(D(2025, 5, 20))
    investigate(t3, cast.police, D(2025, 6, 1), "referred_for_prosecution", D(2025, 7, 1))
    matter(t3, D(2025, 6, 1), D(2025, 7, 5), [("conviction", D(2026, 7, 1))])
    t4 = tcase(D(2026, 1, 20))
    investigate(t4, cast.police_elsewhere, D(2026, 2, 1), officer=cast.detective_elsewhere)
    n1 = tcase(D(2026, 1, 25), trafficking=False)
    investigate(n1, cast.police, D(2026, 2, 1))

    program = Program.objects.create(
        title="Trafficking of minors", audience="law_enforcement", citation="x"
    )

    counter = [0]

    def complete(employer, on, revoked=False):
        counter[0] += 1
        n = counter
        learner = Learner.objects.create(
            full_name=f"L{n[0]}", email=f"l{n[0]}@x.test", employer=employer
        )
        Completion.objects.create(
            learner=learner,
            program=program,
            source="session",
            completed_on=on,
            next_due_on=on + datetime.timedelta(days=1000),
            verification_code=f"CODE{n[0]}",
            revoked_at=timezone.now() if revoked else None,
        )

    complete(cast.police, D(2025, 10, 1))
    complete(cast.police, D(2026, 2, 1))
    complete(cast.police, D(2026, 3, 1), revoked=True)
    complete(cast.police, D(2025, 6, 30))
    complete(sao, D(2026, 1, 1))
    return {"T1": t1, "T2": t2, "T3": t3, "T4": t4, "N1": n1}


def _figures(report):
    return {r.value: r.count for r in report.figures}


def _police(cast):
    return selectors.trafficking_agencies_for(cast.detective)[0]


def test_police_department_figures(cast, world):
    report = selectors.trafficking_report(cast.detective, _police(cast), PERIOD)
    assert _figures(report) == {"received": 2, "from_dcf": 1, "prosecution": 2, "convictions": 1}
    assert {r.value: r.count for r in report.dispositions if r.count} == {"plea": 1, "dismissal": 1}
    assert [(r.label, r.count) for r in report.training] == [("Trafficking of minors", 2)]
    assert report.due_on == D(2026, 10, 1)


def test_chief_states_attorney_figures(cast, world):
    for case in world.values():  # the prosecutor sees the cases through an assignment
        Assignment.objects.create(
            case=case,
            section="prosecution",
            user=cast.prosecutor,
            agency=cast.prosecutor.agency,
            starts_on=D(2025, 1, 1),
        )
    reporter = selectors.trafficking_agencies_for(cast.prosecutor)[0]
    assert reporter.key == selectors.CSA
    report = selectors.trafficking_report(cast.prosecutor, reporter, PERIOD)
    assert _figures(report) == {"received": 1, "from_dcf": 1, "prosecution": 2, "convictions": 1}
    assert [(r.label, r.count) for r in report.training] == [("Trafficking of minors", 1)]


def test_only_visible_cases_unless_the_role_has_statistics(cast, world):
    Assignment.objects.filter(case=world["T2"], user=cast.detective).delete()
    report = selectors.trafficking_report(cast.detective, _police(cast), PERIOD)
    assert not report.whole_state
    assert _figures(report)["received"] == 1
    matrix_update(actor=cast.security_officer, changes={("law_enforcement", "statistics"): 1})
    report = selectors.trafficking_report(cast.detective, _police(cast), PERIOD)
    assert report.whole_state and _figures(report)["received"] == 2


def test_reporters_by_role(cast):
    assert [r.agency for r in selectors.trafficking_agencies_for(cast.detective)] == [cast.police]
    assert [r.key for r in selectors.trafficking_agencies_for(cast.prosecutor)] == [selectors.CSA]
    assert selectors.trafficking_agencies_for(cast.coordinator) == []
    assert selectors.trafficking_agencies_for(cast.dcf_worker) == []


def test_narrative_saved_per_agency_and_period_and_audited(cast, world):
    n = services.narrative_save(
        actor=cast.detective,
        agency=cast.police,
        period=PERIOD,
        criteria="Indicators list",
        obstacles="",
    )
    n2 = services.narrative_save(
        actor=cast.detective, agency=cast.police, period=PERIOD, criteria="Indicators list v2"
    )
    assert n.pk == n2.pk and n2.criteria == "Indicators list v2"
    events = AuditEvent.objects.filter(action=Action.REPORT_NARRATIVE_SAVED).order_by("id")
    assert events.count() == 2
    assert events.last().old_values == {"criteria": "Indicators list"}
    report = selectors.trafficking_report(cast.detective, _police(cast), PERIOD)
    assert report.narrative.criteria == "Indicators list v2"


def test_narrative_refused_for_another_agency(cast):
    from haven.core.errors import HavenError

    with pytest.raises(HavenError, match="own staff") as error:
        services.narrative_save(actor=cast.detective, agency=cast.police_elsewhere, period=PERIOD)
    assert error.value.citation == rules.CITATION_TRAFFICKING_REPORT
    with pytest.raises(HavenError, match="under"):
        services.narrative_save(
            actor=cast.detective, agency=cast.police, period=PERIOD, criteria="x" * 10001
        )


def test_page_saves_the_narrative_and_keeps_bad_input(cast, world, client_for):
    client = client_for(cast.detective)
    response = client.get("/insights/trafficking/?end=2026-06-30")
    assert response.status_code == 200
    assert "Trafficking referrals received" in response.content.decode()
    url = "/insights/trafficking/"
    key = str(cast.police.public_id)
    response = client.post(url, {"reporter": key, "end": "2026-06-30", "criteria": "Our list"})
    assert response.status_code == 302
    response = client.post(url, {"reporter": key, "end": "2026-06-30", "obstacles": "y" * 10001})
    assert response.status_code == 400
    assert "y" * 100 in response.content.decode()
    response = client.get(f"/insights/trafficking/export.pdf?reporter={key}&end=2026-06-30")
    assert response.content.startswith(b"%PDF")
    response = client.get(f"/insights/trafficking/export.xlsx?reporter={key}&end=2026-06-30")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=Action.EXPORTED).count() == 2


def test_page_refuses_roles_that_do_not_report(cast, client_for):
    assert client_for(cast.coordinator).get("/insights/trafficking/").status_code == 403
    response = client_for(cast.detective).get("/insights/trafficking/?end=2026-02-31")
    assert response.status_code == 400
