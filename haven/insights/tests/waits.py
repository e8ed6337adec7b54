"""A hand-built fixture for the dashboard's waits, dated relative to `today` (the API and the
page use the real today). Days from receipt are worked out by hand:

Completed interviews in the last 12 months (case received -> interview):
  A  received T-100, interviewed T-97 at 10:00                 ->   3 days
  B  received T-100, interviewed T-90 at 23:30 New York time   ->  10 days (11 by the UTC
     date: the wait is counted in the centre's days)
  C  received T-60,  interviewed T-46                          ->  14 days
  D  received T-60,  interviewed T-30                          ->  30 days
  E  received T-20,  interviewed T-25 (before receipt: bad data) -> -5, left out
Not counted: A's cancelled interview at T-95; C's second interview at T-10 (50 days: only
a case's first interview is a wait); F (received T-410) interviewed T-400, over a year ago.
  Measured 3, 10, 14, 30: n = 4, even, median (10 + 14) / 2 = 12;
  bands 0-7: 1, 8-30: 3, 31-90: 0, 91+: 0; 1 excluded.

Each case's first referral of each service type, where it is in the last 12 months (case
received -> referred):
  advocacy       A T-100 (0), C T-55 (5), D T-51 (9)  -> median 5, n = 3, bands 2 1 0 0
                 (A's second advocacy referral at T-40, 60 days, is not a first)
  mh_assessment  A T-98 (2), B T-93 (7), E T-23 (-3)  -> median (2 + 7) / 2 = 4.5, n = 2,
                                                          1 excluded, total 3, bands 2 0 0 0
  mh_treatment   F's first is T-380, over a year ago, so its T-300 referral is not a first:
                 no row for mental-health treatment at all.
"""

import datetime

from django.utils import timezone

from haven.insights.tests import factory as f


def _at(day: datetime.date, hour: int = 10, minute: int = 0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build(cast, today: datetime.date) -> dict:
    from haven.interviews.models import Interview, Room
    from haven.services.models import ServiceReferral

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    cac, actor = cast.cac, cast.intake
    received = {"A": 100, "B": 100, "C": 60, "D": 60, "E": 20, "F": 410}
    cases = {k: f.simple_case(cac, actor, ago(days)) for k, days in received.items()}
    room = Room.objects.create(cac=cac, name="Green room")

    def interview(key, days_ago, status="completed", hour=10, minute=0):
        starts = _at(ago(days_ago), hour, minute)
        Interview.objects.create(
            case=cases[key],
            room=room,
            interviewer=cast.interviewer,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=25),
            protocol="childfirst",
            status=status,
            created_by=cast.coordinator,
        )

    interview("A", 97)
    interview("B", 90, hour=23, minute=30)
    interview("C", 46)
    interview("D", 30)
    interview("E", 25)
    interview("A", 95, status="cancelled")
    interview("C", 10)
    interview("F", 400)

    def refer(key, kind, days_ago):
        ServiceReferral.objects.create(
            case=cases[key],
            service_type=kind,
            provider=cac,
            referred_by=cast.advocate,
            referred_on=ago(days_ago),
        )

    refer("A", "advocacy", 100)
    refer("A", "advocacy", 40)
    refer("C", "advocacy", 55)
    refer("D", "advocacy", 51)
    refer("A", "mh_assessment", 98)
    refer("B", "mh_assessment", 93)
    refer("E", "mh_assessment", 23)
    refer("F", "mh_treatment", 300)
    refer("F", "mh_treatment", 380)
    return cases
