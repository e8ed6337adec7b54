"""Demo case review: the home team's last meeting (conducted, with an action item for the
demo detective) and the next one (a monthly schedule, Haven's proposals on the agenda).
Through the real services; deterministic; once only (`seed_demo --cases` calls it)."""

import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.demo.seed import demo_email
from haven.reviews import selectors, services
from haven.reviews.models import ItemSource, Meeting
from haven.teams.models import Team


def seed_reviews(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    coordinator = User.objects.get(email=demo_email("coordinator"))
    detective = User.objects.get(email=demo_email("law_enforcement"))
    team = Team.objects.filter(host_cac_id=coordinator.agency_id).order_by("id").first()
    if team is None:
        return {}
    done = Meeting.objects.filter(team=team).first()
    if done is not None:
        return {"team": str(team.public_id)}
    kinds = {t.kind: t for t in services.meeting_types_ensure(team)}
    review = kinds["case_review"]
    members = [m.user for m in selectors.members_on(team, today) if m.user_id]

    def at(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))

    with transaction.atomic():
        last = services.meeting_schedule(
            actor=coordinator,
            team=team,
            meeting_type=review,
            starts_at=at(today - datetime.timedelta(days=14)),
            facilitator=coordinator,
            location="New Haven CAC, conference room B",
        )
        for proposal in selectors.proposals(coordinator, last)[:3]:
            item = services.agenda_add(
                actor=coordinator,
                meeting=last,
                case=proposal.case,
                source=ItemSource.PROPOSED,
                reasons=proposal.reasons,
            )
            services.item_record(
                actor=coordinator,
                item=item,
                discussion="Team reviewed the investigation and services to date.",
                decisions="Continue services; review again next month.",
            )
            if proposal.case.assignments.filter(user=detective).exists():
                services.action_item_add(
                    actor=coordinator,
                    item=item,
                    description="Share the forensic exam report with the prosecutor",
                    owner=detective,
                    due_on=today + datetime.timedelta(days=3),
                )
        for user in members[:6]:
            services.attendance_record(actor=coordinator, meeting=last, user=user)
        services.meeting_close(actor=coordinator, meeting=last)
        upcoming = services.meeting_schedule(
            actor=coordinator,
            team=team,
            meeting_type=review,
            starts_at=at(today + datetime.timedelta(days=7)),
            facilitator=coordinator,
            location="New Haven CAC, conference room B",
            video_link="https://meet.example.test/new-haven-mdt",
        )
        # Two of Haven's proposals on the agenda; the rest wait for the facilitator.
        for proposal in selectors.proposals(coordinator, upcoming)[:2]:
            services.agenda_add(
                actor=coordinator,
                meeting=upcoming,
                case=proposal.case,
                source=ItemSource.PROPOSED,
                reasons=proposal.reasons,
            )
    return {"team": str(team.public_id), "next": str(upcoming.public_id)}
