"""The review pages: who sees what, Restricted rows, bad input kept, bounded queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.reviews import services
from haven.reviews.models import ActionItem, AgendaItem
from haven.reviews.tests.conftest import open_case
from haven.testing.pdf import pdf_text


def _url(meeting, rest=""):
    return f"/reviews/meetings/{meeting.public_id}/{rest}"


def _fill(cast, team, meeting, n):
    for i in range(n):
        case = open_case(cast, team, f"Kid{i}{AgendaItem.objects.count()}", assign=bool(i % 2))
        item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
        services.recommendation_add(actor=cast.coordinator, item=item, text="Follow up")
        if i % 2:
            services.action_item_add(
                actor=cast.coordinator,
                item=item,
                description="Call",
                owner=cast.detective,
                due_on=timezone.localdate() + datetime.timedelta(days=4),
            )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_agenda_page_queries_are_bounded(cast, team, meeting, client_for):
    services.attendance_record(actor=cast.coordinator, meeting=meeting, user=cast.detective)
    client = client_for(cast.coordinator)
    _fill(cast, team, meeting, 2)
    few = _count(client, _url(meeting))
    _fill(cast, team, meeting, 6)
    assert _count(client, _url(meeting)) <= few
    assert few <= 40


def test_conduct_page_queries_are_bounded(cast, team, meeting, client_for):
    client = client_for(cast.coordinator)
    _fill(cast, team, meeting, 2)
    few = _count(client, _url(meeting, "conduct/"))
    _fill(cast, team, meeting, 6)
    assert _count(client, _url(meeting, "conduct/")) <= few
    assert few <= 40


def test_partner_not_on_a_case_sees_restricted_in_page_packet_and_api(
    cast, meeting, case, other, client_for
):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=other)
    client = client_for(cast.detective)
    page = client.get(_url(meeting)).content.decode()
    assert case.child.full_name in page
    assert other.number in page and "Restricted" in page
    assert other.child.full_name not in page
    pdf = client.get(_url(meeting, "packet.pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert case.child.full_name in text and "Restricted" in text
    assert other.number in text and other.child.full_name not in text
    api = client.get(f"/api/v1/reviews/meetings/{meeting.public_id}/agenda/").json()
    by_number = {row["case_number"]: row for row in api["items"]}
    assert by_number[other.number]["restricted"] is True
    assert by_number[other.number]["child_name"] is None
    assert by_number[case.number]["child_name"] == case.child.full_name


def test_agenda_page_read_is_audited(cast, meeting, case, client_for):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    client_for(cast.detective).get(_url(meeting))
    event = AuditEvent.objects.filter(action=Action.VIEWED, actor=cast.detective).first()
    assert str(case.public_id) in event.new_values["cases"]


def test_case_added_twice_shows_a_clear_message(cast, meeting, case, client_for):
    client = client_for(cast.coordinator)
    client.post(_url(meeting, "agenda/"), {"case_number": case.number})
    response = client.post(_url(meeting, "agenda/"), {"case_number": case.number})
    assert response.status_code == 400
    assert "already on this agenda" in response.content.decode()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_attendee_not_on_the_team_is_refused_on_the_page(cast, meeting, client_for):
    response = client_for(cast.coordinator).post(
        _url(meeting, "attendance/"), {"user": str(cast.doctor.public_id)}
    )
    assert response.status_code == 400
    assert "not a member" in response.content.decode()


def test_past_due_action_item_is_refused_and_the_input_kept(cast, meeting, case, client_for):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    p = f"a{item.pk}"
    response = client_for(cast.coordinator).post(
        _url(meeting, f"items/{item.public_id}/actions/"),
        {
            f"{p}-description": "Ask the school for attendance records",
            f"{p}-owner": str(cast.detective.public_id),
            f"{p}-due_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "due date has passed" in body
    assert "Ask the school for attendance records" in body  # nothing lost
    assert not ActionItem.objects.exists()


def test_action_item_with_no_owner_is_refused_on_the_page(cast, meeting, case, client_for):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    p = f"a{item.pk}"
    response = client_for(cast.coordinator).post(
        _url(meeting, f"items/{item.public_id}/actions/"),
        {f"{p}-description": "Call", f"{p}-due_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "needs an owner" in response.content.decode()


def test_editing_a_closed_meeting_is_refused_and_the_text_kept(cast, meeting, case, client_for):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    services.meeting_close(actor=cast.coordinator, meeting=meeting)
    p = f"i{item.pk}"
    response = client_for(cast.coordinator).post(
        _url(meeting, f"items/{item.public_id}/record/"),
        {f"{p}-discussion": "A late thought about the safety plan"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Reopen it" in body
    assert "A late thought about the safety plan" in body
    item.refresh_from_db()
    assert item.discussion == ""


def test_case_page_shows_the_case_reviews_panel(cast, team, case_review, case, client_for):
    from haven.reviews.tests.conftest import make_meeting

    past = make_meeting(cast, team, case_review, days=-3)
    item = services.agenda_add(actor=cast.coordinator, meeting=past, case=case)
    services.item_record(actor=cast.coordinator, item=item, decisions="Refer to therapy")
    services.meeting_close(actor=cast.coordinator, meeting=past)
    body = client_for(cast.detective).get(f"/cases/{case.public_id}/").content.decode()
    assert "Case reviews" in body and "Refer to therapy" in body
    assert "Next review due" in body


def test_my_actions_page_lists_the_owners_items(cast, meeting, case, client_for):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    services.action_item_add(
        actor=cast.coordinator,
        item=item,
        description="Send the report",
        owner=cast.detective,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    body = client_for(cast.detective).get("/reviews/actions/").content.decode()
    assert "Send the report" in body and case.number in body
    home = client_for(cast.detective).get("/").content.decode()
    assert "Your action items from case reviews" in home and "Send the report" in home


def test_invitation_and_team_feed_name_no_child(cast, team, meeting, case, client_for):
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    ics = client_for(cast.detective).get(_url(meeting, "invite.ics")).content.decode()
    assert "BEGIN:VEVENT" in ics and "Case review" in ics
    assert case.child.last_name not in ics and case.number not in ics
    token = services.team_feed_issue(actor=cast.coordinator, team=team)
    feed = client_for(cast.detective).get(f"/reviews/calendar/{token}.ics")
    assert feed.status_code == 200 and str(meeting.public_id) in feed.content.decode()
    services.team_feed_revoke(actor=cast.coordinator, team=team)
    assert client_for(cast.detective).get(f"/reviews/calendar/{token}.ics").status_code == 404


def test_adding_an_action_item_keeps_the_discussion_typed_beside_it(
    cast, meeting, case, client_for
):
    """Issue 20: one form per case on the conduct page; the notes typed so far travel with
    the "Add action item" button and are saved with it, not thrown away."""
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    i, a = f"i{item.pk}", f"a{item.pk}"
    response = client_for(cast.coordinator).post(
        _url(meeting, f"items/{item.public_id}/actions/"),
        {
            f"{i}-discussion": "Safety plan reviewed with the grandmother",
            f"{i}-decisions": "Refer for trauma-focused therapy",
            f"{a}-description": "Send the therapy referral",
            f"{a}-owner": str(cast.detective.public_id),
            f"{a}-due_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.discussion == "Safety plan reviewed with the grandmother"
    assert item.decisions == "Refer for trauma-focused therapy"
    assert ActionItem.objects.filter(item=item, description="Send the therapy referral").exists()
    assert AuditEvent.objects.filter(action=Action.REVIEW_RECORDED, object_id=item.public_id)


def test_a_refused_action_item_keeps_the_typed_discussion_and_saves_nothing(
    cast, meeting, case, client_for
):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    i, a = f"i{item.pk}", f"a{item.pk}"
    response = client_for(cast.coordinator).post(
        _url(meeting, f"items/{item.public_id}/actions/"),
        {
            f"{i}-discussion": "Notes that must survive a refusal",
            f"{a}-description": "Call",
            f"{a}-due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "needs an owner" in body
    assert "Notes that must survive a refusal" in body
    item.refresh_from_db()
    assert item.discussion == ""
    assert not ActionItem.objects.exists()


def test_adding_a_recommendation_keeps_the_discussion_typed_beside_it(
    cast, meeting, case, client_for
):
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=case)
    i, r = f"i{item.pk}", f"r{item.pk}"
    response = client_for(cast.coordinator).post(
        _url(meeting, f"items/{item.public_id}/recommendations/"),
        {f"{i}-discussion": "Medical exam done", f"{r}-text": "Follow up with the school"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.discussion == "Medical exam done"
