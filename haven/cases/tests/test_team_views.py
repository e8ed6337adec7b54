"""The case page's case team (add, end) and the security officer's access controls."""

import datetime

import pytest
from django.core import mail

from haven.audit.models import Action, AuditEvent
from haven.cases.access import can_view_case
from haven.cases.models import Assignment, CaseDenial
from haven.cases.services import case_deny, case_restrict

pytestmark = pytest.mark.django_db


def _page(case):
    return f"/cases/{case.public_id}/"


def test_the_coordinator_sees_the_assignment_form_and_the_detective_does_not(
    case, cast, client_for, assign
):
    assign(case, cast.detective, "law_enforcement")
    coordinator = client_for(cast.coordinator).get(_page(case)).content.decode()
    detective = client_for(cast.detective).get(_page(case)).content.decode()
    assert "Add to the case team" in coordinator and "End assignment" in coordinator
    assert "Add to the case team" not in detective and "End assignment" not in detective


def test_adding_an_assignment_on_the_case_page_assigns_and_emails(case, cast, client_for):
    client = client_for(cast.coordinator)
    response = client.post(
        f"/cases/{case.public_id}/assignments/",
        {
            "section": "advocacy",
            "user": str(cast.advocate.public_id),
            "starts_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(case=case, user=cast.advocate)
    assert assignment.section == "advocacy"
    assert assignment.starts_on == datetime.date(2026, 1, 5)


def test_assigning_a_non_police_user_to_law_enforcement_is_refused_with_the_statute(
    case, cast, client_for
):
    response = client_for(cast.coordinator).post(
        f"/cases/{case.public_id}/assignments/",
        {
            "section": "law_enforcement",
            "user": str(cast.advocate.public_id),
            "starts_on": "2026-01-05",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Gen. Stat. § 17a-106f" in body
    assert "open" in body.split('id="add-assignment"')[1][:20]  # the form stays open
    assert not Assignment.objects.filter(case=case, user=cast.advocate).exists()


def test_the_assignment_email_reaches_the_assignee(
    case, cast, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.coordinator).post(
            f"/cases/{case.public_id}/assignments/",
            {
                "section": "advocacy",
                "user": str(cast.advocate.public_id),
                "starts_on": "2026-01-05",
            },
        )
    assert [m.to for m in mail.outbox] == [[cast.advocate.email]]
    assert case.number in mail.outbox[0].subject


def test_ending_an_assignment_on_the_case_page(case, cast, client_for, assign, today):
    assignment = assign(case, cast.detective, "law_enforcement")
    response = client_for(cast.coordinator).post(
        f"/cases/{case.public_id}/assignments/{assignment.public_id}/end/",
        {"ends_on": today.isoformat()},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == today
    assert AuditEvent.objects.filter(action=Action.CASE_UNASSIGNED, case_id=case.public_id).exists()


def test_ending_an_assignment_before_it_began_says_why(case, cast, client_for, assign, today):
    assignment = assign(case, cast.detective, "law_enforcement")
    client = client_for(cast.coordinator)
    response = client.post(
        f"/cases/{case.public_id}/assignments/{assignment.public_id}/end/",
        {"ends_on": (today - datetime.timedelta(days=3)).isoformat()},
        follow=True,
    )
    assert "cannot be before the assignment began" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.ends_on is None


def test_the_detective_may_not_end_an_assignment(case, cast, client_for, assign, today):
    assignment = assign(case, cast.detective, "law_enforcement")
    response = client_for(cast.detective).post(
        f"/cases/{case.public_id}/assignments/{assignment.public_id}/end/",
        {"ends_on": today.isoformat()},
    )
    assert response.status_code == 403


# --- access controls ------------------------------------------------------------------


def test_only_the_security_officer_sees_the_access_controls(case, cast, client_for):
    officer = client_for(cast.security_officer).get(_page(case)).content.decode()
    coordinator = client_for(cast.coordinator).get(_page(case)).content.decode()
    assert "Who may see this case" in officer and "Restrict to named people" in officer
    assert "Who may see this case" not in coordinator


def test_restricting_on_the_case_page_leaves_the_officer_the_access_page(case, cast, client_for):
    client = client_for(cast.security_officer)
    response = client.post(
        f"/cases/{case.public_id}/access/restrict/", {"users": [str(cast.coordinator.public_id)]}
    )
    # The officer is not named: the case page is now "not found" to them, the access
    # page still lets them lift the restriction.
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.public_id}/access/"
    assert client.get(_page(case)).status_code == 404
    access = client.get(response["Location"]).content.decode()
    assert case.number in access and "Carmen Reyes" in access
    assert case.child.last_name not in access  # the record itself stays closed to them
    lifted = client.post(f"/cases/{case.public_id}/access/restrict/lift/")
    assert lifted.status_code == 302
    case.refresh_from_db()
    assert not case.restricted
    assert client.get(_page(case)).status_code == 200


def test_denying_and_lifting_a_denial_on_the_case_page(case, cast, client_for):
    client = client_for(cast.security_officer)
    response = client.post(
        f"/cases/{case.public_id}/access/denials/", {"user": str(cast.intake.public_id)}
    )
    assert response.status_code == 302 and response["Location"].endswith("#access")
    assert not can_view_case(cast.intake, case)
    assert "Ivy Chen" in client.get(_page(case)).content.decode()
    client.post(f"/cases/{case.public_id}/access/denials/{cast.intake.public_id}/lift/")
    assert can_view_case(cast.intake, case)
    assert not CaseDenial.objects.exists()


def test_denying_nobody_is_refused_on_the_form(case, cast, client_for):
    response = client_for(cast.security_officer).post(f"/cases/{case.public_id}/access/denials/")
    assert response.status_code == 400
    assert "usa-error-message" in response.content.decode()


def test_the_access_controls_are_not_the_coordinators(case, cast, client_for):
    client = client_for(cast.coordinator)
    assert client.get(f"/cases/{case.public_id}/access/").status_code == 403
    response = client.post(
        f"/cases/{case.public_id}/access/denials/", {"user": str(cast.intake.public_id)}
    )
    assert response.status_code == 403
    assert can_view_case(cast.intake, case)


def test_the_case_page_shows_restriction_and_denials_to_the_officer(case, cast, client_for):
    case_deny(actor=cast.security_officer, case=case, user=cast.advocate)
    case_restrict(
        actor=cast.security_officer, case=case, allowed=[cast.security_officer, cast.coordinator]
    )
    body = client_for(cast.security_officer).get(_page(case)).content.decode()
    assert "Lift the restriction" in body and "Vanessa Hall" in body and "Lift the denial" in body


def test_the_case_page_with_the_officers_controls_uses_a_bounded_number_of_queries(
    case, cast, client_for, django_assert_max_num_queries, make_person, intake
):
    client = client_for(cast.security_officer)
    client.get(_page(case))
    with django_assert_max_num_queries(40) as few:
        client.get(_page(case))
    for user in (cast.advocate, cast.intake, cast.detective, cast.therapist):
        case_deny(actor=cast.security_officer, case=case, user=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_page(case))
