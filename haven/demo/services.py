"""Demo services, through the real services: call `seed_services()` after seed_demo (and
after `seed_investigations()`, if you want the tracking table's investigation lines full).

Deterministic: it takes the newest home-CAC case with a non-offending caregiver, assigns
the demo doctor and clinician (their agencies are outside the CAC), and records a medical
evaluation with its exam, mental-health treatment (TF-CBT) from referral to engagement
with sessions and three CATS scores falling over time, advocacy with court accompaniment
and a compensation application, and a declined referral with its reason.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import Assignment, Case, PartyRole
from haven.cases.services import case_assign
from haven.demo.seed import demo_email
from haven.directory.models import Agency, AgencyKind
from haven.services import services
from haven.services.models import Instrument, ServiceReferral


def _user(discipline: str) -> User:
    return User.objects.get(email=demo_email(discipline))


def seed_services(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    coordinator = _user("coordinator")
    doctor, clinician, advocate = _user("medical"), _user("mental_health"), _user("victim_advocate")
    case = (
        Case.objects.filter(
            cac_id=coordinator.agency_id,
            referral__parties__role=PartyRole.CAREGIVER,
            # Old enough for the two months of services below to follow the referral.
            received_on__lte=today - datetime.timedelta(days=70),
        )
        .exclude(pk__in=ServiceReferral.objects.values("case_id"))
        .select_related("child", "cac")
        .order_by("-received_on", "-id")
        .first()
    )
    if case is None:
        return {}

    def days(n):
        return max(case.received_on, today - datetime.timedelta(days=n))

    with transaction.atomic():
        for user, section in ((doctor, "medical"), (clinician, "mental_health")):
            if not Assignment.objects.filter(case=case, user=user).exists():
                case_assign(
                    actor=coordinator, case=case, section=section, user=user, starts_on=days(60)
                )
        hospital = Agency.objects.filter(pk=doctor.agency_id).first() or case.cac
        clinic = Agency.objects.filter(pk=clinician.agency_id).first() or (
            Agency.objects.filter(kind=AgencyKind.MENTAL_HEALTH).first() or case.cac
        )
        medical = services.referral_make(
            actor=coordinator,
            case=case,
            service_type="medical_evaluation",
            referred_on=days(55),
            provider=hospital,
            primary_contact=doctor.full_name,
        )
        services.referral_transition(
            actor=doctor,
            referral=medical,
            verb="schedule",
            on=days(55),
            appointment_at=timezone.now() - datetime.timedelta(days=50),
        )
        services.referral_transition(actor=doctor, referral=medical, verb="engage", on=days(50))
        services.session_log(
            actor=doctor,
            referral=medical,
            held_on=days(50),
            duration_minutes=60,
            provider_name=doctor.full_name,
        )
        services.medical_exam_record(
            actor=doctor,
            case=case,
            referral=medical,
            examined_on=days(50),
            examiner=doctor.full_name,
            acuity="non_acute",
            findings="Normal exam; no injuries seen.",
            tests_done="STI screening",
            follow_up_needed=True,
            follow_up="Results review in two weeks",
        )
        services.referral_transition(actor=doctor, referral=medical, verb="complete", on=days(36))
        therapy = services.referral_make(
            actor=coordinator,
            case=case,
            service_type="mh_treatment",
            modality="tf_cbt",
            referred_on=days(52),
            provider=clinic,
            primary_contact=clinician.full_name,
        )
        services.referral_transition(
            actor=clinician,
            referral=therapy,
            verb="schedule",
            on=days(50),
            appointment_at=timezone.now() - datetime.timedelta(days=45),
        )
        services.referral_transition(actor=clinician, referral=therapy, verb="engage", on=days(45))
        cats = Instrument.objects.get(code="CATS", cac=None)
        for n, score, shared in ((45, 38, False), (31, 29, True), (17, 22, False), (3, 15, False)):
            services.session_log(
                actor=clinician,
                referral=therapy,
                held_on=days(n),
                duration_minutes=50,
                provider_name=clinician.full_name,
                note="Psychoeducation and relaxation skills; caregiver "
                "joined for the last ten minutes."
                if shared
                else "Trauma narrative work.",
                note_shared=shared,
            )
            if n != 3:
                services.assessment_record(
                    actor=clinician,
                    case=case,
                    instrument=cats,
                    score=score,
                    assessed_on=days(n),
                    referral=therapy,
                )
        caregiver = case.referral.parties.filter(role=PartyRole.CAREGIVER).first().person
        services.referral_make(
            actor=advocate,
            case=case,
            service_type="advocacy",
            referred_on=days(54),
            primary_contact=advocate.full_name,
        )
        services.advocacy_record(
            actor=advocate,
            case=case,
            kind="caregiver_support",
            on=days(53),
            with_person=caregiver,
            note="Safety planning and court process explained.",
        )
        services.advocacy_record(actor=advocate, case=case, kind="court", on=days(20))
        services.compensation_record(
            actor=advocate,
            case=case,
            applied_on=days(40),
            status="approved",
            amount=1850,
            decided_on=days(12),
        )
        legal = services.referral_make(
            actor=advocate, case=case, service_type="legal", referred_on=days(30)
        )
        services.referral_transition(
            actor=advocate,
            referral=legal,
            verb="decline",
            on=days(28),
            reason="Family chose a private attorney",
        )
    return {"case": str(case.public_id), "number": case.number, "referral": str(therapy.public_id)}
