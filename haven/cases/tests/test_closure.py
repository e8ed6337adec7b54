"""Closing and reopening a case: a reason, a warning about open work, an append-only
history, and a timeline that shows each event only to those who may see its section."""

import pytest

from haven.access.models import Section
from haven.audit.models import Action, AuditEvent
from haven.cases import hooks
from haven.cases.models import CaseStatus, ClosureReason, StatusChange
from haven.cases.selectors import case_timeline
from haven.cases.services import case_close, case_reopen
from haven.core.errors import HavenError


@pytest.fixture
def open_work():
    """Register an open-work check for the test, as an app above cases would."""
    items = []

    def check(case):
        return list(items)

    hooks.register_open_work(check)
    yield items
    hooks._OPEN_WORK.remove(check)


def test_closing_needs_a_reason(case, cast):
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=case, reason="")
    assert refused.value.field == "reason"
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_closing_for_other_needs_a_note(case, cast):
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=case, reason=ClosureReason.OTHER)
    assert refused.value.field == "note"


def test_closing_records_who_why_and_when(case, cast, today):
    change = case_close(
        actor=cast.coordinator, case=case, reason=ClosureReason.SERVICES_COMPLETE, note="Done."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == today
    assert (change.from_status, change.to_status, change.changed_by) == (
        CaseStatus.OPEN,
        CaseStatus.CLOSED,
        cast.coordinator,
    )
    event = AuditEvent.objects.filter(action=Action.CASE_CLOSED, case_id=case.public_id).get()
    assert event.new_values["reason"] == ClosureReason.SERVICES_COMPLETE


def test_closing_a_closed_case_twice_is_refused(case, cast):
    case_close(actor=cast.coordinator, case=case, reason=ClosureReason.SERVICES_COMPLETE)
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=case, reason=ClosureReason.DUPLICATE)
    assert refused.value.code == "already_closed"
    assert "already closed" in refused.value.message
    assert StatusChange.objects.filter(case=case).count() == 1


def test_closing_with_open_work_warns_and_keeps_the_case_open(case, cast, open_work):
    open_work.append("the law-enforcement investigation is still open")
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=case, reason=ClosureReason.NO_FURTHER_ACTION)
    assert refused.value.code == "open_work"
    assert "law-enforcement investigation" in refused.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_closing_with_open_work_acknowledged_keeps_what_was_acknowledged(case, cast, open_work):
    open_work.append("a mental-health referral is pending")
    change = case_close(
        actor=cast.coordinator,
        case=case,
        reason=ClosureReason.FAMILY_DECLINED,
        acknowledged=True,
    )
    assert change.acknowledged == ["a mental-health referral is pending"]


def test_only_a_general_section_editor_may_close(case, cast, assign):
    assign(case, cast.detective, "law_enforcement")
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.detective, case=case, reason=ClosureReason.SERVICES_COMPLETE)
    assert refused.value.status == 403


def test_reopening_needs_a_note_and_is_recorded(case, cast):
    case_close(actor=cast.coordinator, case=case, reason=ClosureReason.SERVICES_COMPLETE)
    with pytest.raises(HavenError):
        case_reopen(actor=cast.coordinator, case=case, note=" ")
    case_reopen(actor=cast.coordinator, case=case, note="New disclosure at school.")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.closed_on is None
    history = list(case.status_changes.values_list("to_status", flat=True))
    assert history == [CaseStatus.CLOSED, CaseStatus.OPEN]
    assert AuditEvent.objects.filter(action=Action.CASE_REOPENED, case_id=case.public_id).exists()


def test_reopening_an_open_case_is_refused(case, cast):
    with pytest.raises(HavenError) as refused:
        case_reopen(actor=cast.coordinator, case=case, note="why")
    assert refused.value.code == "already_open"


def test_status_history_is_append_only(case, cast):
    change = case_close(actor=cast.coordinator, case=case, reason=ClosureReason.DUPLICATE)
    change.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        change.save()
    with pytest.raises(ValueError, match="append-only"):
        change.delete()


