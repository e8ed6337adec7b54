"""Access-table rows for the case-review routes (merged by
haven/core/tests/test_access_table.py).

The routes use the table's team (base['team'], hosted by the cast's CAC, with the
detective as its only member) and a meeting of it facilitated by the coordinator, with two
of the team's cases on the agenda: one assigned to the detective and one assigned to no
one. The team is seen by its managers (coordinator, security officer) and its member (the
detective); everyone else gets 404. Only the coordinator runs the meeting: the security
officer manages the team but has no case-review section, the detective is a member, both
403. On the pages, the packet and the API, the detective (a partner who is not on the
second case) sees that case as "Restricted" with its number only: checked by
test_views.test_partner_not_on_a_case_sees_restricted_in_page_packet_and_api, on these
same fixtures.
"""

from haven.testing.access_table import row


def _team(f, rest=""):
    return f"/reviews/teams/{f['team']}/{rest}"


def _meeting(f, rest=""):
    return f"/reviews/meetings/{f['rv_meeting']}/{rest}"


def _item(f, rest):
    return _meeting(f, f"items/{f['rv_item']}/{rest}")


def _seen(ok: int) -> dict[str, int]:
    """Seen by the team's managers and member; hidden (404) from everyone else."""
    return row(302, 404, coordinator=ok, security_officer=ok, law_enforcement=ok)


def _run(ok: int) -> dict[str, int]:
    """Run by the coordinator; the officer and the member see it but may not (403)."""
    return row(302, 404, coordinator=ok, security_officer=403, law_enforcement=403)


def _api(f, rest):
    return f"/api/v1/reviews/meetings/{f['rv_meeting']}/{rest}"


def _api_seen(ok: int) -> dict[str, int]:
    return _seen(ok) | {"anon": 401}


def _api_run(ok: int) -> dict[str, int]:
    return _run(ok) | {"anon": 401}


ROUTES = {
    "reviews:my_actions": ("GET", lambda f: "/reviews/actions/", row(302, 200)),
    # The owner (detective) and the facilitator (coordinator); an empty form is refused
    # with a message and a redirect.
    "reviews:action_status": (
        "POST",
        lambda f: f"/reviews/actions/{f['rv_action']}/status/",
        row(302, 404, coordinator=302, law_enforcement=302),
    ),
    "reviews:team_reviews": ("GET", lambda f: _team(f), _seen(200)),
    "reviews:team_settings": ("POST", lambda f: _team(f, "settings/"), _run(302)),
    "reviews:team_feed": ("POST", lambda f: _team(f, "calendar/"), _run(302)),
    "reviews:meeting_create": ("GET", lambda f: _team(f, "meetings/new/"), _run(200)),
    # The secret link is the credential (no child or case in it): anyone holding it.
    "reviews:team_feed_ics": (
        "GET",
        lambda f: f"/reviews/calendar/{f['rv_feed_token']}.ics",
        row(200, 200),
    ),
    "reviews:meeting_detail": ("GET", lambda f: _meeting(f), _seen(200)),
    "reviews:agenda_add": ("POST", lambda f: _meeting(f, "agenda/"), _run(400)),
    "reviews:attendance_add": ("POST", lambda f: _meeting(f, "attendance/"), _run(400)),
    "reviews:meeting_status": ("POST", lambda f: _meeting(f, "status/"), _run(302)),
    "reviews:meeting_conduct": ("GET", lambda f: _meeting(f, "conduct/"), _run(200)),
    "reviews:meeting_packet": ("GET", lambda f: _meeting(f, "packet.pdf"), _seen(200)),
    "reviews:meeting_invite": ("GET", lambda f: _meeting(f, "invite.ics"), _seen(200)),
    "reviews:item_record": ("POST", lambda f: _item(f, "record/"), _run(302)),
    "reviews:recommendation_add": ("POST", lambda f: _item(f, "recommendations/"), _run(400)),
    "reviews:action_add": ("POST", lambda f: _item(f, "actions/"), _run(400)),
    # The API: 401 without credentials; the empty form body is refused (415) once the
    # caller may write.
    "api-review-meetings": (
        "GET",
        lambda f: f"/api/v1/reviews/teams/{f['team']}/meetings/",
        _api_seen(200),
    ),
    "api-review-agenda": ("POST", lambda f: _api(f, "agenda/"), _api_run(415)),
    "api-review-attendance": ("GET", lambda f: _api(f, "attendance/"), _api_seen(200)),
    "api-review-recommendations": (
        "POST",
        lambda f: _api(f, f"items/{f['rv_item']}/recommendations/"),
        _api_run(415),
    ),
    "api-review-actions": (
        "POST",
        lambda f: _api(f, f"items/{f['rv_item']}/actions/"),
        _api_run(415),
    ),
    "api-review-my-actions": ("GET", lambda f: "/api/v1/reviews/actions/", row(401, 200)),
    "api-review-action-status": (
        "POST",
        lambda f: f"/api/v1/reviews/actions/{f['rv_action']}/status/",
        row(401, 404, coordinator=415, law_enforcement=415),
    ),
}


def fixtures(cast, base) -> dict:
    import datetime

    from django.utils import timezone

    from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
    from haven.people.services import person_create
    from haven.reviews import services
    from haven.teams.models import Team

    team = Team.objects.get(public_id=base["team"])
    types = services.meeting_types_ensure(team)

    def case(first, assign):
        child = person_create(
            actor=cast.intake, confirmed_new=True, first_name=first, last_name="Reviewed"
        )
        made = referral_intake(
            actor=cast.intake,
            cac=cast.cac,
            team=team,
            reason="abuse_allegation",
            received_at=timezone.now() - datetime.timedelta(days=3),
            parties=[PartyIn(person=child, role="alleged_victim")],
            allegations=[AllegationIn(victim=child, kind="neglect")],
        ).cases[0]
        if assign:
            case_assign(
                actor=cast.coordinator,
                case=made,
                section="law_enforcement",
                user=cast.detective,
                starts_on=timezone.localdate() - datetime.timedelta(days=3),
            )
        return made

    seen, hidden = case("Seen", True), case("Hidden", False)
    meeting = services.meeting_schedule(
        actor=cast.coordinator,
        team=team,
        meeting_type=next(t for t in types if t.kind == "case_review"),
        starts_at=timezone.now() + datetime.timedelta(days=7),
        facilitator=cast.coordinator,
        location="Conference room B",
    )
    item = services.agenda_add(actor=cast.coordinator, meeting=meeting, case=seen)
    services.agenda_add(actor=cast.coordinator, meeting=meeting, case=hidden)
    action = services.action_item_add(
        actor=cast.coordinator,
        item=item,
        description="Send the incident report",
        owner=cast.detective,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    token = services.team_feed_issue(actor=cast.coordinator, team=team)
    return {
        "rv_meeting": meeting.public_id,
        "rv_item": item.public_id,
        "rv_action": action.public_id,
        "rv_feed_token": token,
        "rv_seen_case": seen.number,
        "rv_hidden_case": hidden.number,
    }
