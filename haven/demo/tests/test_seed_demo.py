import pytest
from django.core.management import CommandError, call_command

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.audit.verify import verify_chain
from haven.directory.models import Agency, AgencyKind, District


@pytest.mark.django_db
def test_seed_demo_makes_one_user_per_discipline_and_a_cac_per_district(capsys):
    call_command("seed_demo", "--seed", "7")
    assert set(User.objects.values_list("discipline", flat=True)) == set(Discipline.values)
    for district in District.objects.all():
        assert Agency.objects.filter(district=district, kind=AgencyKind.CAC).exists(), district
    out = capsys.readouterr().out
    assert "security.officer@demo.haven.test" in out and "Haven-demo-2026!" in out
    assert verify_chain().ok


def _seeded_then_rolled_back(seed: int) -> list:
    from django.db import transaction

    from haven.demo.seed import seed_demo

    with transaction.atomic():
        seed_demo(seed=seed)
        snapshot = sorted(Agency.objects.values_list("name", "phone"))
        snapshot += sorted(User.objects.values_list("email", "personnel__credentials__issued_on"))
        transaction.set_rollback(True)
    return snapshot


@pytest.mark.django_db
def test_seed_demo_is_deterministic_for_a_seed():
    first = _seeded_then_rolled_back(7)
    assert _seeded_then_rolled_back(7) == first
    assert _seeded_then_rolled_back(8) != first


@pytest.mark.django_db
def test_seed_demo_run_twice_changes_nothing():
    from haven.demo.seed import seed_demo

    seed_demo(seed=7)
    before = Agency.objects.count(), User.objects.count()
    assert seed_demo(seed=7) == {"created": False}
    assert (Agency.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_seed_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refused in production"):
        call_command("seed_demo")
    assert not User.objects.exists()
