"""A user's interviews as an iCalendar feed. No child's name, ever: an event says
"Forensic interview", the case number, the room and the CAC."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from haven.interviews.models import BOOKED, Status
from haven.interviews.selectors import my_interviews


def feed_for(user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Haven//Forensic interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Haven interviews")
    since = timezone.now() - datetime.timedelta(days=30)
    for interview in my_interviews(user, since=since).select_related("case__cac")[:500]:
        event = Event()
        event.add("uid", f"{interview.public_id}@haven")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", interview.starts_at)
        event.add("dtend", interview.ends_at)
        role = "Interviewer" if interview.interviewer_id == user.pk else "Observer"
        event.add("summary", f"Forensic interview, case {interview.case.number}")
        event.add("location", f"{interview.room.name}, {interview.case.cac.name}")
        event.add("description", f"{role}. Details in Haven.")
        event.add(
            "status",
            "CONFIRMED"
            if interview.status in BOOKED or interview.status == Status.COMPLETED
            else "CANCELLED",
        )
        calendar.add_component(event)
    return calendar.to_ical()
