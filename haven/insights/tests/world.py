"""The hand-built NCA world (period: January to June 2026, centre: the cast's CAC).

Counted cases (received in the half, abuse allegation, 18 or under at first contact):
  C1  15 Jan, girl born 1 Mar 2016 (9), white, not Hispanic; referral R1 shared with C6;
      offender: parent, 35; allegations: sexual and physical abuse
  C6  R1's co-victim, boy born 1 Jan 2013 (13), white, not Hispanic; sexual abuse only
  C2  1 Mar, boy born 2 Mar 2020 (5: the birthday is the next day), Black, Hispanic;
      offenders: step-parent born 5 May 1990 (35, no age typed), peer aged 15;
      physical abuse
  C3  30 Jun (the last day), girl born 30 Jun 2008 (18 that day: counted), race and
      ethnicity unknown; no offender; neglect
  C4  10 Apr, sex unknown, no birth date, estimated 10 on 10 Apr 2025 (11), Asian,
      ethnicity unknown; one offender, relationship and age not recorded; emotional abuse
  C5  1 Feb, boy, no birth date and no estimate (age unknown), white, not Hispanic;
      offender: parent, 40; sexual abuse
Not counted:
  X1  31 Dec 2025 (before the half)      X2  1 Jul 2026 (after it)
  X3  1 Mar, trafficking concern         X4  1 Mar, born 1 Jan 2007 (19)
  X5  1 Mar, another centre
Services in the half (any case of the centre, whenever received):
  interviews: C1 completed 1 Feb (yes), X1 completed 5 Jan (yes), C2 cancelled (no),
              C6 completed 2 Jul (no)                                       -> 2
  medical exams: C2 on 5 Mar (yes), C1 on 1 Dec 2025 (no)                  -> 1
  counselling: C1 attended mental-health treatment session 1 Apr (yes),
               C4 no-show 2 Apr (no)                                       -> 1
  referrals to counselling: C1 mh treatment 15 Mar, C4 mh treatment 20 Mar (yes),
               C5 advocacy (no), X5 mh assessment at another centre (no)   -> 2
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from haven.directory.models import AgencyKind
from haven.directory.services import agency_create
from haven.insights.tests import factory as f

D = datetime.date


@dataclass
class World:
    cases: dict
    other_cac: object


def _at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def build(cast) -> World:
    from haven.interviews.models import Interview, Room
    from haven.services.models import MedicalExam, ServiceReferral, ServiceSession

    cac, actor = cast.cac, cast.intake
    c = {}
    r1 = f.referral(cac, actor, D(2026, 1, 15))
    girl = f.person(
        sex="female", date_of_birth=D(2016, 3, 1), race="white", ethnicity="not_hispanic"
    )
    boy = f.person(sex="male", date_of_birth=D(2013, 1, 1), race="white", ethnicity="not_hispanic")
    f.offender(r1, "parent", 35)
    f.allege(r1, girl, "sexual_abuse", "physical_abuse")
    f.allege(r1, boy, "sexual_abuse")
    c["C1"], c["C6"] = f.case(r1, girl), f.case(r1, boy)

    r2 = f.referral(cac, actor, D(2026, 3, 1))
    child = f.person(sex="male", date_of_birth=D(2020, 3, 2), race="black", ethnicity="hispanic")
    f.offender(r2, "step_parent", None, date_of_birth=D(1990, 5, 5))
    f.offender(r2, "peer", 15)
    f.allege(r2, child, "physical_abuse")
    c["C2"] = f.case(r2, child)

    r3 = f.referral(cac, actor, D(2026, 6, 30))
    child = f.person(sex="female", date_of_birth=D(2008, 6, 30))
    f.allege(r3, child, "neglect")
    c["C3"] = f.case(r3, child)

    r4 = f.referral(cac, actor, D(2026, 4, 10))
    child = f.person(estimated_age=10, estimated_age_on=D(2025, 4, 10), race="asian")
    f.offender(r4, "", None)
    f.allege(r4, child, "emotional_abuse")
    c["C4"] = f.case(r4, child)

    r5 = f.referral(cac, actor, D(2026, 2, 1))
    child = f.person(sex="male", race="white", ethnicity="not_hispanic")
    f.offender(r5, "parent", 40)
    f.allege(r5, child, "sexual_abuse")
    c["C5"] = f.case(r5, child)

    c["X1"] = f.simple_case(cac, actor, D(2025, 12, 31), date_of_birth=D(2015, 1, 1))
    c["X2"] = f.simple_case(cac, actor, D(2026, 7, 1), date_of_birth=D(2015, 1, 1))
    r = f.referral(cac, actor, D(2026, 3, 1), reason="trafficking_concern")
    kid = f.person(date_of_birth=D(2012, 1, 1))
    f.allege(r, kid, "sex_trafficking")
    c["X3"] = f.case(r, kid)
    c["X4"] = f.simple_case(cac, actor, D(2026, 3, 1), date_of_birth=D(2007, 1, 1))
    other = agency_create(
        actor=cast.security_officer, name="Hartford CAC", kind=AgencyKind.CAC, town="Hartford"
    )
    c["X5"] = f.simple_case(other, actor, D(2026, 3, 1), date_of_birth=D(2015, 1, 1))

    room = Room.objects.create(cac=cac, name="Blue room")

    def interview(case, day, status):
        Interview.objects.create(
            case=case,
            room=room,
            interviewer=cast.interviewer,
            starts_at=_at(day),
            ends_at=_at(day) + datetime.timedelta(hours=1),
            protocol="childfirst",
            status=status,
            created_by=cast.coordinator,
        )

    interview(c["C1"], D(2026, 2, 1), "completed")
    interview(c["X1"], D(2026, 1, 5), "completed")
    interview(c["C2"], D(2026, 3, 3), "cancelled")
    interview(c["C6"], D(2026, 7, 2), "completed")

    def exam(case, day):
        MedicalExam.objects.create(
            case=case, examined_on=day, examiner="Dr B", acuity="non_acute", recorded_by=cast.doctor
        )

    exam(c["C2"], D(2026, 3, 5))
    exam(c["C1"], D(2025, 12, 1))

    def refer(case, kind, day, provider=cac):
        return ServiceReferral.objects.create(
            case=case,
            service_type=kind,
            provider=provider,
            referred_by=cast.advocate,
            referred_on=day,
        )

    mh1 = refer(c["C1"], "mh_treatment", D(2026, 3, 15))
    mh4 = refer(c["C4"], "mh_treatment", D(2026, 3, 20))
    refer(c["C5"], "advocacy", D(2026, 3, 1))
    refer(c["X5"], "mh_assessment", D(2026, 3, 1), provider=other)
    ServiceSession.objects.create(
        referral=mh1, held_on=D(2026, 4, 1), attendance="attended", recorded_by=cast.therapist
    )
    ServiceSession.objects.create(
        referral=mh4, held_on=D(2026, 4, 2), attendance="no_show", recorded_by=cast.therapist
    )
    return World(cases=c, other_cac=other)
