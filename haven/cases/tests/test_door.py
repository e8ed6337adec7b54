"""One door to a case (security issue 18, item 9): `get_visible_case` answers every page,
panel and API endpoint, and nothing else in a view, API or panel module reads
`Case.objects`."""

import ast
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.http import Http404

from haven.access import rules as access_rules
from haven.access.models import Level, Section
from haven.cases.access import can_view_case
from haven.cases.selectors import get_visible_case
from haven.cases.services import case_deny, case_restrict

pytestmark = pytest.mark.django_db

HAVEN = Path(__file__).resolve().parents[2]


def test_a_visible_case_comes_through_the_door(cast, case):
    assert get_visible_case(cast.coordinator, case.public_id) == case
    assert get_visible_case(cast.coordinator, case.public_id, page=True) == case


@pytest.mark.parametrize("public_id", [uuid.uuid4(), "not-a-uuid", ""])
def test_a_case_that_does_not_exist_is_404(cast, public_id):
    with pytest.raises(Http404):
        get_visible_case(cast.coordinator, public_id)


def test_a_case_of_another_centre_is_404(other_coordinator, case):
    assert not can_view_case(other_coordinator, case)
    with pytest.raises(Http404):
        get_visible_case(other_coordinator, case.public_id)


def test_a_denied_user_gets_404(cast, case):
    case_deny(actor=cast.security_officer, case=case, user=cast.coordinator)
    with pytest.raises(Http404):
        get_visible_case(cast.coordinator, case.public_id)


def test_a_restricted_case_is_404_to_everyone_not_named(cast, case):
    case_restrict(actor=cast.security_officer, case=case, allowed=[cast.intake])
    assert get_visible_case(cast.intake, case.public_id) == case
    for user in (cast.coordinator, cast.therapist):
        with pytest.raises(Http404):
            get_visible_case(user, case.public_id, page=True)


def test_a_section_the_case_limit_takes_away_is_404(cast, case, monkeypatch):
    def no_medical_here(user, on, levels):
        if on.pk == case.pk:
            return levels | {Section.MEDICAL: Level.NONE}
        return levels

    assert get_visible_case(cast.doctor, case.public_id, section=Section.MEDICAL) == case
    monkeypatch.setattr(access_rules, "_CASE_LIMITS", [*access_rules._CASE_LIMITS, no_medical_here])
    with pytest.raises(Http404):
        get_visible_case(cast.doctor, case.public_id, section=Section.MEDICAL)
    # The case itself is still theirs: only the section is closed.
    assert get_visible_case(cast.doctor, case.public_id, section=Section.GENERAL) == case


def test_a_section_the_role_does_not_view_is_404(cast, case):
    with pytest.raises(Http404):
        get_visible_case(cast.therapist, case.public_id, section=Section.MEDICAL)


# --- the guard: nothing else opens a case -------------------------------------------------

# Modules that may read Case.objects: the rules and reads under the door, and writes.
ALLOWED = {"selectors.py", "services.py", "access.py", "rules.py"}


def _page_and_api_modules() -> list[Path]:
    found = []
    for path in sorted(HAVEN.glob("*/*.py")):
        name = path.name
        if name in ALLOWED:
            continue
        if name in ("views.py", "api.py", "panels.py") or name.endswith(("_views.py", "_api.py")):
            found.append(path)
    return found


def _case_objects_reads(path: Path) -> list[int]:
    """Line numbers of `Case.objects` (however `Case` is imported) and of a 404 helper
    handed the Case model (`get_object_or_404(Case, ...)`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id == "Case"
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("get_object_or_404", "get_list_or_404")
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "Case"
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_guard_sees_every_kind_of_page_module():
    names = {p.name for p in _page_and_api_modules()}
    assert {"views.py", "api.py", "panels.py", "people_views.py", "team_views.py"} <= names


def test_the_guard_catches_a_direct_read(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from django.shortcuts import get_object_or_404\n"
        "from haven.cases.models import Case\n"
        "def page(request, pk):\n"
        "    a = Case.objects.filter(public_id=pk).first()\n"
        "    return get_object_or_404(Case, public_id=pk)\n"
    )
    assert _case_objects_reads(bad) == [4, 5]


def test_no_view_api_or_panel_module_reads_case_objects():
    offenders = [
        f"{path.relative_to(HAVEN.parent)}:{line}"
        for path in _page_and_api_modules()
        for line in _case_objects_reads(path)
    ]
    assert not offenders, (
        "Read a case through haven.cases.selectors.get_visible_case (or a selector), "
        f"not Case.objects: {offenders}"
    )


# --- the role's levels, read once per request ---------------------------------------------


def _matrix_reads(queries) -> int:
    return sum('"access_rolematrixentry"' in q["sql"] for q in queries)


# Queries of the whole case page on SQLite, by who reads it. Each read the matrix 7 times
# before the levels were kept for the request (44, 42 and 38 queries).
CASE_PAGE_QUERIES = {"coordinator": 38, "detective": 36, "interviewer": 32}


@pytest.mark.parametrize("who", sorted(CASE_PAGE_QUERIES))
def test_the_case_page_reads_the_role_matrix_once(
    cast, client_for, case, assign, who, django_assert_max_num_queries
):
    user = getattr(cast, who)
    if who != "coordinator":
        assign(case, user, "law_enforcement" if who == "detective" else "forensic_interview")
    client = client_for(user)
    # PostgreSQL takes the audit chain's advisory lock in one more query.
    most = CASE_PAGE_QUERIES[who] + (1 if connection.vendor == "postgresql" else 0)
    with django_assert_max_num_queries(most) as captured:
        response = client.get(f"/cases/{case.public_id}/")
    assert response.status_code == 200
    assert _matrix_reads(captured.captured_queries) == 1


def test_a_matrix_change_in_the_request_is_seen_at_once(cast):
    """The levels kept for a request are dropped when the matrix changes in it."""
    from haven.access.rules import levels_read_once, section_level
    from haven.access.services import matrix_update

    with levels_read_once():
        assert section_level(cast.therapist, Section.ADVOCACY) == Level.VIEW
        matrix_update(
            actor=cast.security_officer,
            changes={("mental_health", "advocacy"): Level.NONE},
        )
        assert section_level(cast.therapist, Section.ADVOCACY) == Level.NONE


def test_outside_a_request_nothing_is_kept(cast, django_assert_num_queries):
    from haven.access.rules import section_levels

    with django_assert_num_queries(2):
        section_levels(cast.coordinator)
        section_levels(cast.coordinator)
