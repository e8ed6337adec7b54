"""The role matrix and the statutory limits no matrix edit can lift (Gen. Stat. § 17a-106f)."""

import pytest

from haven.access.defaults import DEFAULT_MATRIX
from haven.access.models import Level, RoleMatrixEntry, Section
from haven.access.rules import matrix_level, require_section, section_level
from haven.access.services import matrix_update
from haven.accounts.disciplines import Discipline
from haven.audit.models import Action, AuditEvent
from haven.core.errors import HavenError


@pytest.mark.django_db
def test_the_matrix_is_seeded_with_a_level_for_every_discipline_and_section():
    assert RoleMatrixEntry.objects.count() == len(Discipline) * len(Section)
    stored = {(e.discipline, e.section): e.level for e in RoleMatrixEntry.objects.all()}
    assert stored == DEFAULT_MATRIX


def test_only_law_enforcement_edits_the_law_enforcement_section_17a_106f():
    for discipline in Discipline:
        level = matrix_level(DEFAULT_MATRIX, discipline.value, Section.LAW_ENFORCEMENT)
        if discipline == Discipline.LAW_ENFORCEMENT:
            assert level == Level.EDIT
        else:
            assert level < Level.EDIT, discipline


def test_only_dcf_edits_the_child_protection_section_17a_106f():
    for discipline in Discipline:
        level = matrix_level(DEFAULT_MATRIX, discipline.value, Section.CHILD_PROTECTION)
        assert (level == Level.EDIT) == (discipline == Discipline.DCF), discipline


def test_a_matrix_that_somehow_grants_edit_is_still_capped_by_the_statute():
    tampered = dict(DEFAULT_MATRIX)
    tampered[("coordinator", "law_enforcement")] = Level.EDIT
    assert matrix_level(tampered, "coordinator", "law_enforcement") == Level.VIEW


@pytest.mark.django_db
def test_writing_the_law_enforcement_section_as_dcf_is_refused_citing_the_statute(cast):
    with pytest.raises(HavenError) as refusal:
        require_section(cast.dcf_worker, Section.LAW_ENFORCEMENT, Level.EDIT)
    assert refusal.value.citation == "Gen. Stat. § 17a-106f"
    assert "law enforcement officers" in refusal.value.message


@pytest.mark.django_db
def test_the_clinical_sections_stay_with_their_clinicians(cast):
    assert section_level(cast.therapist, Section.MENTAL_HEALTH) == Level.EDIT
    assert section_level(cast.detective, Section.MENTAL_HEALTH) == Level.NONE
    assert section_level(cast.doctor, Section.MEDICAL) == Level.EDIT
    assert section_level(cast.advocate, Section.MEDICAL) == Level.NONE


@pytest.mark.django_db
def test_a_disabled_user_has_no_access_at_all(cast):
    assert all(section_level(cast.disabled, s) == Level.NONE for s in Section)


@pytest.mark.django_db
def test_the_security_officer_changes_a_cell_and_it_is_audited(cast):
    changed = matrix_update(
        actor=cast.security_officer, changes={("victim_advocate", "medical"): Level.VIEW}
    )
    assert changed == 1
    assert section_level(cast.advocate, Section.MEDICAL) == Level.VIEW
    event = AuditEvent.objects.filter(action=Action.MATRIX_CHANGED).get()
    assert event.old_values == {"victim_advocate/medical": 0}
    assert event.new_values == {"victim_advocate/medical": 1}


@pytest.mark.django_db
def test_the_matrix_refuses_edit_on_child_protection_for_police_citing_the_statute(cast):
    with pytest.raises(HavenError) as refusal:
        matrix_update(
            actor=cast.security_officer,
            changes={("law_enforcement", "child_protection"): Level.EDIT},
        )
    assert refusal.value.citation == "Gen. Stat. § 17a-106f"
    assert section_level(cast.detective, Section.CHILD_PROTECTION) == Level.VIEW


@pytest.mark.django_db
def test_only_the_security_officer_edits_the_matrix(cast):
    with pytest.raises(HavenError):
        matrix_update(actor=cast.coordinator, changes={("intake", "medical"): Level.VIEW})


@pytest.mark.django_db
def test_the_matrix_page_saves_changes_and_shows_no_edit_where_the_statute_bars_it(
    cast, client_for
):
    client = client_for(cast.security_officer)
    page = client.get("/access/matrix/").content.decode()
    barred = page.split('name="coordinator__law_enforcement"')[1].split("</select>")[0]
    assert "Edit" not in barred
    response = client.post("/access/matrix/", {"intake__documents": "0"})
    assert response.status_code == 302
    assert section_level(cast.intake, Section.DOCUMENTS) == Level.NONE


@pytest.mark.django_db
def test_a_forged_matrix_post_is_refused_and_changes_nothing(cast, client_for):
    client = client_for(cast.security_officer)
    response = client.post(
        "/access/matrix/", {"dcf__law_enforcement": "2", "intake__documents": "0"}
    )
    assert response.status_code == 400
    assert "17a-106f" in response.content.decode()
    assert section_level(cast.intake, Section.DOCUMENTS) == Level.VIEW
