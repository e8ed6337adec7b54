"""The demo investigations (haven/demo/investigations.py) load through the services."""

import pytest

from haven.cases.models import Case
from haven.investigations.models import Charge, ChildProtectionInvestigation


@pytest.mark.django_db(transaction=False)
def test_the_demo_fills_every_section_of_one_case():
    from haven.demo.cases import seed_cases
    from haven.demo.investigations import seed_investigations
    from haven.demo.seed import seed_demo

    seed_demo(seed=2026)
    seed_cases(400, seed=2026)
    made = seed_investigations()
    case = Case.objects.get(public_id=made["case"])
    assert case.is_trafficking
    assert ChildProtectionInvestigation.objects.get(case=case).finding == "substantiated"
    assert Charge.objects.filter(matter__links__case=case).count() == 2
    assert case.le_investigations.get().outcome == "arrest"
