from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from haven.accounts.models import User
from haven.audit.models import AuditEvent
from haven.audit.verify import verify_chain
from haven.cases.access import cases_visible_to
from haven.cases.models import (
    VICTIM_ROLES,
    Allegation,
    Assignment,
    Case,
    CaseAgency,
    Party,
    PartyRole,
    Referral,
)
from haven.demo.cases import seed_cases
from haven.demo.seed import demo_email, seed_demo

N = 200


def _snapshot(seed: int) -> list:
    with transaction.atomic():
        seed_demo(seed=2026)
        seed_cases(N, seed=seed)
        snapshot = list(Case.objects.order_by("id").values_list("number", "child__sort_name"))
        transaction.set_rollback(True)
    return snapshot


@pytest.mark.django_db
def test_seeding_cases_is_deterministic_for_a_seed():
    first = _snapshot(7)
    assert len(first) == N
    assert _snapshot(7) == first
    assert _snapshot(8) != first


@pytest.fixture
def seeded(db):
    seed_demo(seed=2026)
    return seed_cases(N, seed=11)


@pytest.mark.django_db
def test_every_case_has_its_alleged_victim_and_an_allegation(seeded):
    assert Case.objects.count() == N == seeded["cases"]
    for case in Case.objects.select_related("referral"):
        parties = {(p.person_id, p.role) for p in case.referral.parties.all()}
        assert any(role == PartyRole.ALLEGED_VICTIM for _, role in parties), case
        assert any(pid == case.child_id and role in VICTIM_ROLES for pid, role in parties), case
        assert Allegation.objects.filter(referral=case.referral, victim=case.child).exists()
        assert case.referral.parties.filter(role=PartyRole.ALLEGED_OFFENDER).exists()


@pytest.mark.django_db
def test_co_victims_share_the_referral_and_get_a_case_each(seeded):
    shared = Referral.objects.filter(parties__role=PartyRole.CO_VICTIM).distinct()
    assert shared.exists()
    for referral in shared:
        victims = set(
            Party.objects.filter(referral=referral, role__in=VICTIM_ROLES).values_list(
                "person_id", flat=True
            )
        )
        assert set(referral.cases.values_list("child_id", flat=True)) == victims
        assert len(victims) >= 2


@pytest.mark.django_db
def test_case_numbers_are_unique_and_sequential_per_cac_and_year(seeded):
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    sequences = defaultdict(list)
    for cac_id, year, sequence, received_on in Case.objects.order_by("id").values_list(
        "cac_id", "year", "sequence", "received_on"
    ):
        assert received_on.year == year
        sequences[(cac_id, year)].append(sequence)
    for found in sequences.values():
        assert found == list(range(1, len(found) + 1))


@pytest.mark.django_db
def test_case_agencies_are_the_assignees_agencies_and_the_referral_source(seeded):
    for case in Case.objects.select_related("referral"):
        expected = set(Assignment.objects.filter(case=case).values_list("agency_id", flat=True))
        if case.referral.source_agency_id:
            expected.add(case.referral.source_agency_id)
        assert set(CaseAgency.objects.filter(case=case).values_list("agency_id", flat=True)) == (
            expected
        ), case


@pytest.mark.django_db
def test_the_demo_detective_sees_a_few_cases_and_the_coordinator_all_of_new_haven(seeded):
    detective = User.objects.get(email=demo_email("law_enforcement"))
    coordinator = User.objects.get(email=demo_email("coordinator"))
    seen = cases_visible_to(detective).count()
    new_haven = Case.objects.filter(cac=coordinator.agency).count()
    assert 0 < seen < new_haven < N
    assert cases_visible_to(coordinator).count() == new_haven
    assert Assignment.objects.filter(user=detective).exists()


@pytest.mark.django_db
def test_the_bulk_load_writes_one_audit_row_and_keeps_the_chain(seeded):
    assert AuditEvent.objects.filter(object_type="demo.bulk_seed").count() == 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_command_loads_cases_and_is_refused_in_production(settings, capsys):
    call_command("seed_demo", "--seed", "3", "--cases", "50")
    # The 50 loaded, and the one the demo's trafficking report is triaged into (intake).
    assert Case.objects.count() == 51
    assert "50 cases" in capsys.readouterr().out
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refused in production"):
        call_command("seed_demo", "--cases", "10")
    assert Case.objects.count() == 51


@pytest.mark.django_db
def test_after_a_bulk_load_the_application_can_still_add_people_and_cases(seeded):
    # The loader writes its own ids; on PostgreSQL the id sequences must be moved past them.
    from haven.people.services import person_create

    intake = User.objects.get(email=demo_email("intake"))
    person = person_create(
        actor=intake, confirmed_new=True, first_name="After", last_name="Bulkload"
    )
    assert person.pk is not None


@pytest.mark.django_db
def test_the_bulk_load_writes_each_cases_name_search_rows(seeded):
    from haven.cases.tests.names import assert_rows_mirror_the_parties

    assert seeded["case_names"] > N
    assert_rows_mirror_the_parties()
