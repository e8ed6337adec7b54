"""Case-review meetings as iCalendar: one invitation per meeting, and a feed per team.
No child's name and no case number: an event names the team, the meeting type, the place
and the video link. The agenda stays in Haven."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from haven.reviews.models import Meeting, MeetingStatus


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Haven//Case review//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"{meeting.public_id}@haven.review")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.meeting_type.name}, {meeting.team.name}")
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    lines = [f"Facilitator: {meeting.facilitator.full_name}."]
    if meeting.video_link:
        lines.append(f"Video: {meeting.video_link}")
    lines.append("The agenda and packet are in Haven.")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def invitation(meeting: Meeting) -> bytes:
    calendar = _calendar(meeting.team.name)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(meeting))
    return calendar.to_ical()


def team_feed(team) -> bytes:
    calendar = _calendar(f"{team.name}: case reviews")
    since = timezone.now() - datetime.timedelta(days=90)
    meetings = (
        Meeting.objects.filter(team=team, starts_at__gte=since)
        .select_related("meeting_type", "team", "facilitator")
        .order_by("starts_at")[:500]
    )
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    return calendar.to_ical()
