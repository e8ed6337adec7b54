"""The per-case limits (haven.access.rules.register_case_limit) reach every part of the
investigation sections: the case page's panels and the API, not only the panel's
visibility. A limit narrows what a role may do on one case; nothing here may use the
role's levels from the matrix alone."""

import pytest
from rest_framework.test import APIClient

from haven.access import rules as access_rules
from haven.access.models import Level
from haven.api.models import Scope
from haven.api.tokens import token_create_by_operator
from haven.investigations import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_case(monkeypatch):
    """limit_case(user, case, cap): on that one case, cap every section of `user` at `cap`
    (a registered limit, as interviewer-first access is)."""

    def _register(user, case, cap):
        def limit(who, on, levels):
            if who.pk != user.pk or on.pk != case.pk:
                return levels
            return {section: min(level, cap) for section, level in levels.items()}

        monkeypatch.setattr(access_rules, "_CASE_LIMITS", [*access_rules._CASE_LIMITS, limit])

    return _register


def _trafficking(cast, case, lodging):
    services.trafficking_save(
        actor=cast.coordinator,
        case=case,
        kind="sex",
        indicators=["hotel_stays"],
        setting="lodging",
        lodging_business=lodging,
    )


def test_trafficking_panel_offers_no_edit_to_a_user_the_case_limit_leaves_view_only(
    cast, client_for, case, lodging, limit_case
):
    _trafficking(cast, case, lodging)
    client = client_for(cast.detective)
    edit = f"/cases/{case.public_id}/trafficking/"
    assert edit in client.get(f"/cases/{case.public_id}/").content.decode()  # the role edits

    limit_case(cast.detective, case, Level.VIEW)
    body = client.get(f"/cases/{case.public_id}/").content.decode()
    assert 'id="trafficking"' in body  # still seen: the general section is viewable
    assert edit not in body


def test_investigations_api_hides_a_section_the_case_limit_takes_away(
    cast, case, lodging, days_ago, limit_case
):
    services.le_investigation_open(
        actor=cast.detective,
        case=case,
        opened_on=days_ago(3),
        report_number="NHPD-24-777",
        officer=cast.detective,
    )
    _trafficking(cast, case, lodging)
    _, raw = token_create_by_operator(
        user=cast.detective, name="lim", days=1, scope=Scope.READ_WRITE
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/cases/{case.public_id}/investigations/"
    assert api.get(url).json()["law_enforcement"]  # the role views it

    limit_case(cast.detective, case, Level.NONE)
    response = api.get(url)
    # Nothing of this case is the detective's to see now: the same 404 as a hidden case.
    assert response.status_code == 404, response.content
    assert "NHPD-24-777" not in response.content.decode()