def test_timeline_shows_an_event_only_to_roles_that_see_its_section(case, cast, assign):
    assign(case, cast.therapist, "mental_health")
    hooks.register_event_section("test.clinicalnote", Section.MENTAL_HEALTH)
    from haven.audit.services import audit_record

    audit_record(
        actor=cast.therapist,
        action=Action.CASE_UPDATED,
        object_type="test.clinicalnote",
        object_label="session note",
        case_id=case.public_id,
    )
    case_close(actor=cast.coordinator, case=case, reason=ClosureReason.SERVICES_COMPLETE)
    therapist_sees = [e.object_type for e in case_timeline(cast.therapist, case)]
    coordinator_sees = [e.object_type for e in case_timeline(cast.coordinator, case)]
    assert "test.clinicalnote" in therapist_sees
    # The coordinator's default role views mental health too; the intake worker's does not.
    intake_sees = [e.object_type for e in case_timeline(cast.intake, case)]
    assert "test.clinicalnote" not in intake_sees
    assert "cases.case" in intake_sees and "cases.case" in coordinator_sees


def test_timeline_hides_events_nobody_mapped(case, cast):
    from haven.audit.services import audit_record

    audit_record(
        actor=cast.coordinator,
        action=Action.CASE_UPDATED,
        object_type="unmapped.thing",
        case_id=case.public_id,
    )
    assert "unmapped.thing" not in [e.object_type for e in case_timeline(cast.coordinator, case)]


def test_timeline_never_shows_reads(case, cast):
    from haven.audit.services import audit_access

    audit_access(
        actor=cast.coordinator, target=case, case_id=case.public_id, what="case page", request=None
    )
    assert all(e.kind == "change" for e in case_timeline(cast.coordinator, case))


# --- the API ------------------------------------------------------------------------------


@pytest.fixture
def api_as(cast, settings):
    from rest_framework.test import APIClient

    from haven.api.tokens import Scope, token_create_by_operator

    settings.WHITENOISE_AUTOREFRESH = True

    def _client(user):
        _, raw = token_create_by_operator(user=user, name="closure", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def test_api_close_lists_open_work_then_closes_when_acknowledged(api_as, case, cast, open_work):
    from haven.api.tests.support import assert_problem

    open_work.append("the child-protection investigation is still open")
    api = api_as(cast.coordinator)
    url = f"/api/v1/cases/{case.public_id}/close/"
    body = assert_problem(
        api.post(url, {"reason": "services_complete"}, format="json"), 409, "open_work"
    )
    assert "child-protection investigation" in body["detail"]
    closed = api.post(url, {"reason": "services_complete", "acknowledged": True}, format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["to_status"] == "closed"
    again = api.post(url, {"reason": "duplicate", "acknowledged": True}, format="json")
    assert_problem(again, 409, "already_closed")


def test_api_reopen_and_timeline(api_as, case, cast):
    api = api_as(cast.coordinator)
    api.post(f"/api/v1/cases/{case.public_id}/close/", {"reason": "duplicate"}, format="json")
    reopened = api.post(
        f"/api/v1/cases/{case.public_id}/reopen/", {"note": "Sibling disclosed."}, format="json"
    )
    assert reopened.status_code == 200, reopened.content
    timeline = api.get(f"/api/v1/cases/{case.public_id}/timeline/").json()
    assert [e["action"] for e in timeline[:2]] == ["case.reopened", "case.closed"]


def test_api_close_of_a_case_the_caller_may_not_see_is_404(api_as, case, cast):
    response = api_as(cast.dcf_worker).post(
        f"/api/v1/cases/{case.public_id}/close/", {"reason": "duplicate"}, format="json"
    )
    assert response.status_code == 404


# --- the page -----------------------------------------------------------------------------


def test_close_page_lists_open_work_and_keeps_the_form_when_not_acknowledged(
    client_for, case, cast, open_work
):
    open_work.append("the law-enforcement investigation is still open")
    client = client_for(cast.coordinator)
    url = f"/cases/{case.public_id}/status/"
    page = client.get(url)
    assert "the law-enforcement investigation is still open" in page.content.decode().lower()
    refused = client.post(url, {"reason": "services_complete", "note": "All done."})
    assert refused.status_code == 400
    assert "All done." in refused.content.decode()  # what was typed is kept
    closed = client.post(url, {"reason": "services_complete", "acknowledged": "on"})
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_reopen_page_reopens_with_a_note(client_for, case, cast):
    case_close(actor=cast.coordinator, case=case, reason=ClosureReason.DUPLICATE)
    client = client_for(cast.coordinator)
    url = f"/cases/{case.public_id}/status/"
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Second disclosure."}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_status_page_is_for_general_section_editors_only(client_for, case, cast, assign):
    assign(case, cast.detective, "law_enforcement")
    assert client_for(cast.detective).get(f"/cases/{case.public_id}/status/").status_code == 403
    assert client_for(cast.dcf_worker).get(f"/cases/{case.public_id}/status/").status_code == 404
